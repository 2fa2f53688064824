import { INGRESS_NGINX } from './defaults';
import { DEFAULT_DESTINATION } from './destinations';
import { kubeName, pullSecretName } from './names';
import { fill } from './placeholders';
import { checkResolved } from './check-resolved';
import { type Context, context } from './resolve-context';
import { imagesNeededIn, notAutomatedReasons, releasedReference } from './release';
import { resolveService, volumeAccessMode } from './resolve-service';
import type {
  ResolvedExternal,
  ResolvedIngress,
  ResolvedNamespace,
  ResolvedReleasedImage,
  ResolvedRoute,
  ResolvedRoutePath,
  ResolvedSecret,
  ResolvedService,
  ResolvedSystem,
  ResolvedVolume,
} from './resolved';
import type { System } from './types';
import { validateSystem } from './validate';

export * from './resolved';

/**
 * Validates the whole description, resolves one environment of it, and checks what was resolved: the rules
 * that depend on an environment (replicas on a ReadWriteOnce claim, dependencies deployed) judge the very
 * values the constructs render, so a rule and the output never disagree.
 */
export function resolveSystem(system: System, environment: string): ResolvedSystem {
  validateSystem(system);
  const resolved = resolveEnvironment(system, environment);
  checkResolved(system, [resolved]).throwIfAny(system.id);
  return resolved;
}

/**
 * Resolves one environment of a description that `validateSystem` has accepted, in steps, as kompose's loader
 * → model → transformer: the shared context, the services, then what hangs off them.
 */
export function resolveEnvironment(system: System, environment: string): ResolvedSystem {
  const ctx = context(system, environment);
  const services = ctx.deployed.map((name) => resolveService(ctx, name));
  const volumes = resolveVolumes(ctx);
  const routes = resolveRoutes(ctx);
  const release = resolveRelease(ctx);
  return {
    id: system.id,
    environment,
    namespace: ctx.namespace,
    namespaces: resolveNamespaces(ctx, services, volumes),
    description: system.description,
    services,
    volumes,
    secrets: resolveSecrets(ctx, services),
    routes,
    ingresses: groupIngresses(routes, new Map(services.map((s) => [s.name, s]))),
    externals: usedExternals(ctx, services),
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
    destination: ctx.env.destination ?? DEFAULT_DESTINATION,
    release,
    warnings: ctx.warnings,
  };
}

function resolveVolumes(ctx: Context): ResolvedVolume[] {
  return Object.keys(ctx.system.volumes ?? {})
    .sort()
    .filter((v) => ctx.mountedBy(v).length > 0)
    .map((composeName) => {
      const v = ctx.system.volumes![composeName];
      const consumers = ctx.mountedBy(composeName);
      const accessMode = volumeAccessMode(ctx, composeName);
      return {
        name: kubeName(composeName),
        composeName,
        description: v.description,
        sizeGi: v.sizeGi,
        backup: v.backup,
        accessMode,
        storageClass: accessMode === 'ReadWriteMany' ? ctx.env.storageClasses?.readWriteMany : ctx.env.storageClasses?.readWriteOnce,
        unprotectedBecause: v.unprotectedBecause,
        embeddedStore: v.embeddedStore,
        consumers: consumers.map(kubeName),
        wave: Math.min(...consumers.map((c) => ctx.waves.get(c)!)),
      };
    });
}

