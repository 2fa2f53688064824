import { COMPOSE_HEALTHCHECK, DEFAULT_TIER, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from './defaults';
import { hostRewriter, kubeName } from './names';
import type {
  Autoscaling,
  BackupPriority,
  DependencyCondition,
  EnvValue,
  Environment,
  Exemption,
  HealthCheckTest,
  Route,
  SecretSpec,
  System,
  Tier,
  WorkloadKind,
} from './types';
import { isDeployedIn, validateSystem } from './validate';

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
  readonly routes: readonly Route[];
  readonly externals: readonly ResolvedExternal[];
  /** Things in the documents berth does not deploy, with the reason. */
  readonly replaced: Readonly<Record<string, string>>;
  readonly sources: readonly string[];
  readonly settings: Pick<Environment, 'secretStore' | 'clusterIssuer' | 'ingressClassName' | 'ingressController'>;
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
}

export interface ResolvedService {
  readonly name: string;
  readonly namespace: string;
  readonly composeName: string;
  readonly description: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly kind: WorkloadKind;
  readonly schedule?: string;
  readonly oneShot: { readonly backoffLimit: number; readonly activeDeadlineSeconds: number };
  readonly component: string;
  readonly ports: readonly ResolvedPort[];
  readonly env: readonly ResolvedEnvVar[];
  readonly healthCheck?: ResolvedHealthCheck;
  readonly dependsOn: readonly ResolvedDependency[];
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
  readonly terminationGracePeriodSeconds: number;
  readonly exemptions: readonly Exemption[];
  readonly scrapedBy?: { readonly service: string; readonly port: string };
  /** compose `restart`, kept for the record. */
  readonly restart?: string;
  /** Argo CD sync wave: 0 for services with no dependencies, one past the latest dependency otherwise. */
  readonly wave: number;
}

export interface ResolvedVolume {
  readonly name: string;
  readonly description: string;
  readonly sizeGi: number;
  readonly backup: BackupPriority;
  readonly accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
  readonly storageClass?: string;
  /** Kubernetes names of the workloads that mount it. */
  readonly consumers: readonly string[];
  /** A claim shares its first consumer's wave: an earlier WaitForFirstConsumer claim would deadlock the sync. */
  readonly wave: number;
}

export interface ResolvedSecret extends SecretSpec {
  readonly name: string;
  /** Kubernetes names of the services that read it, in their containers or their gates. */
  readonly consumers: readonly string[];
}

export interface ResolvedExternal {
  readonly name: string;
  readonly description: string;
  readonly host: string;
  readonly port: number;
}

/** Validates the whole description, then resolves one environment of it. */
export function resolveSystem(system: System, environment: string): ResolvedSystem {
  validateSystem(system);
  return resolveEnvironment(system, environment);
}

