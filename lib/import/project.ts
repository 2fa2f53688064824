import * as fs from 'fs';
import * as path from 'path';
import type { ComposeProject, ComposeService } from '../compose/types';
import { findImage } from '../images';
import type { ResolvedImage } from '../images';
import { Assumed, assumed } from '../model/assumed';
import { parseImage } from '../images';
import { knownBad } from '../validate/images';
import type { ExternalEndpoint, Port } from '../model/types';
import { type DraftValue, type ImportContext, type ImportOptions, type ImportWarning, settled, warn } from './context';
import { CREDENTIALS_SECRET, configurationText, isCredential } from './environment';
import { hostMentions, mentionPort } from './hosts';
import { mapPorts } from './ports';
import { type Pods, podsOf } from './pods';
import { builtHere, builtImage, mapService } from './service';
import { addSidecars } from './sidecar';
import { imageName } from '../model/image-reference';
import type { ReleaseFile } from '../releases/file';

/** A compose project as a chart: the system (without its environments), each environment's endpoints, and why. */
export interface ImportedChart {
  readonly id: string;
  /** The chart's export: `shop-v2` → `shopV2`. */
  readonly exportName: string;
  /** Everything of the System but `environments`; values the importer guessed are `Assumed`. */
  readonly system: Record<string, DraftValue>;
  /** Per environment: the platform settings it spreads (`cluster.<name>`) and its external endpoints. */
  readonly environments: Readonly<Record<string, { readonly externals: Readonly<Record<string, ExternalEndpoint>> }>>;
  readonly warnings: readonly ImportWarning[];
  /** Keys the secret store must hold before the system starts. */
  readonly storeKeys: readonly string[];
  /** Keys of the credentials Secret whose values compose gives equal (a password and the URL that carries it are not detected). */
  readonly equalKeys: readonly (readonly string[])[];
  /** `releases/<id>.yaml`: the first release of each image compose only builds, per environment. */
  readonly release: ReleaseFile;
  /** Compose services that became sidecars → the chart service whose pod they run in. */
  readonly sidecarOf: Readonly<Record<string, string>>;
}

