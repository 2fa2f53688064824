import { COMPOSE_HEALTHCHECK, DEFAULT_TIER, GATE, INGRESS_NGINX, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from './defaults';
import { hostRewriter, kubeName } from './names';
import type {
  Autoscaling,
  BackupPriority,
  DependencyCondition,
  EnvValue,
  Environment,
  Exemption,
  HealthCheckTest,
  OneShotRuns,
  SecretKey,
  StoreRole,
  System,
  Tier,
  WorkloadKind,
} from './types';
import { dependenciesIn, isDeployedIn, validateSystem } from './validate';

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
  /** What was dropped on the way (bind mounts, services switched off) — printed by the CLI. */
  readonly warnings: readonly string[];
}

export type ResolvedEnvValue =
  | { readonly kind: 'plain'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string; readonly key: string };

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

export interface ResolvedOneShot {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly runs: OneShotRuns;
  readonly sampleData: boolean;
}

export interface ResolvedService {
  readonly name: string;
  readonly namespace: string;
  readonly composeName: string;
  readonly description: string;
  readonly image: string;
  /** compose `entrypoint`: the container's `command`. */
  readonly entrypoint?: readonly string[];
  /** compose `command`: the container's `args`. */
  readonly args?: readonly string[];
  readonly kind: WorkloadKind;
  readonly schedule?: string;
  readonly oneShot: ResolvedOneShot;
  readonly component: string;
  readonly ports: readonly ResolvedPort[];
  readonly env: readonly ResolvedEnvVar[];
  /** Env-file Secrets loaded whole (`envFrom`), by name. */
  readonly envFiles: readonly string[];
  readonly healthCheck?: ResolvedHealthCheck;
  readonly dependsOn: readonly ResolvedDependency[];
  /** Seconds each gate waits before giving up: within a Job, all gates together stay inside its deadline. */
  readonly gateTimeoutSeconds: number;
  /** Kubernetes names of every service this one opens connections to (dependencies and talksTo). */
  readonly talksTo: readonly string[];
  readonly externals: readonly ResolvedExternal[];
  readonly mounts: readonly { readonly volume: string; readonly path: string; readonly readOnly: boolean }[];
  /** Configuration files, sorted by path; `key` is the ConfigMap key (the file name). */
  readonly configFiles: readonly { readonly path: string; readonly key: string; readonly content: string }[];
  /** Read-only host directories, sorted by container path. */
  readonly hostPaths: readonly { readonly hostPath: string; readonly path: string }[];
  readonly replicas: number;
  readonly singleton: boolean;
  /** Deployment rollout: Recreate when two copies must never overlap (singleton, or a ReadWriteOnce claim). */
  readonly recreate: boolean;
  /** A long-running service that runs more than one copy (fixed or autoscaled): it gets a budget and a spread. */
  readonly replicated: boolean;
  readonly resources: { readonly cpu: number; readonly memoryMi: number; readonly cpuLimit?: number; readonly memoryLimitMi: number };
  readonly runAs: { readonly uid: number; readonly gid: number; readonly fsGroup: number; readonly writablePaths: readonly string[] };
  readonly autoscaling?: Autoscaling;
  readonly tier: Tier;
  readonly longestTaskSeconds?: number;
  readonly terminationGracePeriodSeconds: number;
  readonly roles: readonly StoreRole[];
  readonly exemptions: readonly Exemption[];
  readonly scrapedBy?: { readonly service: string; readonly port: string };
  /** compose `restart`, kept for the record. */
  readonly restart?: string;
  /**
   * Argo CD sync wave. The public entry path (routed backends that are not non-critical, and what they depend
   * on) comes first in dependency order, then the Ingress, then the other services, non-critical ones last:
   * Argo CD never applies a wave after an unhealthy one, so nothing off the entry path may hold it back.
   */
  readonly wave: number;
}

export interface ResolvedVolume {
  readonly name: string;
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
  | (ResolvedSecretBase & { readonly kind: 'env-file'; readonly remoteKey: string });

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
  readonly host: string;
  readonly port: number;
  /** The range egress is allowed to: the endpoint's private range, or the internet. */
  readonly cidr?: string;
}

/** Validates the whole description, then resolves one environment of it. */
export function resolveSystem(system: System, environment: string): ResolvedSystem {
  validateSystem(system);
  return resolveEnvironment(system, environment);
}

