import { COMPOSE_HEALTHCHECK, DEFAULT_TIER, GATE, MAX_MEMORY_SHARE, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from './defaults';
import { imageName } from './image-reference';
import { kubeName } from './names';
import { gateImage } from './objects';
import { builtImageOf, releasedReference } from './release';
import { toYaml } from '../yaml-emit';
import { fill } from './placeholders';
import type { Context } from './resolve-context';
import type { ReadinessCheck, ResolvedDependency, ResolvedService, ResolvedServiceBase } from './resolved';
import type { DependencyCondition, Service, Resources } from './types';

/** One deployed service, every default settled, in Kubernetes names. */
export function resolveService(ctx: Context, composeName: string): ResolvedService {
  const svc = ctx.system.services[composeName];
  for (const b of svc.bindMounts ?? []) {
    ctx.warnings.push(`${ctx.system.id}/${ctx.environment}: ${composeName}: development bind mount ${b.hostPath} → ${b.path} dropped (Kubernetes runs the built image)`);
  }
  const dependsOn = resolveDependencies(ctx, composeName);
  switch (svc.kind) {
    case 'one-shot': {
      const oneShot = { ...ONE_SHOT, sampleData: false, ...svc.oneShot };
      return { ...resolveBase(ctx, composeName, dependsOn, oneShot.activeDeadlineSeconds), kind: 'one-shot', oneShot };
    }
    case 'scheduled': {
      const job = { ...ONE_SHOT, ...svc.job };
      return { ...resolveBase(ctx, composeName, dependsOn, job.activeDeadlineSeconds), kind: 'scheduled', schedule: svc.schedule, job };
    }
    case 'per-node':
      return { ...resolveBase(ctx, composeName, dependsOn), kind: 'per-node' };
    default: {
      const override = ctx.env.services?.[composeName] ?? {};
      const replicas = override.replicas ?? svc.replicas ?? 1;
      const autoscaling = override.autoscaling ?? svc.autoscaling;
      const singleton = svc.singleton ?? false;
      const onRwoClaim = (svc.mounts ?? []).some((m) => volumeAccessMode(ctx, m.volume) === 'ReadWriteOnce');
      return {
        ...resolveBase(ctx, composeName, dependsOn),
        kind: 'long-running',
        replicas,
        singleton,
        recreate: singleton || onRwoClaim,
        replicated: replicas > 1 || autoscaling !== undefined,
        autoscaling,
      };
    }
  }
}

/** Declared, or derived from this environment's mounters: a volume mounted by more than one workload is ReadWriteMany. */
export function volumeAccessMode(ctx: Context, volume: string): 'ReadWriteOnce' | 'ReadWriteMany' {
  return ctx.system.volumes![volume].accessMode ?? (ctx.mountedBy(volume).length > 1 ? 'ReadWriteMany' : 'ReadWriteOnce');
}

/**
 * What every kind shares. A Job's gates share half its deadline (`deadlineSeconds`), so a missing dependency
 * fails the Job with the gate's reason rather than a silent kill.
 */
function resolveBase(ctx: Context, composeName: string, dependsOn: readonly ResolvedDependency[], deadlineSeconds?: number): ResolvedServiceBase {
  const svc = ctx.system.services[composeName];
  const override = ctx.env.services?.[composeName] ?? {};
  const resources = override.resources ?? svc.resources;
  const gid = svc.runAs.gid ?? svc.runAs.uid;
  const gates = dependsOn.filter((d) => d.check).length;
  const image = imageOf(ctx, svc);
  return {
    name: kubeName(composeName),
    namespace: svc.hostAccess ? ctx.hostNamespace : ctx.namespace,
    composeName,
    description: svc.description,
    image,
    imagePullSecrets: ctx.pullSecretsFor([image, ...dependsOn.flatMap((d) => (d.check ? [gateImage(d.check)] : []))]),
    entrypoint: svc.entrypoint,
    args: fillCommand(override.command ?? svc.command, resources),
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
    healthCheck: resolveHealthCheck(svc),
    dependsOn,
    gateTimeoutSeconds: deadlineSeconds !== undefined && gates > 0 ? Math.min(GATE.timeoutSeconds, Math.floor(deadlineSeconds / 2 / gates)) : GATE.timeoutSeconds,
    talksTo: [...new Set([...Object.keys(svc.dependsOn ?? {}), ...(svc.talksTo ?? [])])]
      .filter((peer) => ctx.isDeployed(peer) && (ctx.system.services[peer].ports ?? []).length > 0)
      .map(kubeName)
      .sort(),
    externals: (svc.usesExternals ?? []).map((e) => ctx.externals.get(e)!).sort((a, b) => a.name.localeCompare(b.name)),
    mounts: (svc.mounts ?? []).map((m) => ({ volume: kubeName(m.volume), path: m.path, readOnly: m.readOnly ?? false })),
    configFiles: resolveConfigFiles(ctx, svc),
    hostPaths: Object.entries(svc.hostAccess?.paths ?? {})
      .map(([hostPath, path]) => ({ hostPath, path }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    resources: { cpu: resources.cpu, memoryMi: resources.memoryMi, cpuLimit: resources.cpuLimit, memoryLimitMi: resources.memoryLimitMi ?? resources.memoryMi },
    runAs: {
      uid: svc.runAs.uid,
      gid,
      fsGroup: svc.runAs.fsGroup ?? gid,
      writablePaths: [...(svc.runAs.writablePaths ?? [])].sort(),
      writableCopies: [...(svc.runAs.writableCopies ?? [])].sort(),
    },
    tier: svc.tier ?? DEFAULT_TIER,
    longestTaskSeconds: svc.longestTaskSeconds,
    terminationGracePeriodSeconds:
      svc.terminationGracePeriodSeconds ?? (svc.longestTaskSeconds !== undefined ? svc.longestTaskSeconds + TERMINATION_GRACE_PERIOD_SECONDS : TERMINATION_GRACE_PERIOD_SECONDS),
    roles: [...(svc.roles ?? [])].sort(),
    exemptions: [...(svc.exemptions ?? [])].sort((a, b) => a.check.localeCompare(b.check)),
    scrapedBy: svc.scrapedBy && { service: kubeName(svc.scrapedBy.service), port: svc.scrapedBy.port },
    restart: svc.restart,
    ...composeSettings(svc),
    wave: ctx.waves.get(composeName)!,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What compose sets around the process (files, names, kernel parameters, labels), sorted for a stable output. */
function composeSettings(svc: Service) {
  const hostnames = new Map<string, string[]>();
  for (const h of svc.hostAliases ?? []) {
    const names = hostnames.get(h.ip) ?? [];
    hostnames.set(h.ip, [...names, ...h.hostnames.filter((n) => !names.includes(n))]);
  }
  return {
    workingDir: svc.workingDir,
    hostname: svc.hostname,
    hostAliases: [...hostnames.keys()].sort(byText).map((ip) => ({ ip, hostnames: hostnames.get(ip)! })),
    shareProcessNamespace: svc.init ?? false,
    sysctls: Object.keys(svc.sysctls ?? {})
      .sort(byText)
      .map((name) => ({ name, value: svc.sysctls![name] })),
    scratch: (svc.scratch ?? []).map((s) => ({ path: s.path, sizeMi: s.sizeMi, inMemory: s.inMemory ?? false })).sort((a, b) => byText(a.path, b.path)),
    secretFiles: (svc.secretFiles ?? []).map((f) => ({ secret: f.secret, key: f.key, path: f.path })).sort((a, b) => byText(a.path, b.path)),
    aliases: [...(svc.aliases ?? [])].sort(byText),
    annotations: Object.fromEntries(
      Object.keys(svc.annotations ?? {})
        .sort(byText)
        .map((k) => [k, svc.annotations![k]]),
    ),
  } satisfies Partial<ResolvedServiceBase>;
}

/** A third-party image as the chart pins it; an image the team builds as this environment's release names it. */
function imageOf(ctx: Context, svc: Service): string {
  const built = builtImageOf(svc);
  if (built === undefined) return svc.image as string;
  // Validation lets no environment through without a release of every image it runs.
  return releasedReference(built.repository, ctx.env.release![imageName(built.repository)]);
}

/** `{{berth.maxmemory}}`: the store's share of the memory limit this environment resolves, in Redis' MiB (`mb`). */
function fillCommand(command: readonly string[] | undefined, resources: Resources): readonly string[] | undefined {
  const limitMi = resources.memoryLimitMi ?? resources.memoryMi;
  return command?.map((part) => fill(part, { maxmemory: `${Math.floor(limitMi * MAX_MEMORY_SHARE)}mb` }));
}

function resolveHealthCheck(svc: Service): ResolvedServiceBase['healthCheck'] {
  const hc = svc.healthCheck;
  return (
    hc && {
      test: hc.test,
      source: hc.source,
      intervalSeconds: hc.intervalSeconds ?? COMPOSE_HEALTHCHECK.intervalSeconds,
      timeoutSeconds: hc.timeoutSeconds ?? COMPOSE_HEALTHCHECK.timeoutSeconds,
      retries: hc.retries ?? COMPOSE_HEALTHCHECK.retries,
      startPeriodSeconds: hc.startPeriodSeconds ?? COMPOSE_HEALTHCHECK.startPeriodSeconds,
      liveness: hc.liveness ?? false,
    }
  );
}

/** Configuration files sorted by path, each keyed by its file name, with the namespaces filled in. */
function resolveConfigFiles(ctx: Context, svc: Service): ResolvedServiceBase['configFiles'] {
  return [...(svc.configFiles ?? [])]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => ({
      path: f.path,
      key: f.path.slice(f.path.lastIndexOf('/') + 1),
      content: fill('yaml' in f ? toYaml(f.yaml) : f.content, { namespace: ctx.namespace, hostNamespace: ctx.hostNamespace }),
    }));
}

function resolveDependencies(ctx: Context, composeName: string): ResolvedDependency[] {
  return ctx.dependenciesOf(composeName).map((d) => ({
    service: kubeName(d.service),
    composeName: d.service,
    condition: d.condition,
    check: readinessCheck(ctx, d.service, d.condition),
  }));
}

/** How a dependent observes `condition` on `dep` from outside it. */
function readinessCheck(ctx: Context, dep: string, condition: DependencyCondition): ReadinessCheck | undefined {
  const target = ctx.system.services[dep];
  const host = kubeName(dep);
  const firstPort = target.ports?.[0]?.port;
  if (condition === 'service_completed_successfully') return undefined;
  if (condition === 'service_started') return { kind: 'tcp', host, port: firstPort! };
  const hc = target.healthCheck!;
  if (hc.remote) {
    const values = { host, port: String(firstPort ?? '') };
    return { kind: 'client', image: hc.remote.image, command: hc.remote.command.map((s) => fill(s, values)), env: ctx.resolveEnv(hc.remote.env ?? {}) };
  }
  if (hc.test.kind === 'http') return { kind: 'http', url: `http://${host}:${hc.test.port}${hc.test.path}` };
  if (hc.test.kind === 'tcp') return { kind: 'tcp', host, port: hc.test.port };
  throw new Error(`unreachable: ${dep} has an in-container check without remote (validation lets none through)`);
}
