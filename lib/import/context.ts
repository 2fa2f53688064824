import type { ComposeProject } from '../compose/types';
import type { ResolvedImage } from '../images';
import { Assumed } from '../model/assumed';
import type { EnvFileSecret, KeyedSecret, Route, Volume } from '../model/types';

/** What `berth import` is asked to do. */
export interface ImportOptions {
  /** The system id (DNS-1123): `charts/<name>.ts`, `dist/<name>/<env>/`. */
  readonly name: string;
  /** Environments of the chart, each spreading the platform's settings of the same name. @default ['dev'] */
  readonly environments?: readonly string[];
  /**
   * Image of services compose only builds: `{system}` and `{service}` are replaced, e.g.
   * `registry.example.com/{system}/{service}:0.1.0`. @default none: build-only services are an error
   */
  readonly imageTemplate?: string;
}

/** Something compose says that the chart does not carry, or carries differently, and why. */
export interface ImportWarning {
  /** Compose path: `services.web.ulimits`. */
  readonly path: string;
  readonly message: string;
}

/** A value of the chart being written; `Assumed` where the importer had to guess. */
export type DraftValue = unknown;

/** Shared state while one project is mapped: the system-level entries services add to. */
export interface ImportContext {
  readonly project: ComposeProject;
  readonly options: ImportOptions;
  readonly warnings: ImportWarning[];
  readonly volumes: Map<string, Volume | Record<string, DraftValue>>;
  /** Bind-mounted state directories (absolute host path) → their claim in `volumes`. */
  readonly bindVolumes: Map<string, string>;
  readonly secrets: Map<string, KeyedSecret | EnvFileSecret>;
  /** Variable name and value → its key in the credentials Secret. */
  readonly credentialKeys: Map<string, string>;
  /** Credential value → the keys compose gives it: the store must keep them equal. Values never leave this map. */
  readonly equalCredentials: Map<string, Set<string>>;
  /** Outside endpoints by name: one host, or (no host) any address on the internet. */
  readonly externals: Map<string, { readonly host?: string; readonly port: number; readonly description: string }>;
  readonly routes: Route[];
  /** compose host names (service names, container names, aliases) → compose service. */
  readonly hostOwners: ReadonlyMap<string, string>;
  /** Ports clients name in URLs (`redis://cache:6379`), per service: the ports a service without `ports` serves. */
  readonly portsNamedByClients: ReadonlyMap<string, ReadonlySet<number>>;
  /** Services a dependent waits on with `service_completed_successfully`: they run to completion. */
  readonly runToCompletion: ReadonlySet<string>;
  /** Credential values compose's settings hold (value → its variable's name), to find them where interpolation wrote them. */
  readonly credentialValues: ReadonlyMap<string, string>;
  /** Peers of a service that only the image's default settings name (compose service names). */
  readonly defaultPeers: Map<string, ReadonlySet<string>>;
  /** Names each compose service needs as extra Services (container names and aliases clients use). */
  readonly aliasesUsed: Map<string, Set<string>>;
  /** Services some dependent waits for with `service_healthy`: they need a check seen from outside. */
  readonly gatedOn: ReadonlySet<string>;
  /** Services another service names in its configuration or depends on. */
  readonly isPeer: ReadonlySet<string>;
  /** Services that serve a port (declared, or known from the catalog or their clients). */
  readonly servesPorts: ReadonlySet<string>;
  /** The env-file Secret of a compose `env_file` (undefined when an optional file is missing). */
  readonly envFileSecret: (file: string, at: string, required: boolean) => string | undefined;
  readonly image: (ref: string) => ResolvedImage | undefined;
  /** Chart name of a compose service (compose allows names DNS does not). */
  readonly chartName: (composeName: string) => string;
  /**
   * The compose service whose pod a service runs in: the root of its `network_mode: service:` chain, or itself.
   * Every name above (host owners, dependencies, peers, ports) is a pod's: a sidecar's is its root's.
   */
  readonly podOf: (composeName: string) => string;
  /** The sidecars of each root, sorted (see `pods.ts`). */
  readonly sidecarsOf: ReadonlyMap<string, readonly string[]>;
}

export const warn = (ctx: ImportContext, path: string, message: string): void => {
  ctx.warnings.push({ path, message });
};

export type MaybeAssumed<T> = T | Assumed<T>;

/** A chart value with its `assumed(…)` taken off: what the chart runs with. */
export const settled = (value: unknown): unknown => (value instanceof Assumed ? value.value : value);
