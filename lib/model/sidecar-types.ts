/**
 * A container that shares its service's pod: compose `network_mode: "service:vpn"` runs a process in vpn's
 * network namespace, which in Kubernetes is a second container of vpn's pod. What a pod shares belongs to the
 * service (`service-types.ts`): its network identity (Service, NetworkPolicy, `dependsOn`, `talksTo`,
 * `usesExternals`), its volumes, its fsGroup, its copies and its exemptions. What a process has of its own is here.
 */
import type { BuiltImage, ConfigFile, EnvValue, HealthCheck, Mount, Port, Resources, Scratch, SecretFile } from './service-types';

/**
 * The UID and GID a sidecar's process runs as (container `runAsUser`/`runAsGroup`), and the paths it writes.
 * There is no fsGroup: a pod has one, its service's. The kubelet makes the pod's claims group-owned by it and
 * adds it to every container's supplementary groups (PodSecurityContext.fsGroup: "a special supplemental group
 * that applies to all containers in a pod"), so a sidecar with its own UID and GID still reads and writes the
 * volumes and secret files of the pod.
 */
export interface SidecarRunAs {
  readonly uid: number;
  /** @default uid */
  readonly gid?: number;
  /** Paths the image writes to that are not volumes; each becomes an emptyDir of this container only. @default none */
  readonly writablePaths?: readonly string[];
}

/** One more container of a service's pod, with the restricted security context of every berth container. */
export interface Sidecar {
  /** What the process is for. */
  readonly description: string;
  /** A third-party image pinned to a tag, or an image the team builds (its release names the tag, as for a service). */
  readonly image: string | BuiltImage;
  /** compose `entrypoint`: the container's `command`. @default the image's ENTRYPOINT */
  readonly entrypoint?: readonly string[];
  /** compose `command`: the container's `args`. @default the image's CMD */
  readonly command?: readonly string[];
  /** compose `working_dir`. @default the image's WORKDIR */
  readonly workingDir?: string;
  /**
   * Ports the process listens on. They are ports of the pod's Service and NetworkPolicy like the service's own,
   * so names and numbers are unique across the pod (one network namespace). @default none
   */
  readonly ports?: readonly Port[];
  /** @default none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Env-file secrets (from `System.secrets`) loaded whole. @default none */
  readonly envFiles?: readonly string[];
  /** Named volumes of the system; a claim the service mounts too is one pod volume, mounted in both. @default none */
  readonly mounts?: readonly Mount[];
  /** compose `tmpfs`, `shm_size` and anonymous volumes, for this container. @default none */
  readonly scratch?: readonly Scratch[];
  /** Configuration files, shipped in the service's files ConfigMap as `<sidecar>.<file name>`. @default none */
  readonly configFiles?: readonly ConfigFile[];
  /** Secret keys mounted as files. @default none */
  readonly secretFiles?: readonly SecretFile[];
  readonly resources: Resources;
  readonly runAs: SidecarRunAs;
  /**
   * The readiness probe of this container (and startup and liveness probes, as for a service). A pod is ready when
   * every container is, so a sidecar of a service that keeps running needs one, or the service's `probes`
   * exemption. Dependents wait on the service's own check. @default none
   */
  readonly healthCheck?: HealthCheck;
}
