import type { Construct } from 'constructs';
import { ApplicationSet } from '../../imports/applicationset-argoproj.io';
import { clusterName } from '../model/destinations';
import { ARGOCD, OUTPUT } from '../model/names';
import { type ApplicationTarget, type DeliverySettings, MANUAL_SYNC_BECAUSE, argocdLabels, source, syncPolicy } from './argocd';

/** `{{index .path.segments n}}`: one directory of `dist/<system>/<environment>`, in Go template syntax. */
const segment = (n: number) => `{{index .path.segments ${n}}}`;
/** `<system>-<environment>`: the Application's name and, as berth names it by default, its namespace. */
const INSTANCE = `${segment(1)}-${segment(2)}`;

/**
 * `berth synth --delivery applicationset`: one ApplicationSet instead of an Application per system and
 * environment. Its git directory generator finds every `dist/<system>/<environment>` in the repository, so a
 * new system needs no Argo CD object of its own; each environment's cluster comes from the generator's
 * `values` (environment → Argo CD cluster name). Environments whose release is incomplete are listed in a second
 * generator without automated sync, exactly as the Application mode writes them.
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/)
 */
export function systemsApplicationSet(scope: Construct, settings: DeliverySettings, targets: readonly ApplicationTarget[]): ApplicationSet {
  const root = OUTPUT.repoRoot;
  const manual = targets.filter((t) => t.manualBecause !== undefined).map((t) => `${root}/${t.system}/${t.environment}`);
  const values = Object.fromEntries([...new Map(targets.map((t) => [t.environment, clusterName(t.destination)])).entries()].sort(([a], [b]) => a.localeCompare(b)));
  const git = (directories: { path: string; exclude?: boolean }[]) => ({ repoUrl: settings.repoURL, revision: settings.targetRevision, directories, values });
  // A generator's template overrides the ApplicationSet's field by field; project and destination are required.
  const automated = { metadata: {}, spec: { project: settings.project, destination: {}, syncPolicy: syncPolicy(true) } };
  const pending = {
    metadata: { annotations: { [MANUAL_SYNC_BECAUSE]: `its release is not complete: berth release --check ${segment(1)} ${segment(2)} lists what is missing` } },
    spec: { project: settings.project, destination: {} },
  };
  return new ApplicationSet(scope, 'application-set', {
    metadata: { name: ARGOCD.applicationSet, namespace: settings.argocdNamespace, labels: argocdLabels(ARGOCD.applicationSet, 'application-set') },
    spec: {
      goTemplate: true,
      // A typo in a parameter fails the generation instead of rendering "<no value>".
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          git: {
            ...git([{ path: `${root}/*/*` }, { path: `${root}/${OUTPUT.argocd}/*`, exclude: true }, ...manual.map((path) => ({ path, exclude: true }))]),
            template: automated,
          },
        },
        ...(manual.length > 0 ? [{ git: { ...git(manual.map((path) => ({ path }))), template: pending } }] : []),
      ],
      template: {
        // The finalizer, as on an Application of the applications mode: a system removed from dist/ is removed from
        // its cluster (claims and namespaces excepted). With it, `preserveResourcesOnDeletion` would change nothing.
        metadata: { name: INSTANCE, labels: argocdLabels(INSTANCE, 'application'), finalizers: ['resources-finalizer.argocd.argoproj.io'] },
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
