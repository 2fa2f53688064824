import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppProject, Application } from '../../imports/argoproj.io';
import { KubePriorityClass } from '../../imports/k8s';
import type { Tier } from '../model/types';
import { MANAGED_BY } from './labels';
import { ARGOCD, OUTPUT, instanceName, priorityClassName, systemDir } from '../model/names';
import { syncWave } from './sync';

/** The cluster Argo CD runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Where Argo CD finds the committed `dist/`, and which namespace it runs in. */
export interface DeliverySettings {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (usually `argocd`); Applications and the AppProject live there. */
  readonly argocdNamespace: string;
  /** AppProject that confines the system Applications to berth's repository and namespaces. */
  readonly project: string;
}

/** Where one system in one environment lands: an Argo CD Application's target. */
export interface ApplicationTarget {
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
  constructor(
    scope: Construct,
    id: string,
    private readonly settings: DeliverySettings,
    targets: readonly ApplicationTarget[],
  ) {
    super(scope, id, { disableResourceNameHashes: true });
    const ns = settings.argocdNamespace;
    new Application(this, 'root', {
      metadata: { name: ARGOCD.root, namespace: ns, labels: labels(ARGOCD.root, 'app-of-apps') },
      spec: { project: 'default', source: this.source(`${OUTPUT.repoRoot}/${OUTPUT.argocdApps}`), destination: { server: IN_CLUSTER, namespace: ns }, syncPolicy: automated },
    });
    new AppProject(this, 'project', {
      metadata: { name: settings.project, namespace: ns, labels: labels(settings.project, 'project'), annotations: syncWave(-2) },
      spec: {
        description: 'Systems synthesized by berth',
        sourceRepos: [settings.repoURL],
        destinations: [
          { server: IN_CLUSTER, namespace: ARGOCD.clusterAppNamespace },
          ...targets.flatMap((t) => t.namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace }))),
        ],
        // Systems create their own Namespace; PriorityClasses come from the cluster app.
        clusterResourceWhitelist: [
          { group: '', kind: 'Namespace' },
          { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
        ],
      },
    });
    new Application(this, 'cluster', {
      metadata: { name: ARGOCD.clusterApp, namespace: ns, labels: labels(ARGOCD.clusterApp, 'application'), annotations: syncWave(-1) },
      spec: {
        project: settings.project,
        source: this.source(`${OUTPUT.repoRoot}/${OUTPUT.cluster}`),
        // Argo CD checks the namespace even for cluster-scoped objects; an empty one matches no destination.
        destination: { server: IN_CLUSTER, namespace: ARGOCD.clusterAppNamespace },
        syncPolicy: automated,
      },
    });
    for (const target of targets) this.application(target);
  }

  private source(path: string) {
    return { repoUrl: this.settings.repoURL, targetRevision: this.settings.targetRevision, path };
  }

  /** One system in one environment: its dist directory, synced into its namespace. */
  private application(target: ApplicationTarget): void {
    const name = instanceName(target.system, target.environment);
    new Application(this, name, {
      metadata: {
        name,
        namespace: this.settings.argocdNamespace,
        labels: labels(name, 'application'),
        // Without the finalizer, deleting the Application would orphan its objects instead of removing them.
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: this.settings.project,
        source: this.source(`${OUTPUT.repoRoot}/${systemDir(target.system, target.environment)}`),
        destination: { server: IN_CLUSTER, namespace: target.namespace },
        syncPolicy: automated,
      },
    });
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
