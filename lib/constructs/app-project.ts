import type { Construct } from 'constructs';
import { AppProject } from '../../imports/argoproj.io';
import { DEFAULT_DESTINATION } from '../model/destinations';
import { ARGOCD } from '../model/names';
import type { ClusterDestination } from '../model/types';
import { type ApplicationTarget, type DeliverySettings, type EmittedKind, KEEP_ON_PARENT_DELETION, argocdLabels, destination } from './argocd';
import { syncWave } from './sync';

/** Argo CD's own kinds: what the root app applies into Argo CD's namespace, and all it may apply. */
export const ROOT_KINDS: readonly { readonly group: string; readonly kind: string }[] = ['AppProject', 'Application', 'ApplicationSet'].map((kind) => ({
  group: 'argoproj.io',
  kind,
}));

/**
 * The AppProject of every berth Application, least privilege: berth's repository only; on each destination
 * cluster exactly the namespaces berth creates there (and the cluster app's); and only the kinds berth writes,
 * namespaced ones by kind, cluster-scoped ones (Namespace, PriorityClass) by kind and name (Argo CD 3.3 and
 * later, argo-cd#24674; `destinations` do not apply to cluster-scoped objects, so without names any Application
 * could adopt `kube-system`). An Application, or an object in one, that steps outside is refused by Argo CD
 * before anything is applied.
 */
export function berthProject(
  scope: Construct,
  settings: DeliverySettings,
  targets: readonly ApplicationTarget[],
  clusters: readonly ClusterDestination[],
  kinds: readonly EmittedKind[],
): AppProject {
  const namespaced = kinds.filter((k) => k.namespaced).map(({ group, kind }) => ({ group, kind }));
  const clusterScoped = kinds.filter((k) => !k.namespaced).flatMap(({ group, kind, names }) => names.map((name) => ({ group, kind, name })));
  return new AppProject(scope, 'project', {
    metadata: {
      name: settings.project,
      namespace: settings.argocdNamespace,
      labels: argocdLabels(settings.project, 'project'),
      annotations: { ...syncWave(-2), ...KEEP_ON_PARENT_DELETION },
    },
    spec: {
      description: 'Systems synthesized by berth',
      sourceRepos: [settings.repoURL],
      destinations: [
        ...clusters.map((cluster) => destination(cluster, ARGOCD.clusterAppNamespace)),
        ...targets.flatMap((t) => t.namespaces.map((namespace) => destination(t.destination, namespace))),
      ],
      clusterResourceWhitelist: clusterScoped,
      namespaceResourceWhitelist: namespaced,
    },
  });
}

/**
 * The root app's project: Argo CD's own kinds, in Argo CD's namespace on its own cluster, from berth's
 * repository; no cluster-scoped kind at all (an absent clusterResourceWhitelist allows none). It is applied by
 * hand with the root, before it, and is not among what the root syncs. Argo CD warns that a project reaching its
 * own namespace is admin-level (operator-manual/cluster-bootstrapping.md, "App of Apps is an admin-only tool"):
 * this one serves the root alone, so `default` can be locked down as the projects guide recommends.
 */
export function rootProject(scope: Construct, settings: DeliverySettings): AppProject {
  return new AppProject(scope, 'root-project', {
    metadata: { name: ARGOCD.rootProject, namespace: settings.argocdNamespace, labels: argocdLabels(ARGOCD.root, 'project') },
    spec: {
      description: "berth's app-of-apps: the Argo CD objects of dist/argocd/apps, nothing else",
      sourceRepos: [settings.repoURL],
      destinations: [destination(DEFAULT_DESTINATION, settings.argocdNamespace)],
      namespaceResourceWhitelist: ROOT_KINDS.map((k) => ({ ...k })),
    },
  });
}
