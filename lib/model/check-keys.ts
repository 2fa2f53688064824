import type { ProblemList } from './problems';
import type {
  Environment,
  HealthCheck,
  LongRunningService,
  Mount,
  OneShotService,
  PerNodeService,
  Port,
  Resources,
  Route,
  RoutePath,
  RunAs,
  ScheduledService,
  ServiceOverride,
  Sidecar,
  SidecarRunAs,
  System,
  Volume,
} from './types';

/**
 * The keys each part of a description may have. `satisfies Record<keyof T, true>` makes the compiler keep
 * these lists equal to the types: a field added to a type without being added here fails `tsc`.
 */
const keys = <T>() => ({ of: <K extends Record<keyof T, true>>(k: K & Record<Exclude<keyof K, keyof T>, never>) => new Set(Object.keys(k)) });

const SYSTEM = keys<System>().of({
  id: true,
  description: true,
  sources: true,
  services: true,
  volumes: true,
  externals: true,
  secrets: true,
  routes: true,
  replaced: true,
  contradictions: true,
  environments: true,
  assumptions: true,
  registries: true,
});

// Each kind without its `kind`: the kinds' `kind` fields conflict, and an intersection of them is `never`, whose
// keys are any string (so the list would go unchecked).
type AnyService = Omit<LongRunningService, 'kind'> & Omit<OneShotService, 'kind'> & Omit<PerNodeService, 'kind'> & Omit<ScheduledService, 'kind'>;
const SERVICE = keys<AnyService & { kind: unknown }>().of({
  description: true,
  image: true,
  entrypoint: true,
  command: true,
  component: true,
  ports: true,
  env: true,
  envFiles: true,
  healthCheck: true,
  dependsOn: true,
  talksTo: true,
  usesExternals: true,
  configFiles: true,
  hostAccess: true,
  mounts: true,
  bindMounts: true,
  resources: true,
  runAs: true,
  tier: true,
  longestTaskSeconds: true,
  terminationGracePeriodSeconds: true,
  roles: true,
  restart: true,
  enabled: true,
  onlyIn: true,
  scrapedBy: true,
  exemptions: true,
  workingDir: true,
  hostname: true,
  hostAliases: true,
  init: true,
  sysctls: true,
  scratch: true,
  secretFiles: true,
  aliases: true,
  annotations: true,
  sidecars: true,
  kind: true,
  replicas: true,
  singleton: true,
  autoscaling: true,
  oneShot: true,
  schedule: true,
  job: true,
});

const PORT = keys<Port>().of({ name: true, port: true, protocol: true, published: true, reachableFrom: true });
const HEALTH_CHECK = keys<HealthCheck>().of({
  test: true,
  source: true,
  intervalSeconds: true,
  timeoutSeconds: true,
  retries: true,
  startPeriodSeconds: true,
  liveness: true,
  remote: true,
});
const SIDECAR = keys<Sidecar>().of({
  description: true,
  image: true,
  entrypoint: true,
  command: true,
  workingDir: true,
  ports: true,
  env: true,
  envFiles: true,
  mounts: true,
  scratch: true,
  configFiles: true,
  secretFiles: true,
  resources: true,
  runAs: true,
  healthCheck: true,
});
const SIDECAR_RUN_AS = keys<SidecarRunAs>().of({ uid: true, gid: true, writablePaths: true });
const MOUNT = keys<Mount>().of({ volume: true, path: true, readOnly: true });
const RESOURCES = keys<Resources>().of({ cpu: true, memoryMi: true, cpuLimit: true, memoryLimitMi: true });
const RUN_AS = keys<RunAs>().of({ uid: true, gid: true, fsGroup: true, writablePaths: true, writableCopies: true });
const VOLUME = keys<Volume>().of({ description: true, sizeGi: true, backup: true, unprotectedBecause: true, embeddedStore: true, accessMode: true });
const ROUTE = keys<Route>().of({ host: true, paths: true });
const ROUTE_PATH = keys<RoutePath>().of({ path: true, pathType: true, service: true, port: true, readTimeoutSeconds: true, sendTimeoutSeconds: true, maxBodyMi: true });
const OVERRIDE = keys<ServiceOverride>().of({ command: true, replicas: true, resources: true, env: true, enabled: true, autoscaling: true });
const ENVIRONMENT = keys<Environment>().of({
  namespace: true,
  storageClasses: true,
  secretStore: true,
  externals: true,
  clusterIssuer: true,
  acmeChallenge: true,
  clusterNetworks: true,
  production: true,
  ingressClassName: true,
  hosts: true,
  services: true,
  ingressController: true,
  destination: true,
  release: true,
  registries: true,
});

