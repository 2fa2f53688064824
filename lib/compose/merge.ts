/**
 * Merging a compose file into the ones before it, and a service into the one it `extends`, with compose's rules
 * (compose-spec `13-merge.md`; the exceptions as compose-go `override/merge.go` implements them):
 * - mappings merge key by key; sequences are appended; a scalar replaces; an empty (null) value keeps the old one;
 * - `command`, `entrypoint`, `healthcheck.test` and `ulimits.<name>` are replaced;
 * - `environment`, `labels`, `annotations`, `sysctls`, `build.args`, `build.labels`, `deploy.labels`, `dns*`,
 *   `env_file`, `tmpfs` become `KEY=value` lists (either form) and are appended, later keys winning (see `unique`);
 * - `depends_on` and service `networks` become mappings (list form too) and merge by name; `build: ./dir` is
 *   `build: {context: ./dir}`; `extra_hosts` are appended without duplicates; `logging` merges only when both
 *   name the same driver (or one names none);
 * - `!reset` removes the value, `!override` replaces it whole.
 */
import type { Problems } from './problems';
import { goText, mapNode, scalarNode, seqNode, untagged, type MapNode, type Node } from './tree';

type Rule = (base: Node, over: Node, segs: readonly string[], problems: Problems) => Node | undefined;

const REPLACE: Rule = (_base, over) => strip(over);

/** `KEY: !reset` in the override drops KEY from the base, whichever form the base is written in. */
const TO_SEQUENCE: Rule = (base, over) => {
  const reset = over.kind === 'map' ? [...over.entries].filter(([, v]) => v.tag === 'reset').map(([k]) => k) : [];
  const kept = toSequence(base).filter((n) => !reset.includes(textOf(n).split('=')[0]));
  return seqNode([...kept, ...toSequence(over)], over.loc);
};

const EXTRA_HOSTS: Rule = (base, over) => {
  const left = toSequence(base);
  const seen = new Set(left.map(textOf));
  return seqNode([...left, ...toSequence(over).filter((n) => !seen.has(textOf(n)))], over.loc);
};

const DEPENDS_ON: Rule = (base, over, segs, problems) => mergeMaps(toMapping(base, true), toMapping(over, true), segs, problems);
const NETWORKS: Rule = (base, over, segs, problems) => mergeMaps(toMapping(base, false), toMapping(over, false), segs, problems);
const BUILD: Rule = (base, over, segs, problems) => mergeMaps(toBuild(base), toBuild(over), segs, problems);

const LOGGING: Rule = (base, over, segs, problems) => {
  if (base.kind !== 'map' || over.kind !== 'map') return strip(over);
  const a = base.entries.get('driver');
  const b = over.entries.get('driver');
  const same = a === undefined || b === undefined || (a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value);
  return same ? mergeMaps(base, over, segs, problems) : strip(over);
};

const RULES: readonly (readonly [readonly string[], Rule])[] = [
  ...['command', 'entrypoint', 'healthcheck.test', 'ulimits.*'].map((p) => [service(p), REPLACE] as const),
  ...[
    'annotations',
    'build.args',
    'build.additional_contexts',
    'build.labels',
    'deploy.labels',
    'dns',
    'dns_opt',
    'dns_search',
    'env_file',
    'label_file',
    'environment',
    'labels',
    'sysctls',
    'tmpfs',
  ].map((p) => [service(p), TO_SEQUENCE] as const),
  [['networks', '*', 'labels'], TO_SEQUENCE],
  [['volumes', '*', 'labels'], TO_SEQUENCE],
  [service('build'), BUILD],
  [service('depends_on'), DEPENDS_ON],
  [service('extra_hosts'), EXTRA_HOSTS],
  [service('build.extra_hosts'), EXTRA_HOSTS],
  [service('logging'), LOGGING],
  [service('networks'), NETWORKS],
  [service('models'), NETWORKS],
];

function service(path: string): string[] {
  return ['services', '*', ...path.split('.')];
}

function ruleFor(segs: readonly string[]): Rule | undefined {
  for (const [pattern, rule] of RULES) {
    if (pattern.length === segs.length && pattern.every((p, i) => p === '*' || p === segs[i])) return rule;
  }
  return undefined;
}

