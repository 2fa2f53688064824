/**
 * A compose project as docker compose itself would run it: files merged, `extends` applied, variables
 * interpolated, and every field in its long form. The importer (`lib/import/`) maps this to a chart; it never
 * sees YAML, short syntax or unresolved `${VAR}`s. Fields compose has and this type does not model stay in
 * `ComposeService.other`, so the importer can warn about each one by name rather than drop it silently.
 */

/** Where a value came from, for errors and warnings in the user's own terms. */
export interface ComposeLocation {
  /** The compose file, as given on the command line (or the `extends` file it came from). */
  readonly file: string;
  /** 1-based line of the value in that file. @default unknown (a value compose derives, such as a merged list) */
  readonly line?: number;
}

/** A problem or warning in the compose input: where, what, and what to do. */
export interface ComposeProblem {
  readonly file?: string;
  readonly line?: number;
  /** Compose path of the value: `services.web.ports[0]`, `volumes.db_data`. */
  readonly path: string;
  readonly message: string;
  /** What the user can change. @default none */
  readonly fix?: string;
}

/** Thrown by `readCompose` with every problem at once (invalid YAML, schema errors, missing `extends` targets). */
export class ComposeError extends Error {
  constructor(readonly problems: readonly ComposeProblem[]) {
    super(problems.map(formatComposeProblem).join('\n'));
    this.name = 'ComposeError';
  }
}

export function formatComposeProblem(p: ComposeProblem): string {
  const where = p.file === undefined ? p.path : `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.path}`;
  return `${where}: ${p.message}${p.fix === undefined ? '' : ` (${p.fix})`}`;
}

export interface ReadOptions {
  /** `-f` files in order; later files override earlier ones with compose's merge rules. */
  readonly files: readonly string[];
  /**
   * `--env-file` files for interpolation, in order (later wins). When none is given, the project directory's
   * `.env` is read if it exists, as docker compose does. berth's own process environment is never read.
   */
  readonly envFiles?: readonly string[];
  /** `--set VAR=value`: wins over the env files. */
  readonly set?: Readonly<Record<string, string>>;
  /** `--profile`: services of these profiles are active, besides those without profiles. */
  readonly profiles?: readonly string[];
}

export interface ComposeProject {
  /** Top-level `name` (interpolated), when set. */
  readonly name?: string;
  /** The directory of the first `-f` file: relative paths (bind mounts, env_file, build) resolve from here. */
  readonly projectDir: string;
  /** Every service, active or not; see `ComposeService.active`. Sorted by name. `x-*` keys are not services. */
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes: Readonly<Record<string, ComposeVolume>>;
  readonly networks: Readonly<Record<string, ComposeNetwork>>;
  readonly secrets: Readonly<Record<string, ComposeFileObject>>;
  readonly configs: Readonly<Record<string, ComposeFileObject>>;
  /**
   * Interpolation warnings (each unset variable once), the obsolete `version:` key, services activated because an
   * active service requires them, a requested profile no service has, a command compose truncates at `&&`, unknown
   * volume options, and the like.
   */
  readonly warnings: readonly ComposeProblem[];
  /**
   * Where a compose path is written. Paths of the document as merged (`services.web.ports[0]`,
   * `services.web.environment.DEBUG`) and of this type (`services.web.mounts[2]`, the n-th normalized port
   * `services.web.ports[3]` after a range, `services.web.depends_on.db` of a list) both work; a path that is not
   * written (a default) gives the location of its nearest written parent.
   */
  where(path: string): ComposeLocation | undefined;
}

export interface ComposeVolume {
  /** `external: true`: the volume exists outside the project. */
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Top-level `name:` of the volume. */
  readonly name?: string;
}

export interface ComposeNetwork {
  readonly external: boolean;
  readonly driver?: string;
  readonly internal: boolean;
  readonly name?: string;
}

/** A top-level `secrets:` or `configs:` entry. */
export interface ComposeFileObject {
  /** `file:`, resolved against the project directory. */
  readonly file?: string;
  /** `environment:` (the value comes from this variable). */
  readonly environment?: string;
  /** `content:` (configs only; inline text). */
  readonly content?: string;
  readonly external: boolean;
  readonly name?: string;
}

export interface ComposePort {
  /** Container port. A range (`8000-8010`) becomes one entry per port. */
  readonly target: number;
  /** Host port (`5433`; a range `8080-8081` when one container port takes any of several host ports), or absent. */
  readonly published?: string;
  readonly hostIp?: string;
  /** compose also accepts `sctp`. */
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  /** Long syntax `name:`. */
  readonly name?: string;
  readonly appProtocol?: string;
}

export type ComposeMount =
  /** A named volume from top-level `volumes:`. */
  | { readonly type: 'volume'; readonly source: string; readonly target: string; readonly readOnly: boolean; readonly subpath?: string }
  /** `- /data` or `type: volume` without a source: a fresh volume per container. */
  | { readonly type: 'anonymous'; readonly target: string; readonly readOnly: boolean }
  /** A host path; `source` is absolute (resolved against the project directory); `isFile` when it exists and is a file. */
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly: boolean; readonly exists: boolean; readonly isFile: boolean }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number }
  /** npipe, cluster, image: kept with their type so the importer can say it does not map them. */
  | { readonly type: 'other'; readonly kind: string; readonly source?: string; readonly target: string };