/**
 * Keys the description's types do not have: a misspelt field (`depends_on` for `dependsOn`) would otherwise be
 * ignored at synth, where a chart built without `tsc` (or with a cast) is not type-checked.
 */
export function checkKeys(system: System, problems: ProblemList): void {
  unknownKeys(system, SYSTEM, '', problems);
  for (const [name, svc] of Object.entries(system.services)) {
    const at = `services.${name}`;
    unknownKeys(svc, SERVICE, at, problems);
    (svc.ports ?? []).forEach((p, i) => unknownKeys(p, PORT, `${at}.ports[${i}]`, problems));
    if (svc.healthCheck) unknownKeys(svc.healthCheck, HEALTH_CHECK, `${at}.healthCheck`, problems);
    (svc.mounts ?? []).forEach((m, i) => unknownKeys(m, MOUNT, `${at}.mounts[${i}]`, problems));
    if (svc.resources) unknownKeys(svc.resources, RESOURCES, `${at}.resources`, problems);
    if (svc.runAs) unknownKeys(svc.runAs, RUN_AS, `${at}.runAs`, problems);
    for (const [sidecar, spec] of Object.entries(svc.sidecars ?? {})) checkSidecarKeys(spec, `${at}.sidecars.${sidecar}`, problems);
  }
  for (const [name, v] of Object.entries(system.volumes ?? {})) unknownKeys(v, VOLUME, `volumes.${name}`, problems);
  (system.routes ?? []).forEach((r, i) => {
    unknownKeys(r, ROUTE, `routes[${i}]`, problems);
    r.paths.forEach((p, j) => unknownKeys(p, ROUTE_PATH, `routes[${i}].paths[${j}]`, problems));
  });
  for (const [name, env] of Object.entries(system.environments)) {
    unknownKeys(env, ENVIRONMENT, `environments.${name}`, problems);
    for (const [svc, o] of Object.entries(env.services ?? {})) unknownKeys(o, OVERRIDE, `environments.${name}.services.${svc}`, problems);
  }
}

function checkSidecarKeys(sidecar: Sidecar, at: string, problems: ProblemList): void {
  unknownKeys(sidecar, SIDECAR, at, problems);
  (sidecar.ports ?? []).forEach((p, i) => unknownKeys(p, PORT, `${at}.ports[${i}]`, problems));
  if (sidecar.healthCheck) unknownKeys(sidecar.healthCheck, HEALTH_CHECK, `${at}.healthCheck`, problems);
  (sidecar.mounts ?? []).forEach((m, i) => unknownKeys(m, MOUNT, `${at}.mounts[${i}]`, problems));
  if (sidecar.resources) unknownKeys(sidecar.resources, RESOURCES, `${at}.resources`, problems);
  if (!sidecar.runAs) return;
  const { fsGroup, ...runAs } = sidecar.runAs as SidecarRunAs & { fsGroup?: unknown };
  if (fsGroup !== undefined) {
    problems.add(
      `${at}.runAs.fsGroup`,
      "a pod has one fsGroup, its service's runAs.fsGroup: every container gets it as a supplementary group, so leave it out here (or set it on the service)",
    );
  }
  unknownKeys(runAs, SIDECAR_RUN_AS, `${at}.runAs`, problems);
}

function unknownKeys(value: object, known: ReadonlySet<string>, at: string, problems: ProblemList): void {
  for (const k of Object.keys(value)) {
    if (known.has(k)) continue;
    const hint = suggestion(k, known);
    problems.add(at === '' ? k : `${at}.${k}`, `is not a field berth knows${hint === undefined ? ` (known: ${[...known].sort().join(', ')})` : `; did you mean ${hint}?`}`);
  }
}

/** `depends_on` → `dependsOn`; otherwise the known key at edit distance ≤ 2. */
function suggestion(k: string, known: ReadonlySet<string>): string | undefined {
  const camel = k.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
  if (known.has(camel)) return camel;
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(k.toLowerCase(), candidate.toLowerCase());
    if (d <= 2 && (best === undefined || d < best.d)) best = { key: candidate, d };
  }
  return best?.key;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}
