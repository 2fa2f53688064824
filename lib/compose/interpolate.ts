/**
 * Interpolation of one compose file, before it is merged (as compose does): every string value (never a key) goes
 * through `substitute`; values at the paths compose casts (compose-go `loader/interpolate.go`: `deploy.replicas`,
 * `ports[].target`, `read_only`, ...) become numbers or booleans, so `replicas: ${N:-2}` validates as a number.
 * An unset variable without a default becomes '' with one warning per variable (at its first use).
 */
import type { Problems } from './problems';
import { shown } from './problems';
import { substitute, type Lookup } from './template';
import { mapNode, scalarNode, seqNode, subPath, type Node, type ScalarValue } from './tree';

type Cast = (text: string) => ScalarValue | undefined;

const toInt: Cast = (t) => (/^[-+]?\d+$/.test(t.trim()) ? Number(t.trim()) : undefined);
const toFloat: Cast = (t) => (t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined);

/** YAML 1.1 spellings are accepted here, as compose does (with its warning that YAML 1.2 has only true/false). */
const toBool: Cast = (t) => {
  const v = t.toLowerCase();
  if (['true', 'y', 'yes', 'on'].includes(v)) return true;
  if (['false', 'n', 'no', 'off'].includes(v)) return false;
  return undefined;
};

const SERVICE_CASTS: readonly (readonly [string, Cast])[] = [
  ['cpu_count', toInt],
  ['cpu_percent', toFloat],
  ['cpu_period', toInt],
  ['cpu_quota', toInt],
  ['cpu_rt_period', toInt],
  ['cpu_rt_runtime', toInt],
  ['cpus', toFloat],
  ['cpu_shares', toInt],
  ['init', toBool],
  ['depends_on.*.required', toBool],
  ['depends_on.*.restart', toBool],
  ['deploy.replicas', toInt],
  ['deploy.update_config.parallelism', toInt],
  ['deploy.update_config.max_failure_ratio', toFloat],
  ['deploy.rollback_config.parallelism', toInt],
  ['deploy.rollback_config.max_failure_ratio', toFloat],
  ['deploy.restart_policy.max_attempts', toInt],
  ['deploy.placement.max_replicas_per_node', toInt],
  ['healthcheck.retries', toInt],
  ['healthcheck.disable', toBool],
  ['oom_kill_disable', toBool],
  ['oom_score_adj', toInt],
  ['pids_limit', toInt],
  ['ports.[].target', toInt],
  ['privileged', toBool],
  ['read_only', toBool],
  ['scale', toInt],
  ['stdin_open', toBool],
  ['tty', toBool],
  ['ulimits.*', toInt],
  ['ulimits.*.hard', toInt],
  ['ulimits.*.soft', toInt],
  ['volumes.[].read_only', toBool],
  ['volumes.[].volume.nocopy', toBool],
];

const CASTS: readonly (readonly [readonly string[], Cast])[] = [
  ...SERVICE_CASTS.map(([p, c]) => [['services', '*', ...p.split('.')], c] as const),
  ...['networks.*.external', 'networks.*.internal', 'networks.*.attachable', 'networks.*.enable_ipv4', 'networks.*.enable_ipv6'].map((p) => [p.split('.'), toBool] as const),
  ...['volumes.*.external', 'secrets.*.external', 'configs.*.external'].map((p) => [p.split('.'), toBool] as const),
];

function castFor(segments: readonly string[]): Cast | undefined {
  for (const [pattern, cast] of CASTS) {
    if (pattern.length === segments.length && pattern.every((p, i) => p === segments[i] || (p === '*' && segments[i] !== '[]'))) return cast;
  }
  return undefined;
}

export interface InterpolationContext {
  readonly lookup: Lookup;
  readonly problems: Problems;
  /** Variables already warned about (and `:?` errors already reported), across every file of the project. */
  readonly warned: Set<string>;
  /** What an interpolated value was written as, by `file:line`, so a later error can show the template. */
  readonly templates: Map<string, string>;
}

/** `segments` is the path as cast patterns match it (`['services', 'web', 'ports', '[]', 'target']`), reused as a stack. */
export function interpolate(node: Node, path: string, segments: string[], ctx: InterpolationContext): Node {
  if (node.tag === 'reset') return node;
  if (node.kind === 'map') {
    const entries = new Map<string, Node>();
    for (const [k, v] of node.entries) {
      segments.push(k);
      entries.set(k, interpolate(v, subPath(path, k), segments, ctx));
      segments.pop();
    }
    return mapNode(entries, node.loc, node.tag);
  }
  if (node.kind === 'seq') {
    segments.push('[]');
    const items = node.items.map((item, i) => interpolate(item, subPath(path, i), segments, ctx));
    segments.pop();
    return seqNode(items, node.loc, node.tag);
  }
  if (typeof node.value !== 'string') return node;
  if (!node.value.includes('$')) return castFor(segments) === undefined ? node : cast(node, node.value, path, segments, ctx);
  const result = substitute(node.value, ctx.lookup);
  for (const name of result.missing) {
    if (ctx.warned.has(name)) continue;
    ctx.warned.add(name);
    ctx.problems.warn(node.loc, path, `variable ${name} is not set; using an empty string`, `set ${name} in the env file or with --set ${name}=...`);
  }
  if (result.error !== undefined) {
    // One error per variable: an anchor used by ten services is one mistake.
    if (!ctx.warned.has(`\0${result.error}`)) ctx.problems.error(node.loc, path, result.error, 'set the variable in the env file or with --set, or escape a literal $ as $$');
    ctx.warned.add(`\0${result.error}`);
    return node;
  }
  if (result.value !== node.value && node.loc.line !== undefined) ctx.templates.set(`${node.loc.file}:${node.loc.line}`, node.value);
  if (castFor(segments) === undefined) return result.value === node.value ? node : withValue(node, result.value);
  return cast(node, result.value, path, segments, ctx);
}

function cast(node: Node, text: string, path: string, segments: readonly string[], ctx: InterpolationContext): Node {
  const caster = castFor(segments) as Cast;
  const value = caster(text);
  if (value === undefined) {
    ctx.problems.error(node.loc, path, `${shown(text)} is not a valid ${caster === toBool ? 'boolean' : 'number'}`, caster === toBool ? 'use true or false' : 'use a number');
    return node;
  }
  return withValue(node, value);
}

function withValue(node: Node, value: ScalarValue): Node {
  const out = scalarNode(value, node.loc);
  return node.tag === undefined ? out : { ...out, tag: node.tag };
}
