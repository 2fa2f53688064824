import type { Construct } from 'constructs';
import { ApplicationSet } from '../../imports/applicationset-argoproj.io';
import { clusterName } from '../model/destinations';
import { ARGOCD, OUTPUT } from '../model/names';
import { type ApplicationTarget, type DeliverySettings, KEEP_ON_PARENT_DELETION, MANUAL_SYNC_BECAUSE, argocdLabels, source, syncPolicy } from './argocd';

/** `{{index .path.segments n}}`: one directory of `dist/<system>/<environment>`, in Go template syntax. */
const segment = (n: number) => `{{index .path.segments ${n}}}`;
/** `<system>-<environment>`: the Application's name and, as berth names it by default, its namespace. */
const INSTANCE = `${segment(1)}-${segment(2)}`;

/**
 * `berth synth --delivery applicationset`: one ApplicationSet instead of an Application per system and
 * environment. Its git directory generators find every `dist/<system>/<environment>` in the repository, so a
 * new system needs no Argo CD object of its own; each environment's cluster comes from the generator's
 * `values` (environment → Argo CD cluster name). Only the directories listed by name, those whose release is
 * complete, sync automatically; every other directory under dist/ (a release not complete yet, or one committed
 * without a synth) is generated without automated sync, exactly as the Application mode writes them. Exclude
 * rules win over include rules, whatever their order
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/#exclude-directories).
 */
export function systemsApplicationSet(scope: Construct, settings: DeliverySettings, targets: readonly ApplicationTarget[]): ApplicationSet {
  const root = OUTPUT.repoRoot;
  const complete = targets.filter((t) => t.manualBecause === undefined).map((t) => `${root}/${t.system}/${t.environment}`);
  const values = Object.fromEntries([...new Map(targets.map((t) => [t.environment, clusterName(t.destination)])).entries()].sort(([a], [b]) => a.localeCompare(b)));
  const git = (directories: { path: string; exclude?: boolean }[]) => ({ repoUrl: settings.repoURL, revision: settings.targetRevision, directories, values });
  // A generator's template overrides the ApplicationSet's field by field; project and destination are required.
  const automated = { metadata: {}, spec: { project: settings.project, destination: {}, syncPolicy: syncPolicy(true) } };
  const pending = {
    metadata: { annotations: { [MANUAL_SYNC_BECAUSE]: `its release is not complete: berth release --check ${segment(1)} ${segment(2)} lists what is missing` } },
    spec: { project: settings.project, destination: {} },
  };
  const everythingElse = [{ path: `${root}/*/*` }, { path: `${root}/${OUTPUT.argocd}/*`, exclude: true }, ...complete.map((path) => ({ path, exclude: true }))];
  return new ApplicationSet(scope, 'application-set', {
    metadata: {
      name: ARGOCD.applicationSet,
      namespace: settings.argocdNamespace,
      labels: argocdLabels(ARGOCD.applicationSet, 'application-set'),
      annotations: { ...KEEP_ON_PARENT_DELETION },
    },
    spec: {
      goTemplate: true,
      // A typo in a parameter fails the generation instead of rendering "<no value>".
      goTemplateOptions: ['missingkey=error'],
      // No resources-finalizer on the generated Applications (the controller adds one to a template that lists
      // none, unless this is set: applicationset/utils/utils.go, RenderTemplateParams). An Application the
      // controller deletes (a directory renamed or removed) or Kubernetes garbage-collects (the ApplicationSet
      // pruned on a switch back to Applications) leaves its workloads running instead of deleting them.
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [
        ...(complete.length > 0 ? [{ git: { ...git(complete.map((path) => ({ path }))), template: automated } }] : []),
        { git: { ...git(everythingElse), template: pending } },
      ],
      template: {
        metadata: { name: INSTANCE, labels: argocdLabels(INSTANCE, 'application'), annotations: { ...KEEP_ON_PARENT_DELETION } },
        spec: {
          project: settings.project,
          source: source(settings, '{{.path.path}}'),
          destination: { name: '{{index .values (index .path.segments 2)}}', namespace: INSTANCE },
          syncPolicy: syncPolicy(false),
        },
      },
    },
  });
}