function resolveSecrets(ctx: Context, services: readonly ResolvedService[]): ResolvedSecret[] {
  const forEnv = (remoteKey: string) => fill(remoteKey, { environment: ctx.environment });
  const consumers = secretConsumers(services);
  const declared = Object.keys(ctx.system.secrets ?? {})
    .filter((name) => consumers.has(name))
    .map((name): ResolvedSecret => {
      const spec = ctx.system.secrets![name];
      const base = { name, description: spec.description, consumers: consumers.get(name)! };
      if ('envFile' in spec) return { ...base, kind: 'env-file', remoteKey: forEnv(spec.envFile) };
      return { ...base, kind: 'keys', keys: Object.fromEntries(Object.entries(spec.keys).map(([k, v]) => [k, { ...v, remoteKey: forEnv(v.remoteKey) }])) };
    });
  // A registry's pull Secret exists where some pod pulls from it.
  const pull = Object.keys(ctx.registries)
    .filter((registry) => consumers.has(pullSecretName(registry)))
    .map((registry): ResolvedSecret => {
      const { description, remoteKey } = ctx.registries[registry];
      const name = pullSecretName(registry);
      const users = consumers.get(name)!;
      const namespaces = [...new Set(services.filter((svc) => users.includes(svc.name)).map((svc) => svc.namespace))].sort();
      return { name, description, consumers: users, kind: 'registry', registry, remoteKey: forEnv(remoteKey), namespaces };
    });
  return [...declared, ...pull].sort((a, b) => a.name.localeCompare(b.name));
}

/** Each image the team builds that runs here, with the reference its pods run and why it is not real yet. */
function resolveRelease(ctx: Context): ResolvedReleasedImage[] {
  const images = imagesNeededIn(ctx.system, ctx.environment).map((image): ResolvedReleasedImage => {
    const release = ctx.env.release![image.name];
    return {
      name: image.name,
      reference: releasedReference(image.repository, release),
      services: image.services.map(kubeName),
      pending: notAutomatedReasons(image.repository, release, ctx.env.production ?? false),
    };
  });
  const waiting = images.filter((i) => i.pending.length > 0).flatMap((i) => i.services);
  if (waiting.length > 0) {
    ctx.warnings.push(
      `${ctx.system.id}/${ctx.environment}: not synced automatically until its release is complete; services whose release is not complete: ${[...waiting].sort().join(', ')} (berth release --check ${ctx.system.id} ${ctx.environment})`,
    );
  }
  return images;
}

/**
 * The services that read each Secret, in service order, indexed in one pass: a service reads a Secret through
 * its containers' env (sidecars' included), env files and secret files, one of its gates (a client check with credentials), or
 * to pull its images.
 */
function secretConsumers(services: readonly ResolvedService[]): Map<string, string[]> {
  const consumers = new Map<string, string[]>();
  for (const svc of services) {
    const read = new Set<string>(svc.imagePullSecrets);
    const uses = (vars: ResolvedService['env']) => vars.forEach((e) => e.value.kind === 'secret' && read.add(e.value.secret));
    for (const c of [svc, ...svc.sidecars]) {
      for (const secret of [...c.envFiles, ...c.secretFiles.map((f) => f.secret)]) read.add(secret);
      uses(c.env);
    }
    for (const d of svc.dependsOn) if (d.check?.kind === 'client') uses(d.check.env);
    for (const secret of read) {
      const list = consumers.get(secret);
      if (list) list.push(svc.name);
      else consumers.set(secret, [svc.name]);
    }
  }
  return consumers;
}

/** The environment's external endpoints that a deployed service uses, in name order. */
function usedExternals(ctx: Context, services: readonly ResolvedService[]): ResolvedExternal[] {
  const used = new Set(services.flatMap((s) => s.externals));
  return [...ctx.externals.values()].filter((e) => used.has(e));
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
    const backends = paths.map((p) => services.get(p.service)).filter((s) => s !== undefined && s.tier !== 'non-critical');
    return { wave: Math.max(-1, ...backends.map((s) => s!.wave)) + 1, paths };
  });
}

function resolveNamespaces(ctx: Context, services: readonly ResolvedService[], volumes: readonly ResolvedVolume[]): ResolvedNamespace[] {
  const hostReasons = services.filter((s) => s.namespace === ctx.hostNamespace).map((s) => `${s.name}: ${s.exemptions.find((e) => e.check === 'host-access')!.reason}`);
  return [
    { name: ctx.namespace, enforce: 'restricted', reasons: [], holdsClaims: volumes.length > 0 },
    ...(hostReasons.length > 0 ? [{ name: ctx.hostNamespace, enforce: 'privileged' as const, reasons: hostReasons, holdsClaims: false }] : []),
  ];
}
