import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppProject, Application } from '../../imports/argoproj.io';
import { KubePriorityClass } from '../../imports/k8s';
import type { Tier } from '../model/types';
import { MANAGED_BY } from './labels';
import { priorityClassName } from './pod';
import { syncWave } from './sync';

/**
 * The destination namespace of the Application that holds only cluster-scoped objects. Argo CD checks every
 * Application's destination against its project even when nothing in it is namespaced, and an empty namespace
 * matches no allowed destination (argo-cd#11510): the app would never sync, and no PriorityClass would exist.
 * Nothing is created in it.
 */
export const CLUSTER_APP_NAMESPACE = 'berth-cluster';

/** Where Argo CD finds the committed `dist/`, and which namespace it runs in. */
export interface DeliverySettings {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (usually `argocd`); Applications and the AppProject live there. */
  readonly argocdNamespace: string;
  /** AppProject that confines the system Applications to berth's repository and namespaces. */
  readonly project: string;
}

export interface Deployment {
  readonly system: string;
  readonly environment: string;
  /** The system's own namespace, the Application's destination. */
  readonly namespace: string;
  /** Every namespace its objects live in (its own, and a `-host` companion when it has one). */
  readonly namespaces: readonly string[];
}

const labels = (name: string, component: string) => ({
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/managed-by': MANAGED_BY,
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'berth',
});

/**
 * Every Application syncs itself: changes merged to dist/ are applied, drift is reverted, and objects removed
 * from dist/ are pruned last (after their replacements are healthy). Claims opt out of pruning on their own.
 */
const automated = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ['PruneLast=true'],
  retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
};

/**
 * `dist/argocd/`: the root app-of-apps (the one object a human applies), and in `apps/` the AppProject and one
 * Application per system and environment, plus the cluster-wide objects every system relies on.
 */
export class DeliveryChart extends Chart {
  constructor(scope: Construct, id: string, settings: DeliverySettings, deployments: readonly Deployment[]) {
    super(scope, id, { disableResourceNameHashes: true });
    const ns = settings.argocdNamespace;
    const source = (path: string) => ({ repoUrl: settings.repoURL, targetRevision: settings.targetRevision, path });

    new Application(this, 'root', {
      metadata: { name: 'berth-root', namespace: ns, labels: labels('berth-root', 'app-of-apps') },
      spec: {
        project: 'default',
        source: source('dist/argocd/apps'),
        destination: { server: 'https://kubernetes.default.svc', namespace: ns },
        syncPolicy: automated,
      },
    });

    new AppProject(this, 'project', {
      metadata: { name: settings.project, namespace: ns, labels: labels(settings.project, 'project'), annotations: syncWave(-2) },
      spec: {
        description: 'Systems synthesized by berth',
        sourceRepos: [settings.repoURL],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: CLUSTER_APP_NAMESPACE },
          ...deployments.flatMap((d) => d.namespaces.map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace }))),
        ],
        // Systems create their own Namespace; PriorityClasses come from the cluster app.
        clusterResourceWhitelist: [
          { group: '', kind: 'Namespace' },
          { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
        ],
      },
    });

    new Application(this, 'cluster', {
      metadata: { name: 'berth-cluster', namespace: ns, labels: labels('berth-cluster', 'application'), annotations: syncWave(-1) },
      spec: {
        project: settings.project,
        source: source('dist/cluster'),
        destination: { server: 'https://kubernetes.default.svc', namespace: CLUSTER_APP_NAMESPACE },
        syncPolicy: automated,
      },
    });

    for (const d of deployments) {
      const name = `${d.system}-${d.environment}`;
      new Application(this, name, {
        metadata: {
          name,
          namespace: ns,
          labels: labels(name, 'application'),
          // Without the finalizer, deleting the Application would orphan its objects instead of removing them.
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: settings.project,
          source: source(`dist/${d.system}/${d.environment}`),
          destination: { server: 'https://kubernetes.default.svc', namespace: d.namespace },
          syncPolicy: automated,
        },
      });
    }
  }
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
        metadata: { name: priorityClassName(tier), labels: labels(priorityClassName(tier), 'priority-class') },
        value,
        globalDefault: false,
        preemptionPolicy: 'Never',
        description,
      });
    }
  }
}
