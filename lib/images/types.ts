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
  /**
   * Facts that differ by tag (`-alpine` variants with other UIDs, a new data directory from a major version on).
   * The first variant whose `tagPattern` (a regular expression) matches the tag wins; a reference without a tag
   * is matched as `latest`. @default none
   */
  readonly variants?: readonly ImageVariant[];
  /** Paths the image writes at run time outside its data directory (each becomes an emptyDir). */
  readonly writablePaths: readonly string[];
  /**
   * Directories the image ships files in and writes beside them at start (its entrypoint renders configuration
   * there): each becomes an emptyDir filled with the image's files first (see `RunAs.writableCopies`). @default none
   */
  readonly writableCopies?: readonly string[];
  /** Where the image keeps its data, the path a volume should be mounted at. @default none (stateless) */
  readonly dataDirectory?: string;
  /** The image's ENTRYPOINT and CMD, as `docker inspect` shows them. */
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /**
   * What the ENTRYPOINT does that a Kubernetes `command` (which replaces it) would skip: initialising data,
   * writing configuration from the environment. @default nothing that matters (a `command` may replace it)
   */
  readonly entrypointDoes?: string;
  /** Ports the image listens on by default. */
  readonly ports: readonly Port[];
  /** A health check the image's documentation gives, or one that tests the service itself (not only a port). */
  readonly healthCheck?: { readonly test: HealthCheckTest; readonly source: string };
  /**
   * How a dependent checks from outside that it is ready, for `service_healthy` gates: a small image with the
   * client, and the command. `{{berth.host}}` and `{{berth.port}}` are replaced with the service's name and port.
   * @default none (an http or tcp health check is repeated from outside as it is)
   */
  readonly remoteCheck?: ImageRemoteCheck;
  /** Environment variables that hold credentials (become secret references, never values). @default none */
  readonly credentialEnv?: readonly string[];
  /** Environment the image refuses to start without (one of each inner list). @default none */
  readonly requiredEnv?: readonly (readonly string[])[];
  /**
   * Environment variables that must come from a Secret, and what goes wrong without one (a key every pod would
   * otherwise generate for itself). @default none
   */
  readonly requiredSecretEnv?: readonly { readonly env: string; readonly why: string }[];
  /**
   * Settings berth adds so the image runs under a read-only root filesystem (Grafana logs to the console only,
   * instead of also to /var/log/grafana). @default none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** What kind of service this is, for the tier and the component label. */
  readonly component: string;
  /** @default none */
  readonly roles?: readonly StoreRole[];
  /** Memory below which the image does not start or is killed at once, in MiB. @default none */
  readonly minimumMemoryMi?: number;
  /** Commands (a word of command/args) that need more memory than the image's other modes. @default none */
  readonly heavyCommands?: readonly { readonly word: string; readonly minMemoryMi: number; readonly why: string }[];
  /** Environment variable carrying a JVM or Node heap size (`ES_JAVA_OPTS`), for the heap-vs-limit check. @default none */
  readonly heapEnv?: string;
  /** Directories the image ships content in, which a volume mounted exactly there would hide. @default none */
  readonly shippedPaths?: readonly { readonly path: string; readonly hides: string }[];
  /** Seconds the image needs to stop cleanly (a database's checkpoint). @default the pod's default (30) */
  readonly terminationGracePeriodSeconds?: number;
  /** A better image to run when this one cannot run under the restricted profile as it is. @default none */
  readonly alternative?: { readonly image: string; readonly why: string };
  /** What else to know to run it under the restricted profile (a port below 1024, a path to set). @default none */
  readonly notes?: readonly string[];
  /**
   * Settings the image reads with the value it uses when they are unset, where that value names another service
   * (`IMMICH_MACHINE_LEARNING_URL`: `http://immich-machine-learning:3003`): compose needs no line for that path,
   * a NetworkPolicy does. @default none
   */
  readonly defaultSettings?: Readonly<Record<string, string>>;
  /**
   * Outside hosts it must reach on the internet, by port, and why (a model download at first start, federation
   * with other servers): no single host can be named, so egress goes to any address outside the cluster.
   * @default none
   */
  readonly internet?: readonly { readonly port: number; readonly why: string }[];
}

/** Facts that a tag changes; each replaces the entry's own. */
export interface ImageVariant {
  /** A regular expression tested against the tag (`latest` when the reference has none). */
  readonly tagPattern: string;
  /** @default the entry's */
  readonly user?: ImageUser;
  /** @default the entry's */
  readonly writablePaths?: readonly string[];
  /** @default the entry's */
  readonly dataDirectory?: string;
  /** @default the entry's */
  readonly entrypoint?: readonly string[];
  /** @default the entry's */
  readonly cmd?: readonly string[];
  /** @default the entry's */
  readonly entrypointDoes?: string;
  /** Added to the entry's notes. @default none */
  readonly notes?: readonly string[];
}

export interface ImageRemoteCheck {
  /** The client image. @default the checked image itself (its own client, pinned as the service pins it) */
  readonly image?: string;
  readonly command: readonly string[];
}

export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
  /** Group that must own mounted volumes. @default gid */
  readonly fsGroup?: number;
  /** Why this UID: the Dockerfile line or the documentation. */
  readonly source: string;
  /**
   * The image starts as root (no USER line): its entrypoint drops to this user itself, or nothing does and the
   * UID is the one the image's documentation or chart runs it as. Either way a restricted pod must set it.
   * @default false (the image's USER is this UID)
   */
  readonly rootByDefault?: boolean;
}
