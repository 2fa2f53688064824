/**
 * The system description: what an architecture document says about a docker-compose stack, in compose's own
 * terms. It knows nothing about Kubernetes objects; `resolve.ts` settles defaults and one environment's
 * overrides, and the constructs translate. The service itself is in `service-types.ts`.
 */
import type { Assumption } from './assumed';
import type { Autoscaling, BackupPriority, EnvValue, Resources, Service } from './service-types';

export * from './service-types';
export * from './sidecar-types';
export type { Assumption } from './assumed';

export interface Volume {
  readonly description: string;
  readonly sizeGi: number;
  readonly backup: BackupPriority;
  /**
   * Every claim is kept when its Application or namespace goes away. A claim whose data can be rebuilt opts
   * out with the reason (static files collected at start-up).
   * @default protected
   */
  readonly unprotectedBecause?: string;
  /**
   * The volume holds an embedded single-writer store (SQLite under ChromaDB's PersistentClient): several pods
   * opening it over a shared volume can corrupt it. @default none
   */
  readonly embeddedStore?: string;
  /**
   * @default ReadWriteMany when mounted by more than one workload, else ReadWriteOnce
   */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
}

/** A service outside the cluster, such as a managed database. Its endpoint is set per environment. */
export interface External {
  readonly description: string;
}

/**
 * Where an external service is reached in one environment: one host, or any host on the internet (the sites a
 * scraper fetches, several API providers) on one port.
 */
export type ExternalEndpoint =
  | {
      readonly host: string;
      readonly port: number;
      /**
       * Where the endpoint's addresses lie when it is inside a private network: egress goes to exactly this range.
       * @default the internet, excepting the environment's `clusterNetworks`
       */
      readonly cidr?: string;
    }
  | { readonly anyHost: true; readonly port: number };

/** One key of a credential, and where the secret store keeps it. */
export interface SecretKey {
  /** Key in the external secret store; `{{berth.environment}}` is replaced with the environment name. */
  readonly remoteKey: string;
  /** Property within that key, for JSON-valued secrets. @default the whole value */
  readonly property?: string;
}

/** A Secret the chart does not create: the External Secrets operator materialises it from the store. */
export type SecretSpec = KeyedSecret | EnvFileSecret;

/** Named keys, each referenced by an env var (`{ secret, key }`). */
export interface KeyedSecret {
  readonly description: string;
  readonly keys: Readonly<Record<string, SecretKey>>;
}

/**
 * A compose `env_file` kept in the secret store: one key whose JSON properties are the variables. It reaches
 * every service that lists it in `envFiles`, whole, so the chart never names (or invents) its variables.
 */
export interface EnvFileSecret {
  readonly description: string;
  /** Key in the external secret store; `{{berth.environment}}` is replaced with the environment name. */
  readonly envFile: string;
}

export interface RoutePath {
  readonly path: string;
  /** @default 'Prefix' */
  readonly pathType?: 'Prefix' | 'Exact';
  readonly service: string;
  readonly port: number;
  /** Seconds a response (or an idle WebSocket) may stay silent. @default 60, ingress-nginx's default */
  readonly readTimeoutSeconds?: number;
  /** Seconds a request body (or an idle WebSocket) may stay silent. @default 60, ingress-nginx's default */
  readonly sendTimeoutSeconds?: number;
  /** Largest request body in MiB (uploads). @default 1, ingress-nginx's default */
  readonly maxBodyMi?: number;
}

/** Public HTTP(S) entry, replacing the documents' nginx. */
export interface Route {
  readonly host: string;
  readonly paths: readonly RoutePath[];
}

/**
 * Credentials to pull from a private registry: one key of the secret store with the properties `username` and
 * `password` (a robot account or token). It becomes a Secret of type `kubernetes.io/dockerconfigjson` for exactly
 * that registry, named in `imagePullSecrets` of every pod that pulls from it.
 */
export interface RegistryCredentials {
  readonly description: string;
  /** Key in the external secret store; `{{berth.environment}}` is replaced with the environment name. */
  readonly remoteKey: string;
}

/**
 * One image the team builds, as released to one environment: the tag, and preferably the digest, that its
 * chart's repository runs there. Written by `berth release` and `berth promote` to `releases/<system>.yaml`.
 */
export interface ImageRelease {
  /** A tag other than `latest`. */
  readonly tag: string;
  /** `sha256:<64 hex digits>`: the exact image, even if someone pushes the tag again. @default none (the tag alone) */
  readonly digest?: string;
  /**
   * Why this is not a real release yet (the documents name no registry or tag). Such an environment is never
   * synced automatically. @default a real release
   */
  readonly notDocumented?: string;
}

