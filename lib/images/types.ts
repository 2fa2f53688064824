import type { HealthCheckTest, Port, StoreRole } from '../model/service-types';

/**
 * What berth knows about a public image that its compose file does not say: who it runs as, where it writes,
 * how to check it is healthy, and how a dependent checks it from outside. Every entry names its source (the
 * Dockerfile or the image's documentation), so a reviewer can check each fact.
 */
export interface ImageEntry {
  /**
   * Repository names this entry covers, as `parseImage(...).name` gives them: `postgres` (docker.io library),
   * `bitnami/postgresql`, `quay.io/minio/minio`.
   */
  readonly repositories: readonly string[];
  readonly description: string;
  /** Links to the Dockerfile and documentation the facts below come from. */
  readonly sources: readonly string[];
  /** Who the process runs as in a restricted pod (never root). */
  readonly user: ImageUser;
  /** Facts that differ by tag (`-alpine` variants with other UIDs). The first matching variant wins. */
  readonly variants?: readonly { readonly tagPattern: string; readonly user?: ImageUser; readonly writablePaths?: readonly string[] }[];
  /** Paths the image writes at run time outside its data directory (each becomes an emptyDir). */
  readonly writablePaths: readonly string[];
  /** Where the image keeps its data, the path a volume should be mounted at. @default none (stateless) */
  readonly dataDirectory?: string;
  /** The image's ENTRYPOINT and CMD, as `docker inspect` shows them. */
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** Ports the image listens on by default. */
  readonly ports: readonly Port[];
  /** A health check the image's documentation gives, or one that tests the service itself (not only a port). */
  readonly healthCheck?: { readonly test: HealthCheckTest; readonly source: string };
  /**
   * How a dependent checks from outside that it is ready, for `service_healthy` gates: a small image with the
   * client, and the command. `{{berth.host}}` and `{{berth.port}}` are replaced with the service's name and port.
   */
  readonly remoteCheck?: { readonly image: string; readonly command: readonly string[] };
  /** Environment variables that hold credentials (become secret references, never values). */
  readonly credentialEnv?: readonly string[];
  /** Environment the image refuses to start without (one of each inner list). */
  readonly requiredEnv?: readonly (readonly string[])[];
  /** What kind of service this is, for the tier and the component label. */
  readonly component: string;
  readonly roles?: readonly StoreRole[];
  /** Memory below which the image does not start or is killed at once, in MiB. @default none */
  readonly minimumMemoryMi?: number;
  /** Environment variable carrying a JVM or Node heap size (`ES_JAVA_OPTS`), for the heap-vs-limit check. */
  readonly heapEnv?: string;
}

export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
  /** Group that must own mounted volumes. @default gid */
  readonly fsGroup?: number;
  /** Why this UID: the Dockerfile line or the documentation. */
  readonly source: string;
}
