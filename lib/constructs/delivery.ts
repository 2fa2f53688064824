import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { KubePriorityClass } from '../../imports/k8s';
import { RETAIN } from './sync';
import { DEFAULT_DESTINATION, clusterId, destinationClusters } from '../model/destinations';
import type { Tier } from '../model/types';
import { ARGOCD, OUTPUT, clusterAppName, instanceName, priorityClassName, systemDir } from '../model/names';
import { berthProject, rootProject } from './app-project';
import {
  type ApplicationTarget,
  type DeliverySettings,
  type EmittedKind,
  KEEP_ON_PARENT_DELETION,
  MANUAL_SYNC_BECAUSE,
  argocdLabels,
  destination,
  source,
  syncPolicy,
} from './argocd';
import { syncWave } from './sync';

export type { ApplicationTarget, DeliveryMode, DeliverySettings, EmittedKind } from './argocd';

/**
 * `dist/argocd/`: the root app-of-apps and its own project (what a human applies), and in `apps/` the AppProject,
 * the cluster-wide Application of each destination cluster, and the systems: one Application per system and
 * environment, or one ApplicationSet (`mode`). The root syncs them in waves: the project, then the cluster
 * apps, then the systems, so a cluster has its PriorityClasses before any pod asks for one. Everything it syncs
 * is kept when the root is deleted (Delete=false), and no Application deletes its workloads when it goes.
 */
export class DeliveryChart extends Chart {
  constructor(scope: Construct, id: string, settings: DeliverySettings, targets: readonly ApplicationTarget[], kinds: readonly EmittedKind[]) {
    super(scope, id, { disableResourceNameHashes: true });
    const ns = settings.argocdNamespace;
    rootProject(this, settings);
    new Application(this, 'root', {
      metadata: { name: ARGOCD.root, namespace: ns, labels: argocdLabels(ARGOCD.root, 'app-of-apps') },
      spec: {
        project: ARGOCD.rootProject,
        source: source(settings, `${OUTPUT.repoRoot}/${OUTPUT.argocdApps}`),
        destination: destination(DEFAULT_DESTINATION, ns),
        // Pruning the ApplicationSet (a switch back to Applications) orphans the Applications it generated instead
        // of letting Kubernetes' garbage collector delete them through their owner references; the root then
        // adopts them under the same names (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/).
        syncPolicy: syncPolicy(true, ['PrunePropagationPolicy=orphan']),
      },
    });
    const clusters = destinationClusters(targets.map((t) => t.destination));
    berthProject(this, settings, targets, clusters, kinds);
    for (const cluster of clusters) {
      const name = clusterAppName(clusterId(cluster));
      new Application(this, name, {
        metadata: { name, namespace: ns, labels: argocdLabels(name, 'application'), annotations: { ...syncWave(-1), ...KEEP_ON_PARENT_DELETION } },
        spec: {
          project: settings.project,
          source: source(settings, `${OUTPUT.repoRoot}/${OUTPUT.cluster}`),
          // Argo CD checks the namespace even for cluster-scoped objects; an empty one matches no destination.
          destination: destination(cluster, ARGOCD.clusterAppNamespace),
          syncPolicy: syncPolicy(true),
        },
      });
    }
    if ((settings.mode ?? 'applications') === 'applicationset') {
      // Loaded only here: its generated classes take ~40 ms to load, which every other synth would pay.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./application-set') as typeof import('./application-set')).systemsApplicationSet(this, settings, targets);
    } else for (const target of targets) application(this, settings, target);
  }
}

/**
 * One system in one environment: its dist directory, synced into its namespace on its cluster. No
 * resources-finalizer (see RESOURCES_FINALIZER): when the root prunes it, its objects stay, and whoever creates an
 * Application of the same name (the ApplicationSet after a mode switch) adopts them, as Argo CD tracks objects by
 * the Application's name (`argocd.argoproj.io/tracking-id`).
 */
function application(scope: Construct, settings: DeliverySettings, target: ApplicationTarget): void {
  const name = instanceName(target.system, target.environment);
  new Application(scope, name, {
    metadata: {
      name,
      namespace: settings.argocdNamespace,
      labels: argocdLabels(name, 'application'),
      annotations: { ...KEEP_ON_PARENT_DELETION, ...(target.manualBecause !== undefined ? { [MANUAL_SYNC_BECAUSE]: target.manualBecause } : {}) },
    },
    spec: {
      project: settings.project,
      source: source(settings, `${OUTPUT.repoRoot}/${systemDir(target.system, target.environment)}`),
      destination: destination(target.destination, target.namespace),
      syncPolicy: syncPolicy(target.manualBecause === undefined),
    },
  });
}

/**
 * `dist/cluster/`: one PriorityClass per failure-impact tier, shared by every system. They order the scheduling
 * queue and the kubelet's evictions under node pressure, but never preempt: the cluster's own ingress
 * controller, cert-manager and Argo CD usually run at priority 0, and a berth rollout must not evict them.
 */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const tiers: Record<Tier, { value: number; description: string }> = {
      critical: { value: 100000, description: 'Failure is an outage: evicted last, scheduled first' },
      important: { value: 10000, description: 'Failure degrades the system' },
      'non-critical': { value: 1000, description: 'Monitoring and tooling: evicted first under pressure' },
    };
    for (const [tier, { value, description }] of Object.entries(tiers)) {
      new KubePriorityClass(this, tier, {
        // Kept when their app is deleted or a tier renamed: without its class, every new pod that names it is refused.
        metadata: { name: priorityClassName(tier), labels: argocdLabels(priorityClassName(tier), 'priority-class'), annotations: { ...RETAIN } },
        value,
        globalDefault: false,
        preemptionPolicy: 'Never',
        description,
      });
    }
  }
}