/** A problem that stops the import: compose says something berth cannot turn into a working chart. */
export class ImportError extends Error {
  constructor(readonly problems: readonly ImportWarning[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'ImportError';
  }
}

export function importProject(project: ComposeProject, options: ImportOptions): ImportedChart {
  const pods = podsOf(project);
  refuseUnimportable(project, options, pods);
  const ctx = context(project, options, pods);
  const services: Record<string, DraftValue> = {};
  // A service in another's network namespace is a container of that one's pod, not a service of its own.
  for (const name of Object.keys(project.services).sort()) if (!pods.rootOf.has(name)) services[ctx.chartName(name)] = mapService(ctx, project.services[name]);
  addSidecars(ctx, services);
  addAliases(ctx, services);
  startAfterPeers(ctx, services);
  afterReleaseSteps(ctx, services);
  sharedByReplicas(ctx, services);
  addRoutes(ctx, services);
  const environments = Object.fromEntries(
    (options.environments ?? ['dev']).map((env) => [
      env,
      { externals: Object.fromEntries([...ctx.externals].map(([n, e]) => [n, e.host === undefined ? { anyHost: true as const, port: e.port } : { host: e.host, port: e.port }])) },
    ]),
  );
  const system = {
    id: options.name,
    description: `${options.name}, imported from ${project.name ?? path.basename(project.projectDir)} (docker compose)`,
    sources: [],
    services,
    ...(ctx.volumes.size > 0 ? { volumes: Object.fromEntries([...ctx.volumes].sort(([a], [b]) => a.localeCompare(b))) } : {}),
    ...(ctx.externals.size > 0 ? { externals: Object.fromEntries([...ctx.externals].map(([n, e]) => [n, { description: e.description }])) } : {}),
    ...(ctx.secrets.size > 0 || ctx.credentialKeys.size > 0 ? { secrets: secrets(ctx) } : {}),
    ...(ctx.routes.length > 0 ? { routes: ctx.routes } : {}),
  };
  const storeKeys = [...storeKeysOf(ctx)].sort();
  const built = Object.values(project.services).filter(builtHere);
  const first = Object.fromEntries(
    built.map((s) => {
      const { repository, tag } = builtImage(ctx, s);
      return [imageName(repository), { tag, notDocumented: `compose only builds ${s.name}: release the image CI builds with berth release` }];
    }),
  );
  const release: ReleaseFile = built.length > 0 ? Object.fromEntries(Object.keys(environments).map((env) => [env, first])) : {};
  return {
    id: options.name,
    release,
    equalKeys: [...ctx.equalCredentials.values()]
      .filter((keys) => keys.size > 1)
      .map((keys) => [...keys].sort())
      .sort((a, b) => a[0].localeCompare(b[0])),
    exportName: exportName(options.name),
    system,
    environments,
    warnings: [...project.warnings.map((w) => ({ path: w.path, message: w.message })), ...ctx.warnings],
    storeKeys,
    sidecarOf: Object.fromEntries([...pods.rootOf].map(([sidecar, root]) => [sidecar, ctx.chartName(root)])),
  };
}

function refuseUnimportable(project: ComposeProject, options: ImportOptions, pods: Pods): void {
  const problems: ImportWarning[] = [...pods.problems];
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(options.name) || options.name.length > 40) {
    problems.push({ path: '--name', message: `"${options.name}" is not a system id; use lowercase letters, digits and "-", starting with a letter (at most 40)` });
  }
  const buildOnly = Object.values(project.services).filter((s) => builtHere(s) && s.active);
  if (buildOnly.length > 0 && options.imageTemplate === undefined) {
    for (const s of buildOnly) {
      problems.push({ path: `services.${s.name}.build`, message: 'compose only builds this image; give --image-template, e.g. registry.example.com/{system}/{service}:0.1.0' });
    }
  }
  if (options.imageTemplate !== undefined && !/:[^/]+$/.test(options.imageTemplate.replace(/\{[a-z]+\}/g, 'x'))) {
    problems.push({ path: '--image-template', message: `"${options.imageTemplate}" has no tag; end it with a version such as :0.1.0` });
  }
  for (const s of Object.values(project.services)) {
    if (builtHere(s) || s.image === undefined) continue;
    if (/:$|:@/.test(s.image) || s.image.startsWith(':')) {
      problems.push({
        path: `services.${s.name}.image`,
        message: `"${s.image}" has an empty name or tag after interpolation (an unset variable); set it with --env-file or --set`,
      });
    }
    const ref = parseImage(s.image);
    if (ref.name.startsWith('redis') && ref.name !== 'redis' && s.command === undefined && s.entrypoint === undefined) {
      problems.push({
        path: `services.${s.name}.command`,
        message: `${s.image} runs a Redis server whose arguments berth does not know, so it cannot cap its memory (--maxmemory); write its redis-server arguments as command: and import again`,
      });
    }
    for (const bad of knownBad(s.image)) {
      if (bad.replacement === undefined) problems.push({ path: `services.${s.name}.image`, message: `${bad.reason}; ${bad.fix}` });
    }
  }
  if (Object.values(project.services).every((s) => !s.active)) problems.push({ path: 'services', message: 'no service is active; name a --profile' });
  if (problems.length > 0) throw new ImportError(problems);
}

function chartNameOf(composeName: string): string {
  const lower = composeName.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
  return /^[a-z]/.test(lower) ? lower : `s_${lower}`;
}