/** What every step of one environment's resolution shares. */
interface Context {
  readonly system: System;
  readonly environment: string;
  readonly env: Environment;
  readonly namespace: string;
  readonly hostNamespace: string;
  /** Compose names of the services deployed here, sorted. */
  readonly deployed: readonly string[];
  readonly externals: ReadonlyMap<string, ResolvedExternal>;
  readonly resolveEnv: (vars: Readonly<Record<string, EnvValue>>) => ResolvedEnvVar[];
  readonly mountedBy: (volume: string) => string[];
  readonly waves: ReadonlyMap<string, number>;
  readonly warnings: string[];
}

/** Resolves one environment of a description that `validateSystem` has accepted. */
export function resolveEnvironment(system: System, environment: string): ResolvedSystem {
  const ctx = context(system, environment);
  const services = ctx.deployed.map((name) => resolveService(ctx, name));
  const volumes = resolveVolumes(ctx);
  const namespaces = resolveNamespaces(ctx, services, volumes);
  const routes = resolveRoutes(ctx);
  const byName = new Map(services.map((s) => [s.name, s]));
  return {
    id: system.id,
    environment,
    namespace: ctx.namespace,
    namespaces,
    description: system.description,
    services,
    volumes,
    secrets: resolveSecrets(ctx, services),
    routes,
    ingresses: groupIngresses(routes, byName),
    externals: [...ctx.externals.values()].filter((e) => services.some((s) => s.externals.includes(e))),
    replaced: system.replaced ?? {},
    contradictions: system.contradictions ?? {},
    sources: system.sources,
    settings: {
      secretStore: ctx.env.secretStore,
      clusterIssuer: ctx.env.clusterIssuer,
      acmeChallenge: ctx.env.acmeChallenge,
      ingressClassName: ctx.env.ingressClassName,
      ingressController: ctx.env.ingressController,
      clusterNetworks: ctx.env.clusterNetworks,
      production: ctx.env.production ?? false,
    },
    warnings: ctx.warnings,
  };
}

/** Key of the Ingress in the wave map (no compose name can contain a space). */
const INGRESS = ' ingress';

function context(system: System, environment: string): Context {
  const env = system.environments[environment];
  if (!env) throw new Error(`system "${system.id}" has no environment "${environment}" (known: ${Object.keys(system.environments).join(', ')})`);
  const warnings: string[] = [];
  const namespace = env.namespace ?? `${system.id}-${environment}`;
  const composeNames = Object.keys(system.services).sort();
  const rewriteHosts = hostRewriter(composeNames);
  const deployed = composeNames.filter((n) => isDeployedIn(system, n, environment));
  for (const n of composeNames) if (!deployed.includes(n)) warnings.push(`${system.id}/${environment}: service ${n} is not deployed here`);

  const externals = new Map<string, ResolvedExternal>(
    Object.keys(system.externals ?? {})
      .sort()
      .map((name) => [name, { name: kubeName(name), description: system.externals![name].description, ...env.externals![name] }]),
  );
  const resolveEnv = (vars: Readonly<Record<string, EnvValue>>): ResolvedEnvVar[] =>
    Object.keys(vars)
      .sort()
      .map((name) => {
        const value = vars[name];
        if (typeof value === 'string') return { name, value: { kind: 'plain', value: rewriteHosts(value) } };
        if ('secret' in value) return { name, value: { kind: 'secret', secret: value.secret, key: value.key } };
        return { name, value: { kind: 'plain', value: String(externals.get(value.external)![value.field]) } };
      });
  const mountedBy = (volume: string) => deployed.filter((n) => (system.services[n].mounts ?? []).some((m) => m.volume === volume));
  return {
    system,
    environment,
    env,
    namespace,
    hostNamespace: `${namespace}-host`,
    deployed,
    externals,
    resolveEnv,
    mountedBy,
    waves: waves(system, environment, deployed),
    warnings,
  };
}

/**
 * Sync waves in three bands: the entry path (routed backends that are not non-critical, and everything they
 * depend on), then the Ingress, then every other service, then the non-critical ones. Within a band each
 * service comes one wave after its latest dependency. A service that depends on a later band joins it.
 */
