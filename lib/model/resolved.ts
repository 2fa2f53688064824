import type {
  Autoscaling,
  BackupPriority,
  ClusterDestination,
  DependencyCondition,
  Environment,
  Exemption,
  HealthCheckTest,
  OneShotRuns,
  SecretKey,
  StoreRole,
  Tier,
} from './types';

/**
 * One system in one environment with every default settled, every name a Kubernetes name and every list
 * sorted: what the constructs render, one to one.
 */
export interface ResolvedNamespace {
  readonly name: string;
  /** Pod Security Standard level enforced. */
  readonly enforce: 'restricted' | 'privileged';
  /** Why a namespace is not restricted: the host-access exemptions of the services in it. */
  readonly reasons: readonly string[];
  /** It holds claims: deleting it would delete them, so Argo CD must never prune or delete it. */
  readonly holdsClaims: boolean;
}

export interface ResolvedSettings {
  readonly secretStore: Environment['secretStore'];
  readonly clusterIssuer: string;
  readonly acmeChallenge: 'http01' | 'dns01';
  readonly ingressClassName: string;
  readonly ingressController: Environment['ingressController'];
  readonly clusterNetworks: readonly string[];
  readonly production: boolean;
}

export interface ResolvedSystem {
  readonly id: string;
  readonly environment: string;
  /** The system's own namespace (restricted). */
  readonly namespace: string;
  /** Every namespace the system uses: its own, and `<namespace>-host` when a service needs host access. */
  readonly namespaces: readonly ResolvedNamespace[];
  readonly description: string;
  readonly services: readonly ResolvedService[];
  readonly volumes: readonly ResolvedVolume[];
  readonly secrets: readonly ResolvedSecret[];
  readonly routes: readonly ResolvedRoute[];
  /**
   * The routes' paths grouped by their ingress settings (ingress-nginx applies them per Ingress), each group
   * with its wave: right after the backends it routes to that are not non-critical.
   */
  readonly ingresses: readonly ResolvedIngress[];
  readonly externals: readonly ResolvedExternal[];
  /** Things in the documents berth does not deploy, with the reason. */
  readonly replaced: Readonly<Record<string, string>>;
  /** Documented facts the chart departs from, and why. */
  readonly contradictions: Readonly<Record<string, string>>;
  readonly sources: readonly string[];
  readonly settings: ResolvedSettings;
  /** The Argo CD cluster this environment is deployed to. */
  readonly destination: ClusterDestination;
  /** Each image the team builds that runs here, as released, sorted by name. */
  readonly release: readonly ResolvedReleasedImage[];
  /** What was dropped on the way (bind mounts, services switched off) — printed by the CLI. */
  readonly warnings: readonly string[];
}

/** One image the team builds, as released to one environment. */
export interface ResolvedReleasedImage {
  /** The repository's last segment: the release's key. */
  readonly name: string;
  /** `repository:tag[@digest]`: what its pods run. */
  readonly reference: string;
  /** Kubernetes names of the services that run it here. */
  readonly services: readonly string[];
  /**
   * Why Argo CD must not sync it by itself: not a real release yet (placeholder registry, tag not documented), or
   * in a production environment a tag without its digest. Empty when it may.
   */
  readonly pending: readonly string[];
}

/**
 * A release is complete when every image the team builds is a real one, pinned by digest in production: only
 * then does Argo CD sync it by itself.
 */
export function releaseComplete(system: Pick<ResolvedSystem, 'release'>): boolean {
  return system.release.every((image) => image.pending.length === 0);
}

export type ResolvedEnvValue = { readonly kind: 'plain'; readonly value: string } | { readonly kind: 'secret'; readonly secret: string; readonly key: string };

export interface ResolvedEnvVar {
  readonly name: string;
  readonly value: ResolvedEnvValue;
}

export interface ResolvedHealthCheck {
  readonly test: HealthCheckTest;
  readonly source?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
  readonly liveness: boolean;
}

/** How a dependent waits for this service. */
export type ReadinessCheck =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'client'; readonly image: string; readonly command: readonly string[]; readonly env: readonly ResolvedEnvVar[] };

export interface ResolvedDependency {
  /** Kubernetes name of the dependency. */
  readonly service: string;
  /** Its compose name, for problems phrased in chart terms. */
  readonly composeName: string;
  readonly condition: DependencyCondition;
  /** What the init container runs; absent for service_completed_successfully (a sync wave orders that). */
  readonly check?: ReadinessCheck;
}