function context(project: ComposeProject, options: ImportOptions, pods: Pods): ImportContext {
  const services = Object.values(project.services);
  const podOf = (name: string) => pods.rootOf.get(name) ?? name;
  // A sidecar's names are its pod's: clients that name it reach the pod's Service.
  const hostOwners = new Map<string, string>();
  for (const s of services) {
    hostOwners.set(s.name, podOf(s.name));
    if (s.containerName !== undefined) hostOwners.set(s.containerName, podOf(s.name));
    if (s.hostname !== undefined && !hostOwners.has(s.hostname)) hostOwners.set(s.hostname, podOf(s.name));
    for (const n of Object.values(s.networks)) for (const a of n.aliases) if (!hostOwners.has(a)) hostOwners.set(a, podOf(s.name));
  }
  const images = new Map<string, ResolvedImage | undefined>();
  const image = (ref: string) => {
    if (!images.has(ref)) images.set(ref, findImage(ref));
    return images.get(ref);
  };
  const portsNamedByClients = new Map<string, Set<number>>();
  const isPeer = new Set<string>();
  const gatedOn = new Set<string>();
  const runToCompletion = new Set<string>();
  for (const s of services) {
    for (const [name, d] of Object.entries(s.dependsOn)) {
      const dep = podOf(name);
      if (dep === podOf(s.name)) continue; // within one pod: its containers start together
      if (d.condition !== 'service_completed_successfully') isPeer.add(dep); // a step that completes serves nothing
      if (d.condition === 'service_healthy') gatedOn.add(dep);
      if (d.condition === 'service_completed_successfully') runToCompletion.add(dep);
    }
    for (const [where, name, value] of configurationText(s, image(s.image ?? ''))) {
      for (const m of hostMentions(name, value)) {
        const owner = hostOwners.get(m.host);
        if (owner === undefined || owner === podOf(s.name)) continue;
        isPeer.add(owner);
        // A scheme's default port counts where configuration gives a URL to use; in a config file (an nginx
        // upstream, `proxy_pass http://app;`) the port is often set elsewhere in it, so only a written one counts.
        const port = where.startsWith('volumes') ? m.port : mentionPort(m);
        if (port !== undefined) portsNamedByClients.set(owner, new Set([...(portsNamedByClients.get(owner) ?? []), port]));
      }
    }
  }
  const ctx: ImportContext = {
    project,
    options,
    warnings: [],
    volumes: new Map(),
    bindVolumes: new Map(),
    secrets: new Map(),
    credentialKeys: new Map(),
    equalCredentials: new Map(),
    externals: new Map(),
    routes: [],
    hostOwners,
    portsNamedByClients,
    runToCompletion,
    aliasesUsed: new Map(),
    defaultPeers: new Map(),
    credentialValues: credentialValues(services, image),
    gatedOn,
    isPeer,
    servesPorts: new Set(),
    envFileSecret: () => undefined,
    image,
    chartName: chartNameOf,
    podOf,
    sidecarsOf: pods.sidecarsOf,
  };
  // A pod serves the ports of every container in it.
  const servesPorts = new Set(services.filter((s) => mapPorts({ ...ctx, warnings: [] }, s, image(s.image ?? '')).length > 0).map((s) => podOf(s.name)));
  return { ...ctx, servesPorts, envFileSecret: envFileSecrets(ctx) };
}

/** compose `env_file`s as env-file Secrets, one per file, named after it; values are never read. */
function envFileSecrets(ctx: ImportContext): ImportContext['envFileSecret'] {
  const byFile = new Map<string, string>();
  return (file, at, required) => {
    const known = byFile.get(file);
    if (known !== undefined) return known;
    if (!required && !fs.existsSync(file)) return undefined;
    const base =
      path
        .basename(file)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'env';
    let name = base === 'env' ? 'env-file' : `${base}-env`.replace(/-env-env$/, '-env');
    for (let i = 2; ctx.secrets.has(name); i++) name = `${base}-env-${i}`;
    ctx.secrets.set(name, { description: `compose env_file ${path.relative(ctx.project.projectDir, file)}`, envFile: `${ctx.options.name}/{{berth.environment}}/${name}` });
    byFile.set(file, name);
    warn(
      ctx,
      at,
      `${path.relative(ctx.project.projectDir, file)} is read from the secret store key ${ctx.options.name}/<env>/${name} as JSON (its values are never copied into the chart)`,
    );
    return name;
  };
}

