/**
 * How a service runs: `healthcheck` (a string test is `CMD-SHELL`; `disable: true` or `test: [NONE]` disables),
 * `deploy` (resources, replicas, restart policy, labels), `depends_on` (list form: `service_started`, required),
 * secrets and configs references (default targets `/run/secrets/<source>` and `/<source>`), and `build`.
 */
import { asBoolean, asNumber, asString, collectOther, compact, isRecord, scalarString, type NormalizeContext, type Plain } from './context';
import { stringMap } from './normalize-maps';
import type { ComposeDependency, ComposeFileRef, ComposeHealthCheck, ComposeResources, ComposeService } from './types';
import { parseBytes, parseCpus, parseDuration } from './units';

/** Seconds of a duration field, with an error naming the field when it is not a duration. */
export function seconds(value: unknown, at: string, ctx: NormalizeContext): number | undefined {
  if (typeof value !== 'string') return undefined; // the schema reports any other type
  const s = parseDuration(value);
  if (s === undefined) ctx.error(at, `${JSON.stringify(value)} is not a duration`, "use a unit: '10s', '1m30s', '500ms', '1h'");
  return s;
}

export function bytes(value: unknown, at: string, ctx: NormalizeContext): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const b = parseBytes(value);
  if (b === undefined) ctx.error(at, `${JSON.stringify(value)} is not a size`, "use bytes or a unit: '512m', '1g', '1024k'");
  return b;
}

export function cpus(value: unknown, at: string, ctx: NormalizeContext): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const c = parseCpus(value);
  if (c === undefined) ctx.error(at, `${JSON.stringify(value)} is not a number of CPUs`, "write e.g. 0.5 or '1.5'");
  return c;
}

const HEALTH_KEYS = ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'];

export function healthcheck(value: unknown, at: string, ctx: NormalizeContext, other: Plain): ComposeHealthCheck | undefined {
  if (!isRecord(value)) return undefined;
  collectOther(value, HEALTH_KEYS, 'healthcheck', other);
  const raw = value.test;
  const test = typeof raw === 'string' ? ['CMD-SHELL', raw] : Array.isArray(raw) ? raw.map(String) : undefined;
  if (test !== undefined && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
    ctx.error(`${at}.test`, `a healthcheck test list starts with CMD, CMD-SHELL or NONE, got '${test[0]}'`, `write ["CMD", ${test.map((t) => JSON.stringify(t)).join(', ')}]`);
  }
  const disable = asBoolean(value.disable) === true || test?.[0] === 'NONE';
  return compact({
    test,
    intervalSeconds: seconds(value.interval, `${at}.interval`, ctx),
    timeoutSeconds: seconds(value.timeout, `${at}.timeout`, ctx),
    retries: asNumber(value.retries) ?? (typeof value.retries === 'string' ? Number(value.retries) : undefined),
    startPeriodSeconds: seconds(value.start_period, `${at}.start_period`, ctx),
    startIntervalSeconds: seconds(value.start_interval, `${at}.start_interval`, ctx),
    disable,
  });
}

function resources(value: unknown, at: string, ctx: NormalizeContext, other: Plain, rel: string): ComposeResources {
  if (!isRecord(value)) return {};
  collectOther(value, ['cpus', 'memory', 'pids'], rel, other);
  return compact({ cpus: cpus(value.cpus, `${at}.cpus`, ctx), memoryBytes: bytes(value.memory, `${at}.memory`, ctx), pids: asNumber(value.pids) });
}