function waves(system: System, environment: string, deployed: readonly string[]): Map<string, number> {
  const deps = (name: string) => dependenciesIn(system, name, environment).map((d) => d.service);
  const nonCritical = (name: string) => system.services[name].tier === 'non-critical';
  const entry = new Set<string>();
  const visit = (name: string) => {
    if (entry.has(name)) return;
    entry.add(name);
    deps(name).forEach(visit);
  };
  const routed = [...new Set((system.routes ?? []).flatMap((r) => r.paths.map((p) => p.service)))].filter((s) => deployed.includes(s));
  routed.filter((s) => !nonCritical(s)).forEach(visit);

  const bands = new Map<string, number>();
  const bandOf = (name: string): number => {
    const known = bands.get(name);
    if (known !== undefined) return known;
    const own = entry.has(name) ? 0 : nonCritical(name) ? 2 : 1;
    const band = Math.max(own, ...deps(name).map(bandOf));
    bands.set(name, band);
    return band;
  };
  const result = new Map<string, number>();
  const waveOf = (name: string, start: number): number => {
    const known = result.get(name);
    if (known !== undefined) return known;
    const wave = Math.max(start, ...deps(name).map((d) => 1 + waveOf(d, start)));
    result.set(name, wave);
    return wave;
  };
  let start = 0;
  for (const band of [0, 1, 2]) {
    const members = deployed.filter((n) => bandOf(n) === band);
    for (const name of members) waveOf(name, start);
    const last = Math.max(start - 1, ...members.map((n) => result.get(n)!));
    if (band === 0 && routed.length > 0) {
      result.set(INGRESS, last + 1);
      start = last + 2;
    } else {
      start = last + 1;
    }
  }
  return result;
}

function resolveService(ctx: Context, composeName: string): ResolvedService {
  const { system, env, environment } = ctx;
  const svc = system.services[composeName];
  const override = env.services?.[composeName] ?? {};
  const name = kubeName(composeName);
  const kind = svc.kind ?? 'long-running';
  const resources = override.resources ?? svc.resources;
  const gid = svc.runAs.gid ?? svc.runAs.uid;
  for (const b of svc.bindMounts ?? []) {
    ctx.warnings.push(`${system.id}/${environment}: ${composeName}: development bind mount ${b.hostPath} → ${b.path} dropped (Kubernetes runs the built image)`);
  }
  const accessModeOf = (volume: string) => volumeAccessMode(ctx, volume);
  const onRwoClaim = (svc.mounts ?? []).some((m) => accessModeOf(m.volume) === 'ReadWriteOnce');
  const hc = svc.healthCheck;
  const replicas = override.replicas ?? svc.replicas ?? 1;
  const autoscaling = override.autoscaling ?? svc.autoscaling;
  const oneShot = { ...ONE_SHOT, runs: { every: 'sync', idempotentBecause: '' } as OneShotRuns, sampleData: false, ...svc.oneShot };
  const dependsOn = dependenciesIn(system, composeName, environment).map((d) => ({
    service: kubeName(d.service),
    condition: d.condition,
    check: readinessCheck(system, d.service, d.condition, ctx.resolveEnv),
  }));
  const gates = dependsOn.filter((d) => d.check).length;
  const runsToCompletion = kind === 'one-shot' || kind === 'scheduled';
  return {
    name,
    namespace: svc.hostAccess ? ctx.hostNamespace : ctx.namespace,
    composeName,
    description: svc.description,
    image: svc.image,
    entrypoint: svc.entrypoint,
    args: override.command ?? svc.command,
    kind,
    schedule: svc.schedule,
    oneShot,
    component: svc.component,
    ports: (svc.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      published: p.published,
      reachableFrom: p.reachableFrom?.map(kubeName).sort(),
    })),
    env: ctx.resolveEnv({ ...svc.env, ...override.env }),
    envFiles: [...(svc.envFiles ?? [])].sort(),
    healthCheck: hc && {
      test: hc.test,
      source: hc.source,
      intervalSeconds: hc.intervalSeconds ?? COMPOSE_HEALTHCHECK.intervalSeconds,
      timeoutSeconds: hc.timeoutSeconds ?? COMPOSE_HEALTHCHECK.timeoutSeconds,
      retries: hc.retries ?? COMPOSE_HEALTHCHECK.retries,
      startPeriodSeconds: hc.startPeriodSeconds ?? COMPOSE_HEALTHCHECK.startPeriodSeconds,
      liveness: hc.liveness ?? false,
    },
    dependsOn,
    // A Job's gates share half its deadline, so a missing dependency fails the Job with the gate's reason.
    gateTimeoutSeconds:
      runsToCompletion && gates > 0 ? Math.min(GATE.timeoutSeconds, Math.floor(oneShot.activeDeadlineSeconds / 2 / gates)) : GATE.timeoutSeconds,
    talksTo: [...new Set([...Object.keys(svc.dependsOn ?? {}), ...(svc.talksTo ?? [])])]
      .filter((peer) => ctx.deployed.includes(peer) && (system.services[peer].ports ?? []).length > 0)
      .map(kubeName)
      .sort(),
    externals: (svc.usesExternals ?? []).map((e) => ctx.externals.get(e)!).sort((a, b) => a.name.localeCompare(b.name)),
    mounts: (svc.mounts ?? []).map((m) => ({ volume: kubeName(m.volume), path: m.path, readOnly: m.readOnly ?? false })),
    configFiles: [...(svc.configFiles ?? [])]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((f) => ({
        path: f.path,
        key: f.path.slice(f.path.lastIndexOf('/') + 1),
        content: f.content.replace(/\{\{berth\.namespace\}\}/g, ctx.namespace).replace(/\{\{berth\.hostNamespace\}\}/g, ctx.hostNamespace),
      })),
    hostPaths: Object.entries(svc.hostAccess?.paths ?? {})
      .map(([hostPath, path]) => ({ hostPath, path }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    replicas,
    singleton: svc.singleton ?? false,
    recreate: (svc.singleton ?? false) || onRwoClaim,
    replicated: kind === 'long-running' && (replicas > 1 || autoscaling !== undefined),
    resources: {
      cpu: resources.cpu,
      memoryMi: resources.memoryMi,
      cpuLimit: resources.cpuLimit,
      memoryLimitMi: resources.memoryLimitMi ?? resources.memoryMi,
    },
    runAs: { uid: svc.runAs.uid, gid, fsGroup: svc.runAs.fsGroup ?? gid, writablePaths: [...(svc.runAs.writablePaths ?? [])].sort() },
    autoscaling,
    tier: svc.tier ?? DEFAULT_TIER,
    longestTaskSeconds: svc.longestTaskSeconds,
    terminationGracePeriodSeconds:
      svc.terminationGracePeriodSeconds ??
      (svc.longestTaskSeconds !== undefined ? svc.longestTaskSeconds + TERMINATION_GRACE_PERIOD_SECONDS : TERMINATION_GRACE_PERIOD_SECONDS),
    roles: [...(svc.roles ?? [])].sort(),
    exemptions: [...(svc.exemptions ?? [])].sort((a, b) => a.check.localeCompare(b.check)),
    scrapedBy: svc.scrapedBy && { service: kubeName(svc.scrapedBy.service), port: svc.scrapedBy.port },
    restart: svc.restart,
    wave: ctx.waves.get(composeName)!,
  };
}