export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly published?: number;
  /** Kubernetes names of the services allowed to reach it; absent: every client. */
  readonly reachableFrom?: readonly string[];
}

/** Retries and deadline of a Job, settled. */
export interface ResolvedJobLimits {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
}

export interface ResolvedOneShot extends ResolvedJobLimits {
  readonly runs: OneShotRuns;
  readonly sampleData: boolean;
}

export interface ResolvedHostAlias {
  readonly ip: string;
  readonly hostnames: readonly string[];
}

export interface ResolvedScratch {
  readonly path: string;
  /** emptyDir `sizeLimit`; absent: no limit (on disk only: validation gives every in-memory path a size). */
  readonly sizeMi?: number;
  readonly inMemory: boolean;
}

export interface ResolvedSecretFile {
  /** The Secret's name. */
  readonly secret: string;
  readonly key: string;
  readonly path: string;
}

/** What one container of a pod runs and mounts: the service's own container and each sidecar have it. */
export interface ResolvedContainer {
  readonly description: string;
  readonly image: string;
  /** compose `entrypoint`: the container's `command`. */
  readonly entrypoint?: readonly string[];
  /** compose `command`: the container's `args`. */
  readonly args?: readonly string[];
  /** compose `working_dir`: the container's working directory. */
  readonly workingDir?: string;
  readonly ports: readonly ResolvedPort[];
  readonly env: readonly ResolvedEnvVar[];
  /** Env-file Secrets loaded whole (`envFrom`), by name. */
  readonly envFiles: readonly string[];
  readonly healthCheck?: ResolvedHealthCheck;
  readonly mounts: readonly { readonly volume: string; readonly path: string; readonly readOnly: boolean }[];
  /** Configuration files, sorted by path; `key` is the ConfigMap key (the file name; `<sidecar>.<file name>` for a sidecar). */
  readonly configFiles: readonly { readonly path: string; readonly key: string; readonly content: string }[];
  /** emptyDirs for compose `tmpfs`, `shm_size` and anonymous volumes, sorted by path. */
  readonly scratch: readonly ResolvedScratch[];
  /** Keys of Secrets mounted as files (compose `secrets`), sorted by path. */
  readonly secretFiles: readonly ResolvedSecretFile[];
  readonly resources: { readonly cpu: number; readonly memoryMi: number; readonly cpuLimit?: number; readonly memoryLimitMi: number };
  /** `writableCopies`: image directories copied into an emptyDir before the process starts (the service's container only). */
  readonly runAs: { readonly uid: number; readonly gid: number; readonly writablePaths: readonly string[]; readonly writableCopies: readonly string[] };
}

/**
 * One more container of a service's pod (compose `network_mode: service:x`). It runs as its own UID and GID in
 * the pod's fsGroup; its plain env values are keys `<name>.<VAR>` of the service's ConfigMap.
 */
export interface ResolvedSidecar extends ResolvedContainer {
  /** The container name. */
  readonly name: string;
}

/** What every kind of resolved service has. */
export interface ResolvedServiceBase extends ResolvedContainer {
  readonly name: string;
  readonly namespace: string;
  readonly composeName: string;
  readonly component: string;
  /** Secrets of the private registries its containers (and gates) pull from, sorted. */
  readonly imagePullSecrets: readonly string[];
  readonly dependsOn: readonly ResolvedDependency[];
  /** Seconds each gate waits before giving up: within a Job, all gates together stay inside its deadline. */
  readonly gateTimeoutSeconds: number;
  /** Kubernetes names of every service this one opens connections to (dependencies and talksTo). */
  readonly talksTo: readonly string[];
  readonly externals: readonly ResolvedExternal[];
  /** Read-only host directories, sorted by container path. */
  readonly hostPaths: readonly { readonly hostPath: string; readonly path: string }[];
  /** The pod's UID, GID and fsGroup: its security context. */
  readonly runAs: {
    readonly uid: number;
    readonly gid: number;
    readonly fsGroup: number;
    readonly writablePaths: readonly string[];
    readonly writableCopies: readonly string[];
  };
  readonly tier: Tier;
  readonly longestTaskSeconds?: number;
  readonly terminationGracePeriodSeconds: number;
  readonly roles: readonly StoreRole[];
  readonly exemptions: readonly Exemption[];
  readonly scrapedBy?: { readonly service: string; readonly port: string };
  /** compose `restart`, kept for the record. */
  readonly restart?: string;
  /** compose `hostname`: the pod's host name. */
  readonly hostname?: string;
  /** compose `extra_hosts`: one /etc/hosts entry per address, in address order, its names in the order given. */
  readonly hostAliases: readonly ResolvedHostAlias[];
  /** compose `init`: the pod shares one process namespace, whose PID 1 (the pause container) reaps zombies. */
  readonly shareProcessNamespace: boolean;
  /** compose `sysctls`, sorted by name. */
  readonly sysctls: readonly { readonly name: string; readonly value: string }[];
  /** Further Service names of the service (compose network aliases), sorted. */
  readonly aliases: readonly string[];
  /** compose `labels`: annotations of the workload and its pods. */
  readonly annotations: Readonly<Record<string, string>>;
  /** More containers of the pod, by name. */
  readonly sidecars: readonly ResolvedSidecar[];
  /**
   * Argo CD sync wave. The public entry path (routed backends that are not non-critical, and what they depend
   * on) comes first in dependency order, then the Ingress, then the other services, non-critical ones last:
   * Argo CD never applies a wave after an unhealthy one, so nothing off the entry path may hold it back.
   */
  readonly wave: number;
}