/** The Argo CD cluster an environment deploys to, by its name in Argo CD or by its API server URL. */
export type ClusterDestination = { readonly name: string } | { readonly server: string };

export interface SecretStoreRef {
  readonly kind: 'SecretStore' | 'ClusterSecretStore';
  readonly name: string;
}

/** Per-environment overrides of a service. */
export interface ServiceOverride {
  /** A different compose `command` in this environment (a production server instead of a development one). */
  readonly command?: readonly string[];
  readonly replicas?: number;
  readonly resources?: Resources;
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly enabled?: boolean;
  readonly autoscaling?: Autoscaling;
}

export interface Environment {
  /** @default `<system>-<environment>` */
  readonly namespace?: string;
  /** Storage class per access mode. @default the cluster default class */
  readonly storageClasses?: { readonly readWriteOnce?: string; readonly readWriteMany?: string };
  readonly secretStore: SecretStoreRef;
  /** Endpoint of every external, for this environment. */
  readonly externals?: Readonly<Record<string, ExternalEndpoint>>;
  /** cert-manager ClusterIssuer for public routes. */
  readonly clusterIssuer: string;
  /**
   * The ACME challenge the issuer solves. `http01` runs a solver pod in the namespace that the ingress
   * controller must reach on port 8089; `dns01` needs no path into the cluster.
   */
  readonly acmeChallenge: 'http01' | 'dns01';
  /**
   * The cluster's own address ranges (pods, services, nodes; the RFC 1918 ranges cover most clusters). Egress to
   * the internet excepts them, so an internet rule never opens the API server or other namespaces.
   */
  readonly clusterNetworks: readonly string[];
  /** Production: sample data never lands here. @default false */
  readonly production?: boolean;
  /** IngressClass of the cluster's ingress controller. */
  readonly ingressClassName: string;
  /** Replaces the routes' hosts in this environment (a dev subdomain). @default the route's own host */
  readonly hosts?: Readonly<Record<string, string>>;
  readonly services?: Readonly<Record<string, ServiceOverride>>;
  /** Namespace and pod labels of the cluster's ingress controller, for network policy. */
  readonly ingressController: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /**
   * Where Argo CD deploys this environment: a cluster registered in Argo CD, by name or API server URL.
   * @default Argo CD's own cluster (`https://kubernetes.default.svc`)
   */
  readonly destination?: ClusterDestination;
  /** Registry credentials for this environment, by registry host; each replaces the system's for that registry. @default the system's */
  readonly registries?: Readonly<Record<string, RegistryCredentials>>;
  /**
   * The tag (and digest) of each image the team builds, by image name: what CI released to this environment.
   * Loaded from `releases/<system>.yaml` (lib/releases), not written in a chart. @default none
   */
  readonly release?: Readonly<Record<string, ImageRelease>>;
}

export interface System {
  /** DNS-1123 id: `dist/<id>/<env>`, label `app.kubernetes.io/part-of`. */
  readonly id: string;
  readonly description: string;
  /** Where each fact came from, for reviewers. */
  readonly sources: readonly string[];
  readonly services: Readonly<Record<string, Service>>;
  /** @default none */
  readonly volumes?: Readonly<Record<string, Volume>>;
  /** @default none */
  readonly externals?: Readonly<Record<string, External>>;
  /** @default none */
  readonly secrets?: Readonly<Record<string, SecretSpec>>;
  /** @default none */
  readonly routes?: readonly Route[];
  /**
   * Credentials for private registries, by registry host as image references name it (`ghcr.io`,
   * `registry.example.com:5000`; `docker.io` for Docker Hub). @default none: every image is pulled anonymously
   */
  readonly registries?: Readonly<Record<string, RegistryCredentials>>;
  /** Things in the documents berth deliberately does not deploy (nginx, certbot), with the reason. */
  readonly replaced?: Readonly<Record<string, string>>;
  /**
   * Where the documents contradict themselves or what the images need, keyed by compose service name, and
   * how the chart resolves it. Reported on the namespace so reviewers see every departure from the documents.
   * @default none
   */
  readonly contradictions?: Readonly<Record<string, string>>;
  readonly environments: Readonly<Record<string, Environment>>;
  /**
   * Values written down as guesses (`assumed(…)` in an imported chart), filled by `draftSystem`. Each is a
   * warning at synth and a problem in a production environment. @default none
   */
  readonly assumptions?: readonly Assumption[];
}
