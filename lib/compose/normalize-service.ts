/**
 * One merged service → `ComposeService`, every field in its long form. Keys this type does not model go to
 * `other` as written (service-relative paths for nested ones: `deploy.placement`, `build.cache_from`), so the
 * importer can name each one. compose's implicit dependencies are added as compose adds them: `links`,
 * `network_mode: service:x` (and `ipc`/`pid`/... `service:x`), `volumes_from` (compose-go `loader/normalize.go`).
 */
import { asBoolean, asString, compact, isRecord, sortedRecord, stringList, type NormalizeContext, type Plain } from './context';
import { environment, extraHosts, stringMap, ulimits } from './normalize-maps';
import { mounts } from './normalize-mounts';
import { expose, ports } from './normalize-ports';
import { build, bytes, cpus, dependsOn, deploy, fileRefs, healthcheck, seconds } from './normalize-runtime';
import { absolute } from './paths';
import { splitShellWords } from './shell-words';
import type { ComposeDependency, ComposeService } from './types';

/** Service keys the normalizers read; every other key goes to `other`. */
const MODELLED = new Set([
  ...['profiles', 'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'volumes', 'tmpfs', 'volumes_from'],
  ...['secrets', 'configs', 'healthcheck', 'depends_on', 'links', 'deploy', 'mem_limit', 'mem_reservation', 'cpus', 'restart', 'user'],
  ...['working_dir', 'read_only', 'cap_add', 'cap_drop', 'privileged', 'sysctls', 'ulimits', 'init', 'shm_size', 'stop_grace_period'],
  ...['stop_signal', 'extra_hosts', 'hostname', 'domainname', 'container_name', 'network_mode', 'networks', 'labels', 'tty', 'stdin_open'],
]);

export function normalizeService(name: string, raw: unknown, ctx: NormalizeContext): Omit<ComposeService, 'active'> {
  const s: Plain = isRecord(raw) ? raw : {};
  const svc = `services.${name}`;
  const other: Plain = {};
  for (const [k, v] of Object.entries(s)) if (!MODELLED.has(k)) other[k] = v;
  const base = identity(s, svc, ctx, other);
  const resources = limits(s, svc, ctx);
  return {
    ...base,
    ...resources,
    dependsOn: implicitDependencies(s, dependsOn(s.depends_on, `${svc}.depends_on`, ctx)),
    other: sortedRecord(Object.entries(other)),
  };
}

function identity(s: Plain, svc: string, ctx: NormalizeContext, other: Plain): Omit<ComposeService, 'active' | 'dependsOn' | 'other'> {
  return compact({
    name: svc.slice('services.'.length),
    profiles: stringList(s.profiles),
    image: asString(s.image),
    build: build(s.build, `${svc}.build`, ctx, other),
    command: words(s.command, `${svc}.command`, ctx),
    entrypoint: words(s.entrypoint, `${svc}.entrypoint`, ctx),
    environment: environment(s.environment, `${svc}.environment`, ctx),
    envFiles: envFiles(s.env_file, `${svc}.env_file`, ctx),
    ports: ports(s.ports, svc, ctx, other),
    expose: expose(s.expose, `${svc}.expose`, ctx),
    mounts: mounts(s, svc, ctx, other),
    volumesFrom: stringList(s.volumes_from),
    secrets: fileRefs(s.secrets, `${svc}.secrets`, '/run/secrets', ctx),
    configs: fileRefs(s.configs, `${svc}.configs`, '', ctx),
    healthcheck: healthcheck(s.healthcheck, `${svc}.healthcheck`, ctx, other),
    links: stringList(s.links).map((l) => l.split(':')[0]),
    deploy: deploy(s.deploy, `${svc}.deploy`, ctx, other),
    ...runtime(s, svc, ctx),
    networkMode: asString(s.network_mode),
    networks: networks(s, svc, ctx, other),
    labels: stringMap(s.labels, `${svc}.labels`, ctx),
  });
}

function runtime(s: Plain, svc: string, ctx: NormalizeContext) {
  return {
    restart: asString(s.restart),
    user: asString(s.user),
    workingDir: asString(s.working_dir),
    readOnly: asBoolean(s.read_only),
    capAdd: stringList(s.cap_add),
    capDrop: stringList(s.cap_drop),
    privileged: asBoolean(s.privileged),
    sysctls: stringMap(s.sysctls, `${svc}.sysctls`, ctx),
    ulimits: ulimits(s.ulimits, `${svc}.ulimits`, ctx),
    init: asBoolean(s.init),
    stopSignal: asString(s.stop_signal),
    extraHosts: extraHosts(s.extra_hosts, `${svc}.extra_hosts`, ctx),
    hostname: asString(s.hostname),
    domainname: asString(s.domainname),
    containerName: asString(s.container_name),
    tty: asBoolean(s.tty),
    stdinOpen: asBoolean(s.stdin_open),
  };
}

function limits(s: Plain, svc: string, ctx: NormalizeContext) {
  return compact({
    memLimitBytes: bytes(s.mem_limit, `${svc}.mem_limit`, ctx),
    memReservationBytes: bytes(s.mem_reservation, `${svc}.mem_reservation`, ctx),
    cpus: cpus(s.cpus, `${svc}.cpus`, ctx),
    shmSizeBytes: bytes(s.shm_size, `${svc}.shm_size`, ctx),
    stopGracePeriodSeconds: seconds(s.stop_grace_period, `${svc}.stop_grace_period`, ctx),
  });
}

/** A list as written, a string split as compose splits it (see `shell-words.ts`). */
function words(value: unknown, at: string, ctx: NormalizeContext): string[] | undefined {
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      ctx.error(`${at}[${i}]`, `is ${v === null ? 'null' : Array.isArray(v) ? 'a list' : 'a mapping'}, not a word of the command`, 'write each word as a string');
      return '';
    });
  }
  if (typeof value !== 'string') return undefined;
  const split = splitShellWords(value);
  if (split.error !== undefined) ctx.error(at, split.error, 'close the quote, or write the command as a list');
  if (split.ignored !== undefined) {
    ctx.warn(
      at,
      `compose runs only '${split.words.join(' ')}': it drops '${split.ignored}' (an unquoted shell operator ends the command)`,
      `write ["sh", "-c", ${JSON.stringify(value)}]`,
    );
  }
  return [...split.words];
}

