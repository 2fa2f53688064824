/**
 * Every Kubernetes name berth makes, in one place: compose names → DNS names (compose allows `_`, DNS does not),
 * and the names of the objects berth adds itself. Constructs never spell a name; validation uses the same
 * functions to find two things that would become one object.
 */

/** `crunchbase_api` → `crunchbase-api`. */
export function kubeName(composeName: string): string {
  return composeName.replace(/_/g, '-');
}

/** RFC 1035 label: what a Service name must be (starts with a letter). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: namespaces, claim names, label values we derive. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** IANA service name: what a named container port must be. */
export const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1035Label(name: string): boolean {
  return name.length <= 63 && DNS1035_LABEL.test(name);
}

export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

export function isIanaServiceName(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME.test(name) && !name.includes('--');
}

/**
 * Returns a function that rewrites compose host names inside a configuration value to their Kubernetes
 * Service names: `http://crunchbase_api:8003` → `http://crunchbase-api:8003`. A host is only recognised where a
 * URL or host:port puts one (after `//` or `@`, or as the whole value, followed by `:`, `/` or the end), so
 * words that merely contain a service name are left alone.
 */
export function hostRewriter(composeNames: readonly string[]): (value: string) => string {
  const renamed = new Set(composeNames.filter((n) => kubeName(n) !== n));
  if (renamed.size === 0) return (value) => value;
  // A host runs to the next `:`, `/` or `@`; only a whole host that is a renamed service is rewritten, so the
  // longest name wins (`api_v2` over `api`) and a lookup replaces an alternation of every name.
  const pattern = /(^|\/\/|@)([^:/@]+)(?=:|\/|$)/g;
  return (value) => value.replace(pattern, (match, prefix: string, name: string) => (renamed.has(name) ? `${prefix}${kubeName(name)}` : match));
}

/** The namespace of a system in an environment. */
export function namespaceName(systemId: string, environment: string, override?: string): string {
  return override ?? `${systemId}-${environment}`;
}

/** The companion namespace of node agents that need host access. */
export function hostNamespaceName(namespace: string): string {
  return `${namespace}-host`;
}

/** `app.kubernetes.io/instance`, and the name of the system's Argo CD Application. */
export function instanceName(systemId: string, environment: string): string {
  return `${systemId}-${environment}`;
}

/** `<service>-config`: the ConfigMap holding a service's plain configuration. */
export function configMapName(service: string): string {
  return `${service}-config`;
}

/** `<service>-files`: the ConfigMap holding a service's configuration files. */
export function filesConfigMapName(service: string): string {
  return `${service}-files`;
}

/** The Secret cert-manager writes the system's certificate into. */
export function tlsSecretName(systemId: string): string {
  return `${systemId}-tls`;
}

/** The Ingress of a group of paths: the system's own name for the first, `<system>-<its first path>` for the others. */
export function ingressName(systemId: string, index: number, firstPath: string): string {
  if (index === 0) return systemId;
  return `${systemId}-${slug(firstPath)}`.slice(0, 63).replace(/-+$/, '');
}

/** `<service>-<spec hash>`: the name of a Job that runs once per change of its spec. */
export function revisionName(service: string, hash: string): string {
  return `${service}-${hash}`;
}

/** How the names of the init containers that wait for dependencies begin. */
export const GATE_NAME_PREFIX = 'wait-for-';

/** The init container that waits for a dependency. */
export function gateName(dependency: string): string {
  return `${GATE_NAME_PREFIX}${dependency}`;
}

/** PriorityClass of a failure-impact tier (emitted once per cluster, in `dist/cluster`). */
export function priorityClassName(tier: string): string {
  return `berth-${tier}`;
}

/** A DNS-label volume name for a path: `scratch` + `/app/.next/cache` → `scratch-app-next-cache`, `host` + `/` → `host-root`. */
function pathVolumeName(prefix: string, path: string): string {
  return `${prefix}-${slug(path)}`.slice(0, 63).replace(/-+$/, '');
}