export function deploy(value: unknown, at: string, ctx: NormalizeContext, other: Plain): ComposeService['deploy'] {
  if (!isRecord(value)) return undefined;
  collectOther(value, ['mode', 'replicas', 'resources', 'restart_policy', 'labels'], 'deploy', other);
  const res = isRecord(value.resources) ? value.resources : {};
  collectOther(res, ['limits', 'reservations'], 'deploy.resources', other);
  const policy = isRecord(value.restart_policy) ? value.restart_policy : undefined;
  if (policy !== undefined) collectOther(policy, ['condition', 'max_attempts'], 'deploy.restart_policy', other);
  return compact({
    mode: asString(value.mode),
    replicas: asNumber(value.replicas),
    limits: resources(res.limits, `${at}.resources.limits`, ctx, other, 'deploy.resources.limits'),
    reservations: resources(res.reservations, `${at}.resources.reservations`, ctx, other, 'deploy.resources.reservations'),
    restartPolicy: policy === undefined ? undefined : compact({ condition: asString(policy.condition), maxAttempts: asNumber(policy.max_attempts) }),
    labels: stringMap(value.labels, `${at}.labels`, ctx),
  });
}

const CONDITIONS: readonly string[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

export function dependsOn(value: unknown, at: string, ctx: NormalizeContext): Map<string, ComposeDependency> {
  const out = new Map<string, ComposeDependency>();
  if (Array.isArray(value)) {
    value.forEach((name, i) => {
      if (typeof name !== 'string') return;
      out.set(name, { condition: 'service_started', required: true, restart: false });
      ctx.alias(`${at}.${name}`, `${at}[${i}]`);
    });
  } else if (isRecord(value)) {
    for (const [name, spec] of Object.entries(value)) {
      const s = isRecord(spec) ? spec : {};
      const condition = asString(s.condition) ?? 'service_started';
      out.set(name, {
        condition: (CONDITIONS.includes(condition) ? condition : 'service_started') as ComposeDependency['condition'],
        required: asBoolean(s.required) ?? true,
        restart: asBoolean(s.restart) ?? false,
      });
    }
  }
  return out;
}

export function fileRefs(value: unknown, at: string, dir: string, ctx: NormalizeContext): ComposeFileRef[] {
  const out: ComposeFileRef[] = [];
  (Array.isArray(value) ? value : []).forEach((item, i) => {
    if (typeof item === 'string') out.push({ source: item, target: defaultTarget(dir, item) });
    else if (isRecord(item) && typeof item.source === 'string') {
      const target = asString(item.target);
      out.push(
        compact({
          source: item.source,
          target: target === undefined ? defaultTarget(dir, item.source) : target.startsWith('/') || dir === '' ? target : `${dir}/${target}`,
          uid: scalarString(item.uid, `${at}[${i}].uid`, ctx),
          gid: scalarString(item.gid, `${at}[${i}].gid`, ctx),
          mode: asNumber(item.mode) ?? (typeof item.mode === 'string' && /^[0-7]+$/.test(item.mode) ? parseInt(item.mode, 8) : undefined),
        }),
      );
    }
  });
  return out;
}

function defaultTarget(dir: string, source: string): string {
  return `${dir}/${source}`;
}

export function build(value: unknown, at: string, ctx: NormalizeContext, other: Plain): ComposeService['build'] {
  if (typeof value === 'string') return { context: value, dockerfile: 'Dockerfile', args: {} };
  if (!isRecord(value)) return undefined;
  collectOther(value, ['context', 'dockerfile', 'target', 'args'], 'build', other);
  const args = isRecord(value.args) || Array.isArray(value.args) ? stringMapOrNull(value.args, `${at}.args`, ctx) : {};
  const inline = value.dockerfile_inline !== undefined;
  return compact({ context: asString(value.context) ?? '.', dockerfile: asString(value.dockerfile) ?? (inline ? undefined : 'Dockerfile'), target: asString(value.target), args });
}

function stringMapOrNull(value: unknown, at: string, ctx: NormalizeContext): Record<string, string | null> {
  const map = stringMap(value, at, ctx);
  const keyOnly = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && !v.includes('='))
    : Object.keys(value as Plain).filter((k) => (value as Plain)[k] === null);
  for (const k of keyOnly) (map as Record<string, string | null>)[k] = ctx.lookup(k) ?? null;
  return map;
}