function secrets(ctx: ImportContext): Record<string, DraftValue> {
  const out: Record<string, DraftValue> = Object.fromEntries(ctx.secrets);
  if (ctx.credentialKeys.size > 0) {
    const keys = [...new Set(ctx.credentialKeys.values())].sort();
    out[CREDENTIALS_SECRET] = {
      description: 'credentials the compose file names in environment values; each key is read from the secret store',
      keys: Object.fromEntries(keys.map((k) => [k, { remoteKey: `${ctx.options.name}/{{berth.environment}}/${k}` }])),
    };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function storeKeysOf(ctx: ImportContext): Set<string> {
  const keys = new Set<string>();
  for (const [, s] of ctx.secrets) {
    if ('envFile' in s) keys.add(s.envFile);
    else for (const k of Object.values(s.keys)) keys.add(k.remoteKey);
  }
  for (const k of new Set(ctx.credentialKeys.values())) keys.add(`${ctx.options.name}/{{berth.environment}}/${k}`);
  return keys;
}

/** Components whose published HTTP port is not a public entry (a database's admin port, a metrics endpoint). */
const NOT_PUBLIC = new Set(['database', 'cache', 'broker', 'queue', 'search', 'storage', 'exporter', 'agent']);

/**
 * compose publishes ports on the host; the cluster's entry is an Ingress with TLS. Every published HTTP port
 * of an active, long-running service becomes a route on an assumed host.
 */
function addRoutes(ctx: ImportContext, services: Record<string, DraftValue>): void {
  const byHost = new Map<string, { host: unknown; paths: unknown[] }>();
  const route = (host: string | Assumed<string>, path: string, service: string, port: number) => {
    const key = host instanceof Assumed ? `assumed:${host.value}` : host;
    const entry = byHost.get(key) ?? { host, paths: [] };
    entry.paths.push({ path, service, port });
    byHost.set(key, entry);
  };
  for (const s of Object.values(ctx.project.services).sort((a, b) => a.name.localeCompare(b.name))) {
    const chart = services[ctx.chartName(s.name)] as Record<string, DraftValue> | undefined;
    if (chart === undefined || !s.active || settled(chart.kind) !== undefined || NOT_PUBLIC.has(String(chart.component))) continue;
    // The pod's ports: its own and its sidecars', which compose may publish on either.
    const sidecars = Object.values((chart.sidecars ?? {}) as Record<string, { ports?: Port[] }>);
    const ports = [...((chart.ports ?? []) as Port[]), ...sidecars.flatMap((c) => c.ports ?? [])];
    const assumedHost = () =>
      assumed(`${ctx.chartName(s.name).replace(/_/g, '-')}.${ctx.options.name}.example.com`, 'compose publishes the port on the host; the public host name is not in compose');
    const proxied = proxyRoutes(ctx, s, ports);
    if (proxied.length > 0) {
      for (const r of proxied) route(r.host ?? assumedHost(), r.path, ctx.chartName(s.name), r.port);
      continue;
    }
    const expose = s.labels['kompose.service.expose'];
    const members = [s, ...(ctx.sidecarsOf.get(s.name) ?? []).map((n) => ctx.project.services[n])];
    const published = new Set(members.flatMap((m) => m.ports.filter((p) => p.published !== undefined).map((p) => p.target)));
    const web = ports.find((p) => published.has(p.port) && p.protocol === undefined && /^http($|-)/.test(p.name)) ?? (expose !== undefined ? ports[0] : undefined);
    if (web === undefined) continue;
    // kompose's label: "true" exposes the service, any other value is its public host name.
    const given = expose !== undefined && expose !== 'true' ? expose.split(',')[0].trim() : undefined;
    route(given ?? assumedHost(), '/', ctx.chartName(s.name), web.port);
  }
  for (const r of byHost.values()) ctx.routes.push(r as never);
}

/**
 * Routes a reverse proxy's labels give the service (traefik's `traefik.http.routers.<r>.rule`, with `Host(...)`
 * and `PathPrefix(...)`): the Ingress takes the proxy's place. Middlewares (prefix stripping, auth) have no
 * Ingress equivalent here and are warned about.
 */
function proxyRoutes(ctx: ImportContext, s: ComposeProject['services'][string], ports: readonly { port: number }[]): { host?: string; path: string; port: number }[] {
  if (s.labels['traefik.enable'] === 'false') return [];
  const labelPort = Object.entries(s.labels).find(([k]) => /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(k))?.[1];
  const port = labelPort !== undefined && /^\d+$/.test(labelPort) ? Number(labelPort) : ports[0]?.port;
  if (port === undefined) return [];
  const out: { host?: string; path: string; port: number }[] = [];
  for (const [label, rule] of Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^traefik\.http\.routers\.[^.]+\.rule$/.test(label)) continue;
    const host = /Host\(`([^`]*)`\)/.exec(rule)?.[1];
    const paths = [...rule.matchAll(/Path(?:Prefix)?\(`([^`]+)`\)/g)].map((m) => m[1]);
    for (const path of paths.length > 0 ? paths : ['/']) out.push({ host: host === undefined || host === '' ? undefined : host, path, port });
    const middlewares = s.labels[label.replace(/\.rule$/, '.middlewares')];
    if (middlewares !== undefined)
      warn(
        ctx,
        `services.${s.name}.labels.${label.replace(/\.rule$/, '.middlewares')}`,
        `traefik middlewares (${middlewares}) are not mapped: the Ingress routes ${paths.join(', ') || '/'} as is`,
      );
  }
  return out;
}