/** The emptyDir behind a writable or scratch path. */
export function scratchVolumeName(path: string): string {
  return pathVolumeName('scratch', path);
}

/** The emptyDir behind a writable or scratch path of a sidecar: its own, never shared with another container. */
export function sidecarScratchVolumeName(sidecar: string, path: string): string {
  return pathVolumeName(`scratch-${sidecar}`, path);
}

/** The emptyDir behind a writable copy of an image directory: `copy` + `/etc/nginx` → `copy-etc-nginx`. */
export function copyVolumeName(path: string): string {
  return pathVolumeName('copy', path);
}

/** The volume of a Secret whose keys a service mounts as files: `secret-<secret>`. */
export function secretVolumeName(secret: string): string {
  return `secret-${secret}`.slice(0, 63).replace(/-+$/, '');
}

/** The hostPath volume behind a host directory. */
export function hostVolumeName(hostPath: string): string {
  return pathVolumeName('host', hostPath);
}

/** The pod volume of a service's configuration files. */
export const CONFIG_FILES_VOLUME = 'config-files';

function slug(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'root'
  );
}

/** The objects berth adds to every system namespace, by kind: no service, volume or secret may take these names. */
export const NETWORK_POLICY = {
  defaultDeny: 'default-deny',
  allowDns: 'allow-dns',
  acmeSolver: 'allow-acme-http01-solver',
} as const;

/**
 * `pull-<registry>`: the Secret of type kubernetes.io/dockerconfigjson that pods pulling from a private registry
 * name in `imagePullSecrets` (`registry.kareonecompany.com` → `pull-registry-kareonecompany-com`).
 */
export function pullSecretName(registry: string): string {
  return `pull-${slug(registry)}`.slice(0, 63).replace(/-+$/, '');
}

/** `berth-cluster-<cluster>`: the Application that syncs the cluster-wide objects (dist/cluster) to one cluster. */
export function clusterAppName(clusterId: string): string {
  return `${ARGOCD.clusterApp}-${slug(clusterId)}`.slice(0, 63).replace(/-+$/, '');
}

/** Argo CD objects berth writes to dist/argocd. */
export const ARGOCD = {
  root: 'berth-root',
  /**
   * The root app's own AppProject, applied by hand with it: Argo CD's kinds (Application, AppProject,
   * ApplicationSet) in Argo CD's namespace on its own cluster, from berth's repository, and nothing else. Not in
   * dist/argocd/apps, so no commit there can widen it; `default` can stay locked down.
   */
  rootProject: 'berth-root',
  /** Prefix of the cluster-wide Applications, one per destination cluster (`clusterAppName`). */
  clusterApp: 'berth-cluster',
  /** The ApplicationSet that replaces the system Applications with `--delivery applicationset`. */
  applicationSet: 'berth-systems',
  /**
   * The destination namespace of the Application that holds only cluster-scoped objects. Argo CD checks every
   * Application's destination against its project even when nothing in it is namespaced, and an empty
   * namespace matches no allowed destination (argo-cd#11510). Nothing is created in it.
   */
  clusterAppNamespace: 'berth-cluster',
} as const;

/**
 * The layout of the output, relative to its root, and where that root sits in the GitOps repository: one place
 * for the directories synth writes and the paths Argo CD reads.
 */
export const OUTPUT = {
  /** The output root in the repository (what `npm run synth` writes by default). */
  repoRoot: 'dist',
  /** The root app-of-apps and its own project, applied by hand. */
  argocd: 'argocd',
  /** What the root app syncs: the AppProject and every Application. */
  argocdApps: 'argocd/apps',
  /** Cluster-scoped objects every system uses. */
  cluster: 'cluster',
} as const;

/** `<system>/<environment>`: one Argo CD Application's directory in the output. */
export function systemDir(systemId: string, environment: string): string {
  return `${systemId}/${environment}`;
}
