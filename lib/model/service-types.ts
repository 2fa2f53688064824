import type { Sidecar } from './sidecar-types';

/**
 * A service of the system description, in compose's own terms (service names with underscores, seconds,
 * "healthy"/"started"): how it runs, what it checks, what it needs. See `types.ts` for the system around it.
 */

/** A compose `depends_on` condition. */
export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/**
 * A compose `depends_on` entry: the short form is just the condition. `required: false` (compose 2.20+) makes
 * the dependency optional: where it is not deployed (a dev-only step), the dependent does not wait for it.
 */
export type Dependency = DependencyCondition | { readonly condition: DependencyCondition; readonly required?: boolean };

/** Backup priority from the documents' volume tables. CRITICAL and HIGH claims are never pruned by Argo CD. */
export type BackupPriority = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** How the service runs. */
export type WorkloadKind =
  /** A server or worker that keeps running: a Deployment. */
  | 'long-running'
  /** Runs to completion once per release (compose services that exit, like `minio-init`): a Job. */
  | 'one-shot'
  /** One copy on every node (a node exporter): a DaemonSet. */
  | 'per-node'
  /** Runs on a schedule: a CronJob. */
  | 'scheduled';

/** The failure-impact tiers of a dependency matrix; each becomes a PriorityClass. */
export type Tier = 'critical' | 'important' | 'non-critical';

/**
 * What a compose health check runs. A probe is a choice, so the model says which one.
 * `exec` is compose's `CMD` form; `shell` is `CMD-SHELL` (run as `sh -c script`).
 */
export type HealthCheckTest =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'shell'; readonly script: string }
  | {
      readonly kind: 'http';
      readonly path: string;
      readonly port: number;
      /**
       * Host header to send. The kubelet sends the pod IP, which frameworks with a host allow-list
       * (Django's ALLOWED_HOSTS) answer with 400.
       * @default the pod IP (no header)
       */
      readonly hostHeader?: string;
    }
  | { readonly kind: 'tcp'; readonly port: number };

/**
 * How a dependent checks from outside the container that this service is healthy, for `service_healthy`
 * gates. `{{berth.host}}` and `{{berth.port}}` in the command are replaced with the service's DNS name and first port.
 * Needed only when the health check is `exec`/`shell` (it runs inside the container); http and tcp checks
 * are repeated from outside as they are.
 */
export interface RemoteCheck {
  /** A small image with the client (for example `redis:7.2.4-alpine` for `redis-cli`). */
  readonly image: string;
  readonly command: readonly string[];
  /** Environment the client needs, for example a password by reference. @default none */
  readonly env?: Readonly<Record<string, EnvValue>>;
}

export interface HealthCheck {
  readonly test: HealthCheckTest;
  /**
   * Where the check comes from: the compose file, a document's table, or the image's own documentation.
   * Required for HTTP checks: a probe on a path nobody documented can keep a pod unready forever, so where
   * nothing is documented, probe the port instead.
   * @default none
   */
  readonly source?: string;
  /** Seconds between checks, as compose `interval`. @default 30 */
  readonly intervalSeconds?: number;
  /** Seconds before a check counts as failed, as compose `timeout`. @default 30 */
  readonly timeoutSeconds?: number;
  /** Consecutive failures before unhealthy, as compose `retries`. @default 3 */
  readonly retries?: number;
  /** Seconds during which failures do not count, as compose `start_period`. @default 0 */
  readonly startPeriodSeconds?: number;
  /** Also restart the container when the check fails (a livenessProbe). @default false */
  readonly liveness?: boolean;
  /** How dependents check this service from outside. @default derived for http/tcp checks */
  readonly remote?: RemoteCheck;
}

export interface Port {
  /** IANA-style port name used by Services and probes (`http`, `redis`, `s3`). */
  readonly name: string;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  /**
   * The host port compose publishes it on, where that differs (`5433:5432`). Kept for the record only: in the
   * cluster the Service port is the container port, and host ports are never used.
   * @default same as port
   */
  readonly published?: number;
  /**
   * Compose names of the services allowed to reach this port. `[]` keeps it closed to the whole cluster (an
   * admin console that people reach with `kubectl port-forward`).
   * @default every service that depends on or talks to this one
   */
  readonly reachableFrom?: readonly string[];
}