/** Resolves one environment of a description that `validateSystem` has accepted. */
export function resolveEnvironment(system: System, environment: string): ResolvedSystem {
  const env = system.environments[environment];
  if (!env) throw new Error(`system "${system.id}" has no environment "${environment}" (known: ${Object.keys(system.environments).join(', ')})`);

  const warnings: string[] = [];
  const namespace = env.namespace ?? `${system.id}-${environment}`;
  const hostNamespace = `${namespace}-host`;
  const composeNames = Object.keys(system.services).sort();
  const rewriteHosts = hostRewriter(composeNames);
  const deployed = composeNames.filter((n) => isDeployedIn(system, n, environment));
  for (const n of composeNames) if (!deployed.includes(n)) warnings.push(`${system.id}/${environment}: service ${n} is not deployed here`);

  const externals: ResolvedExternal[] = Object.keys(system.externals ?? {})
    .sort()
    .map((name) => ({ name: kubeName(name), description: system.externals![name].description, ...env.externals![name] }));
  const externalByComposeName = new Map(Object.keys(system.externals ?? {}).map((n) => [n, externals.find((e) => e.name === kubeName(n))!]));

  const resolveEnv = (vars: Readonly<Record<string, EnvValue>>): ResolvedEnvVar[] =>
    Object.keys(vars)
      .sort()
      .map((name) => {
        const value = vars[name];
        if (typeof value === 'string') return { name, value: { kind: 'plain', value: rewriteHosts(value) } };
        if ('secret' in value) return { name, value: { kind: 'secret', secret: value.secret, key: value.key } };
        const ext = externalByComposeName.get(value.external)!;
        return { name, value: { kind: 'plain', value: String(ext[value.field]) } };
      });

  const waves = new Map<string, number>();
  const waveOf = (name: string): number => {
    const known = waves.get(name);
    if (known !== undefined) return known;
    const deps = Object.keys(system.services[name].dependsOn ?? {});
    const wave = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(waveOf));
    waves.set(name, wave);
    return wave;
  };

  const mountedBy = (volume: string) => deployed.filter((n) => (system.services[n].mounts ?? []).some((m) => m.volume === volume));
  /** Declared, or derived: a volume mounted by more than one workload is shared, so ReadWriteMany. */
  const accessModeOf = (volume: string) =>
    system.volumes![volume].accessMode ?? (mountedBy(volume).length > 1 ? 'ReadWriteMany' : 'ReadWriteOnce');

  const services: ResolvedService[] = deployed.map((composeName) => {
    const svc = system.services[composeName];
    const override = env.services?.[composeName] ?? {};
    const name = kubeName(composeName);
    const kind = svc.kind ?? 'long-running';
    const resources = override.resources ?? svc.resources;
    const gid = svc.runAs.gid ?? svc.runAs.uid;
    const mounts = (svc.mounts ?? []).map((m) => ({ volume: kubeName(m.volume), path: m.path, readOnly: m.readOnly ?? false }));
    for (const b of svc.bindMounts ?? []) {
      warnings.push(`${system.id}/${environment}: ${composeName}: development bind mount ${b.hostPath} → ${b.path} dropped (Kubernetes runs the built image)`);
    }
    const onRwoClaim = (svc.mounts ?? []).some((m) => accessModeOf(m.volume) === 'ReadWriteOnce');
    const hc = svc.healthCheck;
    const replicas = override.replicas ?? svc.replicas ?? 1;
    const autoscaling = override.autoscaling ?? svc.autoscaling;
    return {
      name,
      namespace: svc.hostAccess ? hostNamespace : namespace,
      composeName,
      description: svc.description,
      image: svc.image,
      command: override.command ?? svc.command,
      kind,
      schedule: svc.schedule,
      oneShot: { ...ONE_SHOT, ...svc.oneShot },
      component: svc.component,
      ports: (svc.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP', published: p.published })),
      env: resolveEnv({ ...svc.env, ...override.env }),
      healthCheck: hc && {
        test: hc.test,
        intervalSeconds: hc.intervalSeconds ?? COMPOSE_HEALTHCHECK.intervalSeconds,
        timeoutSeconds: hc.timeoutSeconds ?? COMPOSE_HEALTHCHECK.timeoutSeconds,
        retries: hc.retries ?? COMPOSE_HEALTHCHECK.retries,
        startPeriodSeconds: hc.startPeriodSeconds ?? COMPOSE_HEALTHCHECK.startPeriodSeconds,
        liveness: hc.liveness ?? false,
      },
      dependsOn: Object.keys(svc.dependsOn ?? {})
        .sort()
        .map((dep) => ({ service: kubeName(dep), condition: svc.dependsOn![dep], check: readinessCheck(system, dep, svc.dependsOn![dep], resolveEnv) })),
      talksTo: [...new Set([...Object.keys(svc.dependsOn ?? {}), ...(svc.talksTo ?? [])])]
        .filter((peer) => deployed.includes(peer) && (system.services[peer].ports ?? []).length > 0)
        .map(kubeName)
        .sort(),
      externals: (svc.usesExternals ?? []).map((e) => externalByComposeName.get(e)!).sort((a, b) => a.name.localeCompare(b.name)),
      mounts,
      configFiles: [...(svc.configFiles ?? [])]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => ({
          path: f.path,
          key: f.path.slice(f.path.lastIndexOf('/') + 1),
          content: f.content.replace(/\{\{berth\.namespace\}\}/g, namespace).replace(/\{\{berth\.hostNamespace\}\}/g, hostNamespace),
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
      terminationGracePeriodSeconds: svc.terminationGracePeriodSeconds ?? TERMINATION_GRACE_PERIOD_SECONDS,
      exemptions: [...(svc.exemptions ?? [])].sort((a, b) => a.check.localeCompare(b.check)),
      scrapedBy: svc.scrapedBy && { service: kubeName(svc.scrapedBy.service), port: svc.scrapedBy.port },
      restart: svc.restart,
      wave: waveOf(composeName),
    };
  });

  const volumes: ResolvedVolume[] = Object.keys(system.volumes ?? {})
    .sort()
    .filter((v) => mountedBy(v).length > 0)
    .map((composeName) => {
      const v = system.volumes![composeName];
      const consumers = mountedBy(composeName);
      const accessMode = accessModeOf(composeName);
      return {
        name: kubeName(composeName),
        description: v.description,
        sizeGi: v.sizeGi,
        backup: v.backup,
        accessMode,
        storageClass: accessMode === 'ReadWriteMany' ? env.storageClasses?.readWriteMany : env.storageClasses?.readWriteOnce,
        consumers: consumers.map(kubeName),
        wave: Math.min(...consumers.map(waveOf)),
      };
    });

  const secrets: ResolvedSecret[] = Object.keys(system.secrets ?? {})
    .sort()
    .map((name) => ({
      name,
      description: system.secrets![name].description,
      keys: Object.fromEntries(
        Object.entries(system.secrets![name].keys).map(([k, v]) => [k, { ...v, remoteKey: v.remoteKey.replace(/\{env\}/g, environment) }]),
      ),
      consumers: services.filter((s) => readsSecret(s, name)).map((s) => s.name),
    }))
    .filter((s) => s.consumers.length > 0);

  const routes: Route[] = (system.routes ?? []).map((r) => ({
    host: env.hosts?.[r.host] ?? r.host,
    paths: r.paths.map((p) => ({ ...p, service: kubeName(p.service) })),
  }));

  const hostReasons = services
    .filter((s) => s.namespace === hostNamespace)
    .map((s) => `${s.name}: ${s.exemptions.find((e) => e.check === 'host-access')!.reason}`);
  return {
    id: system.id,
    environment,
    namespace,
    namespaces: [
      { name: namespace, enforce: 'restricted', reasons: [] },
      ...(hostReasons.length > 0 ? [{ name: hostNamespace, enforce: 'privileged' as const, reasons: hostReasons }] : []),
    ],
    description: system.description,
    services,
    volumes,
    secrets,
    routes,
    externals: externals.filter((e) => services.some((s) => s.externals.includes(e))),
    replaced: system.replaced ?? {},
    sources: system.sources,
    settings: {
      secretStore: env.secretStore,
      clusterIssuer: env.clusterIssuer,
      ingressClassName: env.ingressClassName,
      ingressController: env.ingressController,
    },
    warnings,
  };
}

/** Whether a service's container or one of its gates (a client check with credentials) reads the Secret. */
function readsSecret(svc: ResolvedService, secret: string): boolean {
  const uses = (vars: readonly ResolvedEnvVar[]) => vars.some((e) => e.value.kind === 'secret' && e.value.secret === secret);
  return uses(svc.env) || svc.dependsOn.some((d) => d.check?.kind === 'client' && uses(d.check.env));
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