export interface ResolvedLongRunning extends ResolvedServiceBase {
  readonly kind: 'long-running';
  readonly replicas: number;
  readonly singleton: boolean;
  /** Deployment rollout: Recreate when two copies must never overlap (singleton, or a ReadWriteOnce claim). */
  readonly recreate: boolean;
  /** More than one copy (fixed or autoscaled): it gets a budget and a spread. */
  readonly replicated: boolean;
  readonly autoscaling?: Autoscaling;
}

export interface ResolvedOneShotService extends ResolvedServiceBase {
  readonly kind: 'one-shot';
  readonly oneShot: ResolvedOneShot;
}

export interface ResolvedPerNode extends ResolvedServiceBase {
  readonly kind: 'per-node';
}

export interface ResolvedScheduled extends ResolvedServiceBase {
  readonly kind: 'scheduled';
  readonly schedule: string;
  readonly job: ResolvedJobLimits;
}

export type ResolvedService = ResolvedLongRunning | ResolvedOneShotService | ResolvedPerNode | ResolvedScheduled;

export interface ResolvedVolume {
  readonly name: string;
  readonly composeName: string;
  readonly description: string;
  readonly sizeGi: number;
  readonly backup: BackupPriority;
  readonly accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
  readonly storageClass?: string;
  /** Why Argo CD may delete it; absent: the claim is protected. */
  readonly unprotectedBecause?: string;
  readonly embeddedStore?: string;
  /** Kubernetes names of the workloads that mount it. */
  readonly consumers: readonly string[];
  /** A claim shares its first consumer's wave: an earlier WaitForFirstConsumer claim would deadlock the sync. */
  readonly wave: number;
}

interface ResolvedSecretBase {
  readonly name: string;
  readonly description: string;
  /** Kubernetes names of the services that read it, in their containers or their gates. */
  readonly consumers: readonly string[];
}

export type ResolvedSecret =
  | (ResolvedSecretBase & { readonly kind: 'keys'; readonly keys: Readonly<Record<string, SecretKey>> })
  | (ResolvedSecretBase & { readonly kind: 'env-file'; readonly remoteKey: string })
  /** Pull credentials of one registry: a Docker config JSON, in a Secret of type kubernetes.io/dockerconfigjson. */
  | (ResolvedSecretBase & {
      readonly kind: 'registry';
      readonly registry: string;
      readonly remoteKey: string;
      /** Where its consumers run: a pod names a pull Secret of its own namespace, so each gets one. */
      readonly namespaces: readonly string[];
    });

export interface ResolvedRoutePath {
  readonly path: string;
  readonly pathType: 'Prefix' | 'Exact';
  readonly service: string;
  readonly port: number;
  readonly readTimeoutSeconds: number;
  readonly sendTimeoutSeconds: number;
  readonly maxBodyMi: number;
}

export interface ResolvedRoute {
  readonly host: string;
  readonly paths: readonly ResolvedRoutePath[];
}

export interface ResolvedIngress {
  /** Argo CD wave: one past the latest of its backends that are not non-critical (0 if none). */
  readonly wave: number;
  /** Paths with their hosts, in route order; every path shares the same settings. */
  readonly paths: readonly (ResolvedRoutePath & { readonly host: string })[];
}

export interface ResolvedExternal {
  readonly name: string;
  readonly description: string;
  /** Its host; absent where any host on the internet is meant. */
  readonly host?: string;
  readonly port: number;
  /** The range egress is allowed to: the endpoint's private range, or the internet. */
  readonly cidr?: string;
}