/** A credential, by reference: the value lives in a secret store, never in the description. */
export interface SecretRef {
  readonly secret: string;
  readonly key: string;
}

/** A value taken from an external endpoint's per-environment settings. */
export interface ExternalRef {
  readonly external: string;
  readonly field: 'host' | 'port';
}

/** An environment variable: plain configuration, a credential reference or an external endpoint field. */
export type EnvValue = string | SecretRef | ExternalRef;

export interface Mount {
  /** A named volume from `System.volumes`. */
  readonly volume: string;
  readonly path: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** A development-only bind mount (live code reload). Kubernetes has no equivalent; it is dropped with a warning. */
export interface BindMount {
  readonly hostPath: string;
  readonly path: string;
}

export interface Resources {
  /** CPU request in cores (`0.5`). */
  readonly cpu: number;
  /** Memory request in MiB. */
  readonly memoryMi: number;
  /** CPU limit in cores. @default no CPU limit (throttling hurts latency more than it protects neighbours) */
  readonly cpuLimit?: number;
  /** Memory limit in MiB. @default memoryMi */
  readonly memoryLimitMi?: number;
}

/** How the image runs unprivileged: its UID/GID and the paths it writes to outside its volumes. */
export interface RunAs {
  readonly uid: number;
  /** @default uid */
  readonly gid?: number;
  /** Group that owns mounted volumes (pod `fsGroup`). @default gid */
  readonly fsGroup?: number;
  /** Paths the image writes to that are not volumes; each becomes an emptyDir under a read-only root. */
  readonly writablePaths?: readonly string[];
  /**
   * Directories the image ships files in and writes beside them at start (an entrypoint that renders its
   * configuration into /etc/nginx): each becomes an emptyDir that an init container of the same image first
   * fills with the image's files, so the process finds them and can write. The image needs `sh` and `cp`.
   * @default none
   */
  readonly writableCopies?: readonly string[];
}

/** A configuration file the service reads, shipped in a ConfigMap and mounted read-only at `path`. */
export type ConfigFile =
  /** Text as it is (a format berth does not write). */
  | { readonly path: string; readonly content: string }
  /** A YAML file, written by berth from this value (sorted keys, quoted where YAML 1.1 would misread). */
  | { readonly path: string; readonly yaml: unknown };
/*
 * In either, `{{berth.namespace}}` and `{{berth.hostNamespace}}` are replaced with the environment's namespaces,
 * for fully qualified DNS names across them.
 */

/**
 * Read-only access to the node, for node-level agents (a node exporter). The restricted Pod Security Standard
 * forbids host paths, so such a service runs in a companion namespace `<namespace>-host` that enforces
 * `privileged` — with the reason from its `host-access` exemption — while the system's own namespace stays
 * restricted.
 */
export interface HostAccess {
  /** Host directories mounted read-only: host path → container path. */
  readonly paths: Readonly<Record<string, string>>;
}

export interface Autoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilisation in percent of the request. */
  readonly cpuUtilizationPercent: number;
}

/**
 * How often a one-shot step runs under Argo CD. There is no default: a step either is safe to repeat, and says
 * why, or it runs once per change of its spec.
 */
export type OneShotRuns =
  /** An Argo CD Sync hook: runs on every sync (manual, automated, retries), so it must be idempotent. */
  | { readonly every: 'sync'; readonly idempotentBecause: string }
  /** A plain Job named after the hash of its spec: runs once, and again only when its spec changes. */
  | { readonly every: 'change' };

/** Limits of a Job's run. */
export interface JobLimits {
  /** Retries before the Job fails. @default 3 */
  readonly backoffLimit?: number;
  /** Hard wall-clock limit for all attempts, in seconds. @default 600 */
  readonly activeDeadlineSeconds?: number;
}

/** How a one-shot service is run per release. */
export interface OneShot extends JobLimits {
  readonly runs: OneShotRuns;
  /** Loads sample data: never deployed to a production environment. @default false */
  readonly sampleData?: boolean;
}

