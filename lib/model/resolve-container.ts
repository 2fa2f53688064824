import { COMPOSE_HEALTHCHECK, MAX_MEMORY_SHARE } from './defaults';
import { imageName } from './image-reference';
import { kubeName } from './names';
import { fill } from './placeholders';
import { builtImageOf, releasedReference } from './release';
import type { Context } from './resolve-context';
import type { ResolvedContainer, ResolvedHealthCheck, ResolvedSidecar } from './resolved';
import type { ConfigFile, EnvValue, HealthCheck, Resources, Service, Sidecar } from './types';
import { toYaml } from '../yaml-emit';

/** What a service and a sidecar both describe about their container. */
type ContainerSpec = Pick<
  Service & Sidecar,
  'description' | 'image' | 'entrypoint' | 'workingDir' | 'ports' | 'envFiles' | 'healthCheck' | 'mounts' | 'configFiles' | 'scratch' | 'secretFiles'
> & { readonly runAs: Sidecar['runAs'] };

/** What this environment gives the container, after its overrides. */
export interface ContainerSettings {
  readonly resources: Resources;
  readonly command?: readonly string[];
  readonly env: Readonly<Record<string, EnvValue>>;
  /** The ConfigMap key of a configuration file: its name, prefixed for a sidecar. */
  readonly configKey: (fileName: string) => string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One container of a pod, every default settled and every list sorted. */
export function resolveContainer(ctx: Context, spec: ContainerSpec, settings: ContainerSettings): ResolvedContainer {
  const { resources } = settings;
  return {
    description: spec.description,
    image: imageOf(ctx, spec),
    entrypoint: spec.entrypoint,
    args: fillCommand(settings.command, resources),
    workingDir: spec.workingDir,
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      published: p.published,
      reachableFrom: p.reachableFrom?.map(kubeName).sort(),
    })),
    env: ctx.resolveEnv(settings.env),
    envFiles: [...(spec.envFiles ?? [])].sort(),
    healthCheck: resolveHealthCheck(spec.healthCheck),
    mounts: (spec.mounts ?? []).map((m) => ({ volume: kubeName(m.volume), path: m.path, readOnly: m.readOnly ?? false })),
    configFiles: resolveConfigFiles(ctx, spec.configFiles ?? [], settings.configKey),
    scratch: (spec.scratch ?? []).map((s) => ({ path: s.path, sizeMi: s.sizeMi, inMemory: s.inMemory ?? false })).sort((a, b) => byText(a.path, b.path)),
    secretFiles: (spec.secretFiles ?? []).map((f) => ({ secret: f.secret, key: f.key, path: f.path })).sort((a, b) => byText(a.path, b.path)),
    resources: { cpu: resources.cpu, memoryMi: resources.memoryMi, cpuLimit: resources.cpuLimit, memoryLimitMi: resources.memoryLimitMi ?? resources.memoryMi },
    runAs: {
      uid: spec.runAs.uid,
      gid: spec.runAs.gid ?? spec.runAs.uid,
      writablePaths: [...(spec.runAs.writablePaths ?? [])].sort(),
      writableCopies: [...((spec.runAs as { writableCopies?: readonly string[] }).writableCopies ?? [])].sort(),
    },
  };
}

/** A service's sidecars, by name: the same in every environment. */
export function resolveSidecars(ctx: Context, svc: Service): ResolvedSidecar[] {
  const sidecars = svc.sidecars ?? {};
  return Object.keys(sidecars)
    .sort(byText)
    .map((name) => {
      const spec = sidecars[name];
      const container = resolveContainer(ctx, spec, { resources: spec.resources, command: spec.command, env: spec.env ?? {}, configKey: (file) => `${name}.${file}` });
      return { name, ...container };
    });
}

/** A third-party image as the chart pins it; an image the team builds as this environment's release names it. */
function imageOf(ctx: Context, spec: Pick<Service, 'image'>): string {
  const built = builtImageOf(spec);
  if (built === undefined) return spec.image as string;
  // Validation lets no environment through without a release of every image it runs.
  return releasedReference(built.repository, ctx.env.release![imageName(built.repository)]);
}

/** `{{berth.maxmemory}}`: the store's share of the memory limit this environment resolves, in Redis' MiB (`mb`). */
function fillCommand(command: readonly string[] | undefined, resources: Resources): readonly string[] | undefined {
  const limitMi = resources.memoryLimitMi ?? resources.memoryMi;
  return command?.map((part) => fill(part, { maxmemory: `${Math.floor(limitMi * MAX_MEMORY_SHARE)}mb` }));
}

function resolveHealthCheck(hc: HealthCheck | undefined): ResolvedHealthCheck | undefined {
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
function resolveConfigFiles(ctx: Context, files: readonly ConfigFile[], configKey: (fileName: string) => string): ResolvedContainer['configFiles'] {
  return [...files]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => ({
      path: f.path,
      key: configKey(f.path.slice(f.path.lastIndexOf('/') + 1)),
      content: fill('yaml' in f ? toYaml(f.yaml) : f.content, { namespace: ctx.namespace, hostNamespace: ctx.hostNamespace }),
    }));
}
