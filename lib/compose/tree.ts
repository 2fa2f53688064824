/**
 * The compose document as the reader works on it: YAML values that remember where they were written. Every step
 * (interpolation, `extends`, merging several `-f` files) builds new nodes and keeps each value's location, so a
 * problem found after merging still names the file and line the user wrote.
 */
import type { ComposeLocation } from './types';

export type ScalarValue = string | number | boolean | null;

/** `!reset` drops the value (and what earlier files set there); `!override` replaces it instead of merging. */
export type MergeTag = 'reset' | 'override';

interface NodeBase {
  readonly loc: ComposeLocation;
  /** @default none: merged with compose's rules */
  readonly tag?: MergeTag;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, Node>;
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly Node[];
}

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** A YAML float (`1.0`, `1e6`): compose prints it as Go's `%v` does. @default false */
  readonly float?: boolean;
  /** The text as written, for messages (`false` written as `no` in YAML 1.1 files). @default none */
  readonly source?: string;
}

export type Node = MapNode | SeqNode | ScalarNode;

export function mapNode(entries: ReadonlyMap<string, Node>, loc: ComposeLocation, tag?: MergeTag): MapNode {
  return tag === undefined ? { kind: 'map', entries, loc } : { kind: 'map', entries, loc, tag };
}

export function seqNode(items: readonly Node[], loc: ComposeLocation, tag?: MergeTag): SeqNode {
  return tag === undefined ? { kind: 'seq', items, loc } : { kind: 'seq', items, loc, tag };
}

export function scalarNode(value: ScalarValue, loc: ComposeLocation): ScalarNode {
  return { kind: 'scalar', value, loc };
}

/** The same node without its merge tag (the tag has done its work once merged). */
export function untagged(node: Node): Node {
  if (node.tag === undefined) return node;
  const { tag: _tag, ...rest } = node;
  return rest as Node;
}

export function child(node: Node | undefined, key: string): Node | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

/** Replaces (or with `undefined`, removes) one key of a map node, keeping the order of the others. */
export function withEntry(node: MapNode, key: string, value: Node | undefined): MapNode {
  const entries = new Map(node.entries);
  if (value === undefined) entries.delete(key);
  else entries.set(key, value);
  return { ...node, entries };
}

export function scalarText(node: Node | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Compose path of a map key or sequence index below `path`. */
export function subPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Raised when aliases expand a document past any real compose file's size (a "billion laughs" document). */
export class TooLargeError extends Error {}

/** Nodes one document may expand to through aliases; compose-go stops at 100,000 node visits. */
export const MAX_NODES = 1_000_000;

/**
 * The plain JSON value of a node (what the schema validates), recording where each path is written and which
 * paths hold YAML floats. `!reset` values are left out, as compose removes them before it decodes a file.
 */
export function toPlain(node: Node, path: string, record?: { locations: Map<string, ComposeLocation>; floats: Set<string> }, budget = { left: MAX_NODES }): unknown {
  if (--budget.left < 0) throw new TooLargeError(`${path}: the document expands to more than ${MAX_NODES} values through aliases`);
  record?.locations.set(path, node.loc);
  if (node.kind === 'scalar') {
    if (node.float === true) record?.floats.add(path);
    return node.value;
  }
  if (node.kind === 'seq') {
    const out: unknown[] = [];
    for (const item of node.items) if (item.tag !== 'reset') out.push(toPlain(item, subPath(path, out.length), record, budget));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of node.entries) {
    if (value.tag !== 'reset') out[key] = toPlain(value, subPath(path, key), record, budget);
  }
  return out;
}

/** Go's `%v` of a YAML scalar, which is how compose turns `KEY: 1.0` or `KEY: true` into an environment value. */
export function goText(node: ScalarNode): string {
  const v = node.value;
  if (v === null) return '';
  if (typeof v === 'number') return node.float === true ? goFloat(v) : String(v);
  return String(v);
}

/** Go's `fmt.Sprint(f)` (strconv 'g', shortest): exponent form below 1e-4 and from 1e6 (`1e+06`). */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, e] = f.toExponential().split('e');
  const exponent = Number(e);
  if (exponent >= -4 && exponent < 6) return String(f);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