/** What a data store is used for; a broker holds queued work, which eviction would silently drop. */
export type StoreRole = 'cache' | 'broker' | 'result-backend' | 'channel-layer';

/** A policy check the service is knowingly exempt from, and why. */
export interface Exemption {
  readonly check: PolicyCheck;
  readonly reason: string;
}

/** Policy checks `npm run validate` applies to every pod template. */
export type PolicyCheck = 'restricted-pod-security' | 'probes' | 'resources' | 'pinned-image' | 'host-access' | 'service-account-token' | 'disruption-budget' | 'topology-spread';

/**
 * A directory the process writes that is not a named volume: compose `tmpfs`, `shm_size` (`/dev/shm`) and
 * anonymous volumes. Each becomes an emptyDir; compose's tmpfs is in memory, and its size counts against the
 * container's memory limit.
 */
export interface Scratch {
  readonly path: string;
  /**
   * Largest size in MiB (emptyDir `sizeLimit`; the kubelet evicts the pod past it). Required in memory, where the
   * sizes together must stay below the memory limit.
   * @default no limit (on disk only)
   */
  readonly sizeMi?: number;
  /** In memory (`medium: Memory`), as compose `tmpfs` and `shm_size`. @default false: on the node's disk */
  readonly inMemory?: boolean;
}

/** A key of a Secret (from `System.secrets`) mounted as a read-only file, as compose `secrets:` at `/run/secrets/<name>`. */
export interface SecretFile {
  readonly secret: string;
  readonly key: string;
  /** Absolute path of the file in the container. */
  readonly path: string;
}

/** compose `extra_hosts`: a static entry in the pod's /etc/hosts. */
export interface HostAlias {
  readonly ip: string;
  readonly hostnames: readonly string[];
}

/**
 * An image the team builds (its CI pushes it): the chart names the repository, never a tag, so CI records what
 * it built as data (`berth release`) instead of editing a chart. Services that run the same repository run the
 * same release. The release names it by the repository's last segment (`.../marketnavigator/backend` → `backend`).
 */
export interface BuiltImage {
  /** Registry and repository, without tag or digest: `registry.kareonecompany.com/marketnavigator/backend`. */
  readonly repository: string;
}