/** `over` merged onto `base` at `segs` (`['services', 'web']`); `undefined` when `!reset` removes it. */
export function merge(base: Node | undefined, over: Node, segs: readonly string[], problems: Problems): Node | undefined {
  if (over.tag === 'reset') return undefined;
  if (over.tag === 'override' || base === undefined) return strip(over);
  const rule = ruleFor(segs);
  if (rule !== undefined) return rule(base, over, segs, problems);
  if (over.kind === 'scalar' && over.value === null) return base;
  if (base.kind === 'map') {
    if (over.kind === 'map') return mergeMaps(base, over, segs, problems);
    problems.error(over.loc, segs.join('.'), `cannot override a mapping with ${over.kind === 'seq' ? 'a list' : 'a single value'}`, 'write a mapping here, or use !override');
    return base;
  }
  if (base.kind === 'seq') {
    if (over.kind === 'seq') return seqNode([...base.items, ...strip(over).items], over.loc);
    problems.error(over.loc, segs.join('.'), `cannot override a list with ${over.kind === 'map' ? 'a mapping' : 'a single value'}`, 'write a list here, or use !override');
    return base;
  }
  return strip(over);
}

function mergeMaps(base: MapNode | undefined, over: MapNode | undefined, segs: readonly string[], problems: Problems): Node | undefined {
  if (base === undefined || over === undefined) return over ?? base;
  const entries = new Map(base.entries);
  for (const [key, value] of over.entries) {
    const merged = merge(entries.get(key), value, [...segs, key], problems);
    if (merged === undefined) entries.delete(key);
    else entries.set(key, merged);
  }
  return mapNode(entries, over.loc);
}

/** The node with `!reset` values removed and merge tags dropped, as a value with nothing under it to merge with. */
export function strip<T extends Node>(node: T): T {
  const plain = untagged(node) as T;
  if (plain.kind === 'map') {
    const entries = new Map<string, Node>();
    for (const [k, v] of plain.entries) if (v.tag !== 'reset') entries.set(k, strip(v));
    return mapNode(entries, plain.loc) as T;
  }
  if (plain.kind === 'seq') return seqNode(plain.items.filter((i) => i.tag !== 'reset').map(strip), plain.loc) as T;
  return plain;
}

/** compose-go `convertIntoSequence`: a mapping becomes sorted `KEY=value` (`KEY` for an empty value) items. */
function toSequence(node: Node): Node[] {
  if (node.kind === 'seq') return strip(node).items as Node[];
  if (node.kind === 'scalar') return node.value === null ? [] : [untagged(node)];
  const items: Node[] = [];
  for (const [key, value] of node.entries) {
    if (value.tag === 'reset') continue;
    if (value.kind === 'seq') for (const v of value.items) items.push(scalarNode(`${key}=${v.kind === 'scalar' ? goText(v) : ''}`, v.loc));
    else if (value.kind === 'scalar' && value.value === null) items.push(scalarNode(key, value.loc));
    else items.push(scalarNode(`${key}=${value.kind === 'scalar' ? goText(value) : ''}`, value.loc));
  }
  return items.sort((a, b) => (textOf(a) < textOf(b) ? -1 : textOf(a) > textOf(b) ? 1 : 0));
}

function textOf(node: Node): string {
  return node.kind === 'scalar' ? goText(node) : JSON.stringify(node.kind);
}

/** compose-go `convertIntoMapping`: a list of names becomes a mapping (for `depends_on`, with the defaults). */
function toMapping(node: Node, dependsOn: boolean): MapNode | undefined {
  if (node.kind === 'map') return node;
  if (node.kind !== 'seq') return undefined;
  const entries = new Map<string, Node>();
  for (const item of node.items) {
    if (item.kind !== 'scalar' || item.value === null) continue;
    const defaults = new Map<string, Node>([
      ['condition', scalarNode('service_started', item.loc)],
      ['required', scalarNode(true, item.loc)],
    ]);
    entries.set(String(item.value), dependsOn ? mapNode(defaults, item.loc) : scalarNode(null, item.loc));
  }
  return mapNode(entries, node.loc);
}

function toBuild(node: Node): MapNode | undefined {
  if (node.kind === 'map') return node;
  if (node.kind === 'scalar' && typeof node.value === 'string') return mapNode(new Map([['context', node]]), node.loc);
  return undefined;
}