/** Paths resolved against the project directory; whether each exists is checked for active services (references.ts). */
function envFiles(value: unknown, at: string, ctx: NormalizeContext): ComposeService['envFiles'] {
  const entries = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const out: { path: string; required: boolean; format?: string }[] = [];
  entries.forEach((entry, i) => {
    const path = typeof entry === 'string' ? entry : isRecord(entry) ? asString(entry.path) : undefined;
    if (path === undefined) return;
    const required = isRecord(entry) ? (asBoolean(entry.required) ?? true) : true;
    const format = isRecord(entry) ? asString(entry.format) : undefined;
    ctx.alias(`${at}[${out.length}]`, typeof value === 'string' ? at : `${at}[${i}]`);
    out.push(compact({ path: absolute(ctx.projectDir, path), required, format }));
  });
  return out;
}

function networks(s: Plain, svc: string, ctx: NormalizeContext, other: Plain): ComposeService['networks'] {
  const value = s.networks;
  const out = new Map<string, { aliases: string[] }>();
  if (Array.isArray(value)) {
    value.forEach((n, i) => {
      if (typeof n !== 'string') return;
      out.set(n, { aliases: [] });
      ctx.alias(`${svc}.networks.${n}`, `${svc}.networks[${i}]`);
    });
  } else if (isRecord(value)) {
    for (const [n, spec] of Object.entries(value)) {
      const aliases = isRecord(spec) ? stringList(spec.aliases) : [];
      if (isRecord(spec)) for (const [k, v] of Object.entries(spec)) if (k !== 'aliases') other[`networks.${n}.${k}`] = v;
      out.set(n, { aliases });
    }
  }
  if (out.size === 0 && s.network_mode === undefined) out.set('default', { aliases: [] });
  return sortedRecord(out);
}

const STARTED: ComposeDependency = { condition: 'service_started', required: true, restart: true };

function implicitDependencies(s: Plain, explicit: Map<string, ComposeDependency>): Record<string, ComposeDependency> {
  const out = new Map(explicit);
  const add = (name: string, dep: ComposeDependency) => {
    if (name !== '' && !out.has(name)) out.set(name, dep);
  };
  for (const link of stringList(s.links)) add(link.split(':')[0], STARTED);
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const ref = asString(s[key]);
    if (ref?.startsWith('service:')) add(ref.slice('service:'.length), STARTED);
  }
  for (const from of stringList(s.volumes_from)) if (!from.startsWith('container:')) add(from.split(':')[0], { ...STARTED, restart: false });
  return sortedRecord(out);
}