/** Declared, or derived: a volume mounted by more than one workload is shared, so ReadWriteMany. */
function volumeAccessMode(ctx: Context, volume: string): 'ReadWriteOnce' | 'ReadWriteMany' {
  return ctx.system.volumes![volume].accessMode ?? (ctx.mountedBy(volume).length > 1 ? 'ReadWriteMany' : 'ReadWriteOnce');
}

function resolveVolumes(ctx: Context): ResolvedVolume[] {
  const { system, env } = ctx;
  return Object.keys(system.volumes ?? {})
    .sort()
    .filter((v) => ctx.mountedBy(v).length > 0)
    .map((composeName) => {
      const v = system.volumes![composeName];
      const consumers = ctx.mountedBy(composeName);
      const accessMode = volumeAccessMode(ctx, composeName);
      return {
        name: kubeName(composeName),
        description: v.description,
        sizeGi: v.sizeGi,
        backup: v.backup,
        accessMode,
        storageClass: accessMode === 'ReadWriteMany' ? env.storageClasses?.readWriteMany : env.storageClasses?.readWriteOnce,
        unprotectedBecause: v.unprotectedBecause,
        embeddedStore: v.embeddedStore,
        consumers: consumers.map(kubeName),
        wave: Math.min(...consumers.map((c) => ctx.waves.get(c)!)),
      };
    });
}

function resolveSecrets(ctx: Context, services: readonly ResolvedService[]): ResolvedSecret[] {
  const forEnv = (remoteKey: string) => remoteKey.replace(/\{env\}/g, ctx.environment);
  return Object.keys(ctx.system.secrets ?? {})
    .sort()
    .map((name): ResolvedSecret => {
      const spec = ctx.system.secrets![name];
      const base = { name, description: spec.description, consumers: services.filter((s) => readsSecret(s, name)).map((s) => s.name) };
      return 'envFile' in spec
        ? { ...base, kind: 'env-file', remoteKey: forEnv(spec.envFile) }
        : {
            ...base,
            kind: 'keys',
            keys: Object.fromEntries(Object.entries(spec.keys).map(([k, v]) => [k, { ...v, remoteKey: forEnv(v.remoteKey) }])),
          };
    })
    .filter((s) => s.consumers.length > 0);
}