/** What every kind of service has: the image, its process, its settings and its place in the system. */
export interface ServiceBase {
  /** What the service is for, from the document. */
  readonly description: string;
  /**
   * A third-party image pinned to a tag (never `latest`), or an image the team builds: the chart names its
   * repository only, and each environment's release (`releases/<system>.yaml`) names its tag and digest.
   */
  readonly image: string | BuiltImage;
  /**
   * compose `entrypoint`: replaces the image's ENTRYPOINT (Kubernetes `command`). Rarely right for an image
   * whose entrypoint prepares the start (redis, postgres, minio run `docker-entrypoint.sh`).
   * @default the image's ENTRYPOINT
   */
  readonly entrypoint?: readonly string[];
  /** compose `command`: replaces the image's CMD and is passed to its ENTRYPOINT (Kubernetes `args`). @default the image's CMD */
  readonly command?: readonly string[];
  /** Role shown as `app.kubernetes.io/component` (cache, api, worker, ...). */
  readonly component: string;
  /** @default none: a port-less worker gets no Service */
  readonly ports?: readonly Port[];
  /** @default none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** compose `env_file`: env-file secrets (from `System.secrets`) loaded whole into the environment. @default none */
  readonly envFiles?: readonly string[];
  /** @default none */
  readonly healthCheck?: HealthCheck;
  /** compose `depends_on`, keyed by compose service name. @default none */
  readonly dependsOn?: Readonly<Record<string, Dependency>>;
  /**
   * Other services this one calls without a start-up dependency (a communication path in the document).
   * Together with `dependsOn` these become the only allowed network paths. @default none
   */
  readonly talksTo?: readonly string[];
  /** External endpoints (from `System.externals`) this service connects to. @default none */
  readonly usesExternals?: readonly string[];
  /** Configuration files, mounted read-only from a ConfigMap. @default none */
  readonly configFiles?: readonly ConfigFile[];
  /** Read-only host directories (needs a `host-access` exemption). @default none */
  readonly hostAccess?: HostAccess;
  /** Named volume mounts. @default none */
  readonly mounts?: readonly Mount[];
  /** Development bind mounts from the compose file; dropped with a warning. @default none */
  readonly bindMounts?: readonly BindMount[];
  readonly resources: Resources;
  readonly runAs: RunAs;
  /** Failure-impact tier. @default 'important' */
  readonly tier?: Tier;
  /**
   * Longest unit of work the process finishes after SIGTERM (a Celery task). The grace period covers it.
   * @default none
   */
  readonly longestTaskSeconds?: number;
  /** Seconds the process gets to stop. @default longestTaskSeconds + 30, else 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** What a data store is used for (a Redis that is cache and broker). @default none */
  readonly roles?: readonly StoreRole[];
  /** compose `restart`, kept for the record; Kubernetes restarts long-running containers always. */
  readonly restart?: 'always' | 'unless-stopped' | 'on-failure' | 'no';
  /** Described but not deployed unless an environment switches it on. @default true */
  readonly enabled?: boolean;
  /** Only in these environments. @default every environment */
  readonly onlyIn?: readonly string[];
  /** Prometheus scrapes this service (its port named here). @default none */
  readonly scrapedBy?: { readonly service: string; readonly port: string };
  /** Policy exemptions, each with a written reason. @default none */
  readonly exemptions?: readonly Exemption[];
  /** compose `working_dir`. @default the image's WORKDIR */
  readonly workingDir?: string;
  /** compose `hostname`: the pod's hostname. @default the pod name */
  readonly hostname?: string;
  /** compose `extra_hosts`. @default none */
  readonly hostAliases?: readonly HostAlias[];
  /**
   * compose `init: true`: an init process reaps zombies. The pod shares one process namespace, so the pause
   * container is PID 1 and reaps them (`shareProcessNamespace`). @default false
   */
  readonly init?: boolean;
  /**
   * compose `sysctls`. Only the sysctls the restricted Pod Security Standard allows (the kubelet's safe set,
   * such as `net.ipv4.ip_unprivileged_port_start`). @default none
   */
  readonly sysctls?: Readonly<Record<string, string>>;
  /** compose `tmpfs`, `shm_size` and anonymous volumes. @default none */
  readonly scratch?: readonly Scratch[];
  /** compose `secrets`: Secret keys mounted as files. @default none */
  readonly secretFiles?: readonly SecretFile[];
  /**
   * Further DNS names of the service in the namespace (compose network `aliases`, `links` aliases): each is a
   * Service with the same selector and ports. @default none
   */
  readonly aliases?: readonly string[];
  /** compose `labels`, kept as annotations on the workload and its pods. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * More containers of this service's pod, by container name (compose services with `network_mode:
   * "service:<this>"`): one network namespace, one set of volumes, one fsGroup (`sidecar-types.ts`). @default none
   */
  readonly sidecars?: Readonly<Record<string, Sidecar>>;
}

/** A server or worker that keeps running: a Deployment. */
export interface LongRunningService extends ServiceBase {
  /** @default 'long-running' */
  readonly kind?: 'long-running';
  /** @default 1 */
  readonly replicas?: number;
  /** Exactly one copy must ever run (a scheduler): replicas 1 and a Recreate rollout. @default false */
  readonly singleton?: boolean;
  /** @default none */
  readonly autoscaling?: Autoscaling;
}

/** Runs to completion once per release (compose services that exit, like `minio-init`): a Job. */
export interface OneShotService extends ServiceBase {
  readonly kind: 'one-shot';
  readonly oneShot: OneShot;
}

/** One copy on every node (a node exporter): a DaemonSet. */
export interface PerNodeService extends ServiceBase {
  readonly kind: 'per-node';
}

/** Runs on a schedule: a CronJob. */
export interface ScheduledService extends ServiceBase {
  readonly kind: 'scheduled';
  /** Cron schedule. */
  readonly schedule: string;
  /** Limits of each run. @default { backoffLimit: 3, activeDeadlineSeconds: 600 } */
  readonly job?: JobLimits;
}

/** A compose service, by how it runs. Kind-specific settings exist only on their kind. */
export type Service = LongRunningService | OneShotService | PerNodeService | ScheduledService;
