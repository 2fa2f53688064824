import type { Construct } from 'constructs';
import { AppProject } from '../../imports/argoproj.io';
import { ARGOCD } from '../model/names';
import type { ClusterDestination } from '../model/types';
import { type ApplicationTarget, type DeliverySettings, type EmittedKind, argocdLabels, destination } from './argocd';
import { syncWave } from './sync';

/**
 * The AppProject of every berth Application, least privilege: berth's repository only; on each destination
 * cluster exactly the namespaces berth creates there (and the cluster app's); and only the kinds berth writes,
 * cluster-scoped (Namespace, PriorityClass) and namespaced alike. An Application, or an object in one, that
 * steps outside is refused by Argo CD before anything is applied.
 */
export function berthProject(
  scope: Construct,
  settings: DeliverySettings,
  targets: readonly ApplicationTarget[],
  clusters: readonly ClusterDestination[],
  kinds: readonly EmittedKind[],
): AppProject {
  const whitelist = (namespaced: boolean) => kinds.filter((k) => k.namespaced === namespaced).map(({ group, kind }) => ({ group, kind }));
  return new AppProject(scope, 'project', {
    metadata: { name: settings.project, namespace: settings.argocdNamespace, labels: argocdLabels(settings.project, 'project'), annotations: syncWave(-2) },
    spec: {
      description: 'Systems synthesized by berth',
      sourceRepos: [settings.repoURL],
      destinations: [
        ...clusters.map((cluster) => destination(cluster, ARGOCD.clusterAppNamespace)),
        ...targets.flatMap((t) => t.namespaces.map((namespace) => destination(t.destination, namespace))),
      ],
      clusterResourceWhitelist: whitelist(false),
      namespaceResourceWhitelist: whitelist(true),
    },
  });
}