function resolveRoutes(ctx: Context): ResolvedRoute[] {
  return (ctx.system.routes ?? []).map((r) => ({
    host: ctx.env.hosts?.[r.host] ?? r.host,
    paths: r.paths.map((p) => ({
      path: p.path,
      pathType: p.pathType ?? 'Prefix',
      service: kubeName(p.service),
      port: p.port,
      readTimeoutSeconds: p.readTimeoutSeconds ?? INGRESS_NGINX.readTimeoutSeconds,
      sendTimeoutSeconds: p.sendTimeoutSeconds ?? INGRESS_NGINX.sendTimeoutSeconds,
      maxBodyMi: p.maxBodyMi ?? INGRESS_NGINX.maxBodyMi,
    })),
  }));
}

/** ingress-nginx settings of one path: its annotations apply to a whole Ingress, so paths are grouped by them. */
const ingressSettings = (p: ResolvedRoutePath) => `${p.readTimeoutSeconds}/${p.sendTimeoutSeconds}/${p.maxBodyMi}`;

function groupIngresses(routes: readonly ResolvedRoute[], services: ReadonlyMap<string, ResolvedService>): ResolvedIngress[] {
  const groups = new Map<string, (ResolvedRoutePath & { host: string })[]>();
  for (const route of routes) {
    for (const path of route.paths) groups.set(ingressSettings(path), [...(groups.get(ingressSettings(path)) ?? []), { ...path, host: route.host }]);
  }
  return [...groups.values()].map((paths) => {
    const backends = paths.map((p) => services.get(p.service)!).filter((s) => s.tier !== 'non-critical');
    return { wave: Math.max(-1, ...backends.map((s) => s.wave)) + 1, paths };
  });
}

function resolveNamespaces(ctx: Context, services: readonly ResolvedService[], volumes: readonly ResolvedVolume[]): ResolvedNamespace[] {
  const hostReasons = services
    .filter((s) => s.namespace === ctx.hostNamespace)
    .map((s) => `${s.name}: ${s.exemptions.find((e) => e.check === 'host-access')!.reason}`);
  return [
    { name: ctx.namespace, enforce: 'restricted', reasons: [], holdsClaims: volumes.length > 0 },
    ...(hostReasons.length > 0 ? [{ name: ctx.hostNamespace, enforce: 'privileged' as const, reasons: hostReasons, holdsClaims: false }] : []),
  ];
}

/** Whether a service's container, its env files or one of its gates (a client check with credentials) reads the Secret. */
function readsSecret(svc: ResolvedService, secret: string): boolean {
  const uses = (vars: readonly ResolvedEnvVar[]) => vars.some((e) => e.value.kind === 'secret' && e.value.secret === secret);
  return uses(svc.env) || svc.envFiles.includes(secret) || svc.dependsOn.some((d) => d.check?.kind === 'client' && uses(d.check.env));
}

/** How a dependent observes `condition` on `dep` from outside it. */
function readinessCheck(
  system: System,
  dep: string,
  condition: DependencyCondition,
  resolveEnv: (vars: Readonly<Record<string, EnvValue>>) => ResolvedEnvVar[],
): ReadinessCheck | undefined {
  const target = system.services[dep];
  const host = kubeName(dep);
  const firstPort = target.ports?.[0]?.port;
  if (condition === 'service_completed_successfully') return undefined;
  if (condition === 'service_started') return { kind: 'tcp', host, port: firstPort! };
  const hc = target.healthCheck!;
  if (hc.remote) {
    const fill = (s: string) => s.replace(/\{host\}/g, host).replace(/\{port\}/g, String(firstPort ?? ''));
    return { kind: 'client', image: hc.remote.image, command: hc.remote.command.map(fill), env: resolveEnv(hc.remote.env ?? {}) };
  }
  if (hc.test.kind === 'http') return { kind: 'http', url: `http://${host}:${hc.test.port}${hc.test.path}` };
  if (hc.test.kind === 'tcp') return { kind: 'tcp', host, port: hc.test.port };
  throw new Error(`unreachable: ${dep} has an in-container check without remote (validation lets none through)`);
}