/**
 * Does `from` wait for `to`, directly or through what it waits for (the chart's `dependsOn`, as it stands)? A new
 * wait is added only where the other way round does not hold: start-up order must stay a tree.
 */
function waitsFor(services: Record<string, DraftValue>): (from: string, to: string) => boolean {
  const dependsOn = (name: string) => Object.keys(((services[name] as Record<string, DraftValue>).dependsOn ?? {}) as object);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    from === to || (!seen.has(from) && (seen.add(from), dependsOn(from).some((d) => d in services && reaches(d, to, seen))));
  return (from, to) => reaches(from, to);
}

/**
 * compose starts every service at once, and a client retries until the server it names is up. Argo CD applies
 * waves in order and waits for each to be healthy: a client in an earlier wave than its server, whose readiness
 * needs the server, holds the sync forever. So a service waits (`service_started`) for every server its
 * configuration names, where that adds no cycle; the waves follow.
 */
function startAfterPeers(ctx: ImportContext, services: Record<string, DraftValue>): void {
  const svc = (name: string) => services[name] as Record<string, DraftValue>;
  const reaches = waitsFor(services);
  const serves = (name: string) => ((svc(name).ports ?? []) as unknown[]).length > 0 && settled(svc(name).kind) === undefined && svc(name).enabled !== false;
  // A process of one image that its image's defaults point at (Zammad's init at its railsserver) is no reason to
  // wait: the image's processes coordinate among themselves, and the wait could be the other way round.
  const imageOf = (name: string) => JSON.stringify(settled(svc(name).image));
  const byDefault = (name: string, peer: string) => (ctx.defaultPeers.get(composeName(ctx, name)) ?? new Set()).has(composeName(ctx, peer));
  const coordinates = (name: string, peer: string) => byDefault(name, peer) && imageOf(name) === imageOf(peer);
  for (const name of Object.keys(services).sort()) {
    const peers = (svc(name).talksTo ?? []) as string[];
    const waits = peers.filter((p) => p in services && serves(p) && !reaches(p, name) && !coordinates(name, p));
    if (waits.length === 0) continue;
    svc(name).dependsOn = { ...((svc(name).dependsOn ?? {}) as object), ...Object.fromEntries(waits.map((p) => [p, 'service_started'])) };
    const rest = peers.filter((p) => !waits.includes(p));
    if (rest.length > 0) svc(name).talksTo = rest;
    else delete svc(name).talksTo;
    warn(
      ctx,
      `services.${name}.depends_on`,
      `waits for ${waits.join(', ')} to start: its configuration names them, and Argo CD applies servers before their clients only when the chart says so`,
    );
  }
}

/**
 * The names clients use for a service that are not its own (a container name, a network alias, a sidecar's
 * name): each is one more Service name. Added once every service and sidecar has said which hosts it names.
 */
function addAliases(ctx: ImportContext, services: Record<string, DraftValue>): void {
  for (const [owner, aliases] of [...ctx.aliasesUsed].sort(([a], [b]) => a.localeCompare(b))) {
    const chart = services[ctx.chartName(owner)] as Record<string, DraftValue> | undefined;
    if (chart === undefined) continue;
    const { sidecars, ...rest } = chart;
    for (const key of Object.keys(chart)) delete chart[key];
    // Aliases before the sidecars, as the chart reads best: the service, its names, then its other containers.
    Object.assign(chart, rest, { aliases: [...aliases].sort() }, sidecars === undefined ? {} : { sidecars });
  }
}