/** A `secrets:` or `configs:` entry of a service, long form. */
export interface ComposeFileRef {
  readonly source: string;
  /** Absolute path in the container (`/run/secrets/<source>` for secrets, `/<source>` for configs by default). */
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
}

export interface ComposeHealthCheck {
  /** `['CMD', ...]`, `['CMD-SHELL', script]` (a string test becomes this), or `['NONE']`. */
  readonly test?: readonly string[];
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly startPeriodSeconds?: number;
  readonly startIntervalSeconds?: number;
  readonly disable: boolean;
}

export interface ComposeDependency {
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** @default true */
  readonly required: boolean;
  readonly restart: boolean;
}

export interface ComposeResources {
  /** Cores (`'0.5'` → 0.5). */
  readonly cpus?: number;
  readonly memoryBytes?: number;
  readonly pids?: number;
}

export interface ComposeService {
  readonly name: string;
  /**
   * False when the service has profiles and none of them is active, unless an active service requires it
   * through `depends_on` (then it is active, with a warning).
   */
  readonly active: boolean;
  readonly profiles: readonly string[];
  readonly image?: string;
  /** `context` as written (default `.`; absolute when it came through an `extends` file); `dockerfile` default `Dockerfile`. */
  readonly build?: { readonly context?: string; readonly dockerfile?: string; readonly target?: string; readonly args: Readonly<Record<string, string | null>> };
  /**
   * compose `command`: a string is split into words as compose splits it (go-shellwords: quotes and backslashes,
   * no expansion; an unquoted `&&`, `|`, `;`, `>` ends it, with a warning).
   */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /**
   * The `environment` key, list and map forms (not the contents of `env_file`s). A key-only entry (`- DEBUG`,
   * `DEBUG:`) takes its value from the env files or `--set`, as compose fills it from its environment; `null`
   * when they do not set it (compose would pass the host's value through).
   */
  readonly environment: Readonly<Record<string, string | null>>;
  /** `env_file`, resolved against the project directory (a required one that is missing is an error). */
  readonly envFiles: readonly { readonly path: string; readonly required: boolean; readonly format?: string }[];
  readonly ports: readonly ComposePort[];
  /** `expose`: container ports without a host port. */
  readonly expose: readonly { readonly port: number; readonly protocol: 'tcp' | 'udp' | 'sctp' }[];
  /** `volumes` plus service-level `tmpfs`, in order; targets cleaned as compose does (`/data/` → `/data`). */
  readonly mounts: readonly ComposeMount[];
  /** `volumes_from`, as written. */
  readonly volumesFrom: readonly string[];
  readonly secrets: readonly ComposeFileRef[];
  readonly configs: readonly ComposeFileRef[];
  readonly healthcheck?: ComposeHealthCheck;
  /**
   * `depends_on`, plus the dependencies compose adds for `links`, `network_mode: service:x` (and `ipc`, `pid`,
   * ... `service:x`) and `volumes_from` (`service_started`, required).
   */
  readonly dependsOn: Readonly<Record<string, ComposeDependency>>;
  /** `links`, as service names (`db:database` → `db`). */
  readonly links: readonly string[];
  readonly deploy?: {
    readonly mode?: string;
    readonly replicas?: number;
    readonly limits: ComposeResources;
    readonly reservations: ComposeResources;
    readonly restartPolicy?: { readonly condition?: string; readonly maxAttempts?: number };
    readonly labels: Readonly<Record<string, string>>;
  };
  /** Service-level `mem_limit`, `mem_reservation`, `cpus`, `cpu_shares` (compose v2 style). */
  readonly memLimitBytes?: number;
  readonly memReservationBytes?: number;
  readonly cpus?: number;
  readonly restart?: string;
  readonly user?: string;
  readonly workingDir?: string;
  readonly readOnly?: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly privileged?: boolean;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly ulimits: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  readonly init?: boolean;
  readonly shmSizeBytes?: number;
  readonly stopGracePeriodSeconds?: number;
  readonly stopSignal?: string;
  readonly extraHosts: readonly { readonly host: string; readonly ip: string }[];
  readonly hostname?: string;
  readonly domainname?: string;
  readonly containerName?: string;
  /** `network_mode` as written (`host`, `none`, `service:x`, `container:x`). */
  readonly networkMode?: string;
  /** Networks the service joins (`default` when it names none and has no network_mode), with aliases. */
  readonly networks: Readonly<Record<string, { readonly aliases: readonly string[] }>>;
  /** Service `labels`, list and map forms (`deploy.labels` are in `deploy`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;
  /**
   * Every other key of the service, as written (after interpolation): `logging`, `devices`, `pid`, `x-*`, ...;
   * and what the fields above do not model, at its path below the service: `deploy.placement`,
   * `deploy.restart_policy.delay`, `build.cache_from`, `networks.front.ipv4_address`, `ports[2].mode`,
   * `volumes[1].bind`, `volumes[0].options` (short-syntax options such as `z`), `tmpfs[0].options`.
   */
  readonly other: Readonly<Record<string, unknown>>;
}
