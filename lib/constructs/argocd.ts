import type { DeliveryMode } from '../model/destinations';
import type { ClusterDestination } from '../model/types';
import { MANAGED_BY } from './labels';

export type { DeliveryMode } from '../model/destinations';

/** What the Argo CD objects of dist/argocd share: their labels, sources, destinations and sync policies. */

/** Where Argo CD finds the committed `dist/`, and which namespace it runs in. */
export interface DeliverySettings {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (usually `argocd`); Applications and the AppProject live there. */
  readonly argocdNamespace: string;
  /** AppProject that confines the system Applications to berth's repository, clusters, namespaces and kinds. */
  readonly project: string;
  /**
   * `applications`: one Application per system and environment, each a file to review. `applicationset`: one
   * ApplicationSet whose git directory generator finds `dist/<system>/<environment>`, for many systems.
   * `berth synth --delivery` overrides it for one run. @default 'applications'
   */
  readonly mode?: DeliveryMode;
}

/** Where one system in one environment lands: an Argo CD Application's target. */
export interface ApplicationTarget {
  readonly system: string;
  readonly environment: string;
  /** The system's own namespace, the Application's destination. */
  readonly namespace: string;
  /** Every namespace its objects live in (its own, and a `-host` companion when it has one). */
  readonly namespaces: readonly string[];
  /** The cluster Argo CD deploys it to. */
  readonly destination: ClusterDestination;
  /**
   * Why Argo CD must not sync it by itself (an image that is no real release yet, or in production one not
   * pinned by digest), for the Application's annotation; absent when its release is complete and it syncs
   * automatically.
   */
  readonly manualBecause?: string;
}

/** A kind of object berth writes into the systems' clusters, for the AppProject's whitelists. */
export interface EmittedKind {
  readonly group: string;
  readonly kind: string;
  /** Namespaced kinds go to `namespaceResourceWhitelist`, the others to `clusterResourceWhitelist`. */
  readonly namespaced: boolean;
  /**
   * The names of the objects of a cluster-scoped kind berth writes, sorted: the project allows exactly these, so
   * no Application can adopt (and on deletion remove) `kube-system` or another team's namespace. Empty for
   * namespaced kinds, which the project's destinations confine.
   */
  readonly names: readonly string[];
}

export function argocdLabels(name: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'berth',
  };
}

/** Why an Application is synced by hand: `berth.dev/manual-sync-because`. */
export const MANUAL_SYNC_BECAUSE = 'berth.dev/manual-sync-because';

/**
 * The finalizer that makes deleting an Application delete every object it deployed. berth's system Applications
 * carry none: their parent (the root app, or the ApplicationSet) deletes them when they are renamed, moved to the
 * other delivery mode or removed, and with it each would take its workloads along; without it they stay running
 * until their namespace is deleted by hand (https://argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/).
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * On what the root app syncs: kept when the root is deleted (`argocd app delete berth-root` cascades unless told
 * otherwise), so the project, the cluster apps and the systems stay as they run. Pruning is not affected: an
 * object removed from dist/argocd/apps is still removed. Argo CD's controller skips every object marked
 * `Delete=false` when it finalizes an Application (controller/appcontroller.go, shouldBeDeleted;
 * https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#no-resource-deletion).
 */
export const KEEP_ON_PARENT_DELETION = { 'argocd.argoproj.io/sync-options': 'Delete=false' };

/**
 * An Application that syncs itself applies what is merged to dist/, reverts drift, and prunes objects removed
 * from dist/ last (after their replacements are healthy); claims opt out of pruning on their own. One that is
 * synced by hand keeps the same options and retries for the sync someone starts (`spec.syncPolicy.automated`
 * absent: Argo CD only reports it OutOfSync). `options` come after PruneLast.
 */
export function syncPolicy(automated: boolean, options: readonly string[] = []) {
  return {
    ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
    syncOptions: ['PruneLast=true', ...options],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  };
}

export function source(settings: DeliverySettings, path: string) {
  return { repoUrl: settings.repoURL, targetRevision: settings.targetRevision, path };
}

/** An Argo CD destination: a cluster, by name or server, and a namespace. */
export function destination(cluster: ClusterDestination, namespace: string) {
  return { ...cluster, namespace };
}
