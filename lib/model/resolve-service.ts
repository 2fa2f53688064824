import { DEFAULT_TIER, GATE, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from './defaults';
import { kubeName } from './names';
import { gateImage, podVolumes, servicePorts } from './objects';
import { fill } from './placeholders';
import { resolveContainer, resolveSidecars } from './resolve-container';
import type { Context } from './resolve-context';
import type { ReadinessCheck, ResolvedDependency, ResolvedService, ResolvedServiceBase } from './resolved';
import type { DependencyCondition, Service } from './types';

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
      return Object.assign(resolveBase(ctx, composeName, dependsOn, oneShot.activeDeadlineSeconds), { kind: 'one-shot' as const, oneShot });
    }
    case 'scheduled': {
      const job = { ...ONE_SHOT, ...svc.job };
      return Object.assign(resolveBase(ctx, composeName, dependsOn, job.activeDeadlineSeconds), { kind: 'scheduled' as const, schedule: svc.schedule, job });
    }
    case 'per-node':
      return Object.assign(resolveBase(ctx, composeName, dependsOn), { kind: 'per-node' as const });
    default: {
      const override = ctx.env.services?.[composeName] ?? {};
      const replicas = override.replicas ?? svc.replicas ?? 1;
      const autoscaling = override.autoscaling ?? svc.autoscaling;
      const singleton = svc.singleton ?? false;
      const onRwoClaim = podVolumes(svc).some((volume) => volumeAccessMode(ctx, volume) === 'ReadWriteOnce');
      return Object.assign(resolveBase(ctx, composeName, dependsOn), {
        kind: 'long-running' as const,
        replicas,
        singleton,
        recreate: singleton || onRwoClaim,
        replicated: replicas > 1 || autoscaling !== undefined,
        autoscaling,
      });
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
  const gates = dependsOn.filter((d) => d.check).length;
  const container = resolveContainer(ctx, svc, {
    resources: override.resources ?? svc.resources,
    command: override.command ?? svc.command,
    env: { ...svc.env, ...override.env },
    configKey: (file) => file,
  });
  const sidecars = resolveSidecars(ctx, svc);
  const { hostname, hostAliases, shareProcessNamespace, sysctls, aliases, annotations } = composeSettings(svc);
  // Every field named, none spread: a literal that starts with a spread (or has one late) is built a field at a
  // time through the runtime, which made this function half of resolution (39 µs a service; 8 µs named). The
  // kind's own fields are added to the result (resolveService), not copied with it into another literal. The
  // `satisfies` below makes tsc name any field of ResolvedServiceBase the literal leaves out.
  return {
    description: container.description,
    image: container.image,
    entrypoint: container.entrypoint,
    args: container.args,
    workingDir: container.workingDir,
    ports: container.ports,
    env: container.env,
    envFiles: container.envFiles,
    healthCheck: container.healthCheck,
    mounts: container.mounts,
    configFiles: container.configFiles,
    scratch: container.scratch,
    secretFiles: container.secretFiles,
    resources: container.resources,
    name: kubeName(composeName),
    namespace: svc.hostAccess ? ctx.hostNamespace : ctx.namespace,
    composeName,
    imagePullSecrets: ctx.pullSecretsFor([container.image, ...sidecars.map((s) => s.image), ...dependsOn.flatMap((d) => (d.check ? [gateImage(d.check)] : []))]),
    component: svc.component,
    dependsOn,
    gateTimeoutSeconds: deadlineSeconds !== undefined && gates > 0 ? Math.min(GATE.timeoutSeconds, Math.floor(deadlineSeconds / 2 / gates)) : GATE.timeoutSeconds,
    talksTo: [...new Set([...Object.keys(svc.dependsOn ?? {}), ...(svc.talksTo ?? [])])]
      .filter((peer) => ctx.isDeployed(peer) && servicePorts(ctx.system.services[peer]).length > 0)
      .map(kubeName)
      .sort(),
    externals: (svc.usesExternals ?? []).map((e) => ctx.externals.get(e)!).sort((a, b) => a.name.localeCompare(b.name)),
    hostPaths: Object.entries(svc.hostAccess?.paths ?? {})
      .map(([hostPath, path]) => ({ hostPath, path }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    runAs: { ...container.runAs, fsGroup: svc.runAs.fsGroup ?? container.runAs.gid },
    tier: svc.tier ?? DEFAULT_TIER,
    longestTaskSeconds: svc.longestTaskSeconds,
    terminationGracePeriodSeconds:
      svc.terminationGracePeriodSeconds ?? (svc.longestTaskSeconds !== undefined ? svc.longestTaskSeconds + TERMINATION_GRACE_PERIOD_SECONDS : TERMINATION_GRACE_PERIOD_SECONDS),
    roles: [...(svc.roles ?? [])].sort(),
    exemptions: [...(svc.exemptions ?? [])].sort((a, b) => a.check.localeCompare(b.check)),
    scrapedBy: svc.scrapedBy && { service: kubeName(svc.scrapedBy.service), port: svc.scrapedBy.port },
    restart: svc.restart,
    hostname,
    hostAliases,
    shareProcessNamespace,
    sysctls,
    aliases,
    annotations,
    sidecars,
    wave: ctx.waves.get(composeName)!,
  } satisfies Record<keyof ResolvedServiceBase, unknown>; // every field, optional ones too: none forgotten
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What compose sets around the process (names, kernel parameters, labels), sorted for a stable output. */
function composeSettings(svc: Service) {
  const hostnames = new Map<string, string[]>();
  for (const h of svc.hostAliases ?? []) {
    const names = hostnames.get(h.ip) ?? [];
    hostnames.set(h.ip, [...names, ...h.hostnames.filter((n) => !names.includes(n))]);
  }
  return {
    hostname: svc.hostname,
    hostAliases: [...hostnames.keys()].sort(byText).map((ip) => ({ ip, hostnames: hostnames.get(ip)! })),
    shareProcessNamespace: svc.init ?? false,
    sysctls: Object.keys(svc.sysctls ?? {})
      .sort(byText)
      .map((name) => ({ name, value: svc.sysctls![name] })),
    aliases: [...(svc.aliases ?? [])].sort(byText),
    annotations: Object.fromEntries(
      Object.keys(svc.annotations ?? {})
        .sort(byText)
        .map((k) => [k, svc.annotations![k]]),
    ),
  } satisfies Partial<ResolvedServiceBase>;
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
  const firstPort = servicePorts(target)[0]?.port;
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