/**
 * A service that runs the image of a one-shot step (a migration, a seeder) starts after it: new code must not
 * serve before its release steps finish. Not where the step itself waits for the service (that would deadlock).
 */
function afterReleaseSteps(ctx: ImportContext, services: Record<string, DraftValue>): void {
  const svc = (name: string) => services[name] as Record<string, DraftValue>;
  const key = (image: DraftValue) => JSON.stringify(settled(image));
  const imageOf = (name: string) => key(svc(name).image);
  // Every image of the pod: a sidecar that runs the step's image waits for it as well.
  const podImages = (name: string) => [imageOf(name), ...Object.values((svc(name).sidecars ?? {}) as Record<string, { image: DraftValue }>).map((c) => key(c.image))];
  const reaches = waitsFor(services);
  const steps = Object.keys(services).filter((n) => settled(svc(n).kind) === 'one-shot' && svc(n).enabled !== false);
  for (const name of Object.keys(services)) {
    if (settled(svc(name).kind) !== undefined) continue;
    for (const step of steps) {
      if (!podImages(name).includes(imageOf(step)) || step in ((svc(name).dependsOn ?? {}) as object) || reaches(step, name)) continue;
      svc(name).dependsOn = { ...((svc(name).dependsOn ?? {}) as object), [step]: 'service_completed_successfully' };
      warn(ctx, `services.${name}.depends_on`, `waits for ${step} to complete: it runs the same image, and new code must not serve before its release steps finish`);
    }
  }
}

/**
 * compose's replicas of one service share its named volumes on one host; in a cluster they land on several
 * nodes, so such a volume is ReadWriteMany.
 */
function sharedByReplicas(ctx: ImportContext, services: Record<string, DraftValue>): void {
  for (const [name, value] of Object.entries(services)) {
    const svc = value as { replicas?: number; mounts?: { volume: string }[]; sidecars?: Record<string, { mounts?: { volume: string }[] }> };
    if ((svc.replicas ?? 1) <= 1) continue;
    for (const m of [...(svc.mounts ?? []), ...Object.values(svc.sidecars ?? {}).flatMap((c) => c.mounts ?? [])]) {
      const volume = ctx.volumes.get(m.volume) as Record<string, DraftValue> | undefined;
      if (volume === undefined || volume.accessMode !== undefined) continue;
      volume.accessMode = 'ReadWriteMany';
      warn(ctx, `services.${name}.volumes`, `${m.volume} is shared by ${svc.replicas} replicas, which may run on different nodes: it is ReadWriteMany`);
    }
  }
}

/**
 * The values of every credential the services' settings hold (environment and env files), longest first: compose
 * interpolates `${ANON_KEY}` into commands and health checks as well, where the value must not stay.
 */
function credentialValues(services: readonly ComposeService[], image: (ref: string) => ResolvedImage | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const s of services) {
    for (const [where, name, value] of configurationText(s, image(s.image ?? ''))) {
      if (name === '' || where.startsWith('image default') || !secretLooking(name, value) || !isCredential(name, value, image(s.image ?? ''))) continue;
      if (!found.has(value)) found.set(value, name);
    }
  }
  return new Map([...found].sort(([a], [b]) => b.length - a.length || a.localeCompare(b)));
}

/**
 * A value that can only be a secret wherever it appears: 12 characters or more with letters and something else
 * (a generated password, a token), or 24 or more. `postgres` as a password is also a command word.
 */
function secretLooking(name: string, value: string): boolean {
  // A path to a secret file (`MYSQL_PASSWORD_FILE=/run/secrets/db`) is no secret.
  if (/(_FILE|FILE_?PATH|_PATH|_DIR)$/i.test(name) || /^\.{0,2}\//.test(value)) return false;
  return (value.length >= 12 && /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value)) || value.length >= 24;
}

/** The compose name of a chart service. */
function composeName(ctx: ImportContext, chartName: string): string {
  return Object.keys(ctx.project.services).find((n) => ctx.chartName(n) === chartName) ?? chartName;
}

function exportName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export type { ComposeService };
