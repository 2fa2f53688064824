/**
 * YAML text → located nodes, as compose's YAML decoder (go-yaml v3/v4) reads it: YAML 1.2 booleans (`yes`, `on`,
 * `no` stay strings), go-yaml's integers (`0440` is octal, `1_000` is 1000, `0x1F`, `0b101`), anchors and
 * aliases, merge keys `<<` (one mapping or a list, the first one winning, the mapping's own keys winning over
 * all), `!!merge <<`, and compose's own `!reset` and `!override` tags.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, visit, YAMLMap, YAMLSeq, type Document, type Node as YamlNode } from 'yaml';
import { Problems } from './problems';
import { mapNode, MAX_NODES, scalarNode, seqNode, subPath, type MergeTag, type Node, type ScalarNode, type ScalarValue } from './tree';
import type { ComposeLocation } from './types';

const MERGE_TAG = 'tag:yaml.org,2002:merge';
const COMPOSE_TAGS: Readonly<Record<string, MergeTag>> = { '!reset': 'reset', '!override': 'override' };

/** Every document of a compose file, each a mapping; problems (YAML syntax, a non-mapping document) are collected. */
export function loadYaml(text: string, file: string, problems: Problems): Node[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: false, uniqueKeys: true, version: '1.2', schema: 'core', prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: Node[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors)
        problems.error({ file, line: lineCounter.linePos(e.pos[0]).line }, '', `invalid YAML: ${firstLine(e.message)}`, 'fix the YAML syntax at this line');
      continue;
    }
    const node = new Converter(doc, file, lineCounter, problems).document();
    if (node === undefined) continue;
    if (node.kind !== 'map') {
      problems.error(
        node.loc,
        '',
        `a compose file must be a mapping (services:, volumes:, ...), got ${node.kind === 'seq' ? 'a list' : 'a single value'}`,
        'start the file with services:',
      );
      continue;
    }
    if (expandedSize(node, new WeakMap()) > MAX_NODES) {
      problems.error({ file, line: 1 }, '', `the document expands to more than ${MAX_NODES} values through aliases`, 'use fewer nested aliases');
      continue;
    }
    out.push(node);
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Values a node stands for once every alias is expanded (shared subtrees counted each time they appear). */
function expandedSize(node: Node, memo: WeakMap<Node, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (node.kind === 'map') for (const v of node.entries.values()) size += expandedSize(v, memo);
  if (node.kind === 'seq') for (const v of node.items) size += expandedSize(v, memo);
  memo.set(node, Math.min(size, MAX_NODES + 1));
  return Math.min(size, MAX_NODES + 1);
}

class Converter {
  /** Each anchored node converted once; an alias reuses it under its own location. */
  private readonly cache = new Map<YamlNode, Node>();
  private readonly active = new Set<YamlNode>();
  /** Anchor name → its definitions in document order (a later `&name` shadows an earlier one). */
  private readonly anchors = new Map<string, { offset: number; node: YamlNode }[]>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly problems: Problems,
  ) {
    // `Alias.resolve` walks the whole document for every alias; one walk here serves them all.
    visit(doc, {
      Node: (_key, node) => {
        if (node.anchor === undefined) return;
        const list = this.anchors.get(node.anchor) ?? [];
        list.push({ offset: node.range?.[0] ?? 0, node: node as YamlNode });
        this.anchors.set(node.anchor, list);
      },
    });
  }

  document(): Node | undefined {
    const contents = this.doc.contents;
    if (contents === null) return undefined;
    if (isScalar(contents) && contents.value === null) return undefined;
    return this.node(contents as YamlNode, this.at(contents as YamlNode), '');
  }

  private at(node: { range?: [number, number, number] | null } | null | undefined): ComposeLocation {
    const offset = node?.range?.[0];
    return offset === undefined ? { file: this.file } : { file: this.file, line: this.lines.linePos(offset).line };
  }

  private node(y: YamlNode, loc: ComposeLocation, path: string): Node {
    if (isAlias(y)) return this.alias(y, loc, path);
    const cached = this.cache.get(y);
    if (cached !== undefined) return { ...cached, loc };
    if (this.active.has(y)) {
      this.problems.error(loc, path, 'an alias refers to the mapping or list that contains it', 'remove the recursive alias');
      return scalarNode(null, loc);
    }
    this.active.add(y);
    const converted = this.convert(y, loc, path);
    this.active.delete(y);
    this.cache.set(y, converted);
    return converted;
  }

  private alias(a: Alias, loc: ComposeLocation, path: string): Node {
    const offset = a.range?.[0] ?? Infinity;
    const target = this.anchors
      .get(a.source)
      ?.filter((d) => d.offset < offset)
      .pop()?.node;
    if (target === undefined) {
      this.problems.error(loc, path, `unknown alias *${a.source}`, `define the anchor &${a.source} before it is used`);
      return scalarNode(null, loc);
    }
    return this.node(target as YamlNode, loc, path);
  }

  private convert(y: YamlNode, loc: ComposeLocation, path: string): Node {
    const tag = y.tag === undefined ? undefined : COMPOSE_TAGS[y.tag];
    if (isMap(y)) return mapNode(this.entries(y, path), loc, tag);
    if (isSeq(y)) return seqNode(this.items(y, path), loc, tag);
    const scalar = this.scalar(y as Scalar, loc);
    return tag === undefined ? scalar : { ...scalar, tag };
  }

  private items(seq: YAMLSeq, path: string): Node[] {
    return seq.items.map((item, i) => this.node(item as YamlNode, this.at(item as YamlNode), subPath(path, i)));
  }

  private entries(map: YAMLMap, path: string): Map<string, Node> {
    const entries = new Map<string, Node>();
    const merged = new Set<string>();
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      const loc = this.at(keyNode);
      if (isMergeKey(keyNode)) {
        for (const source of this.mergeSources(pair.value as YamlNode | null, loc, path)) {
          for (const [k, v] of source.entries) {
            if (entries.has(k)) continue;
            entries.set(k, v);
            merged.add(k);
          }
        }
        continue;
      }
      const key = this.key(keyNode, loc, path);
      if (key === undefined) continue;
      const value = pair.value === null ? scalarNode(null, loc) : this.node(pair.value as YamlNode, loc, subPath(path, key));
      entries.set(key, value);
      merged.delete(key);
    }
    return entries;
  }

  private mergeSources(value: YamlNode | null, loc: ComposeLocation, path: string): { entries: ReadonlyMap<string, Node> }[] {
    const node = value === null ? undefined : this.node(value, loc, subPath(path, '<<'));
    const list = node?.kind === 'seq' ? node.items : node === undefined ? [] : [node];
    const maps = list.filter((n) => n.kind === 'map');
    if (maps.length !== list.length || node === undefined) {
      this.problems.error(loc, subPath(path, '<<'), 'a merge key `<<` takes a mapping or a list of mappings', 'merge only anchors of mappings, e.g. `<<: [*defaults, *logging]`');
    }
    return maps;
  }

  private key(keyNode: YamlNode | null, loc: ComposeLocation, path: string): string | undefined {
    if (keyNode === null) return 'null';
    if (isScalar(keyNode)) return String(keyNode.value);
    this.problems.error(loc, path, 'a mapping key must be a plain value, not a mapping or list', 'write the key as text');
    return undefined;
  }

  private scalar(y: Scalar, loc: ComposeLocation): ScalarNode {
    const source = typeof y.source === 'string' ? y.source : undefined;
    const explicitTag = y.tag !== undefined && COMPOSE_TAGS[y.tag] === undefined;
    if (y.type === 'PLAIN' && !explicitTag && source !== undefined) {
      const { value, float } = resolvePlain(source);
      return float ? { kind: 'scalar', value, loc, float, source } : { kind: 'scalar', value, loc, source };
    }
    const value = y.value;
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      const float = typeof value === 'number' && y.tag === 'tag:yaml.org,2002:float';
      return float ? { kind: 'scalar', value, loc, float } : { kind: 'scalar', value, loc };
    }
    return { kind: 'scalar', value: String(value), loc };
  }
}

function isMergeKey(key: YamlNode | null): boolean {
  if (!isScalar(key)) return false;
  if (key.tag === MERGE_TAG) return true;
  return key.type === 'PLAIN' && key.value === '<<';
}

const INT = /^[-+]?(?:0[bB][01_]+|0[oO]?[0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** go-yaml v3's resolution of an untagged plain scalar (`resolve.go`): what compose sees. */
export function resolvePlain(text: string): { value: ScalarValue; float: boolean } {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return { value: null, float: false };
    case 'true':
    case 'True':
    case 'TRUE':
      return { value: true, float: false };
    case 'false':
    case 'False':
    case 'FALSE':
      return { value: false, float: false };
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return { value: Infinity, float: true };
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return { value: -Infinity, float: true };
    case '.nan':
    case '.NaN':
    case '.NAN':
      return { value: NaN, float: true };
  }
  if (INT.test(text) && !text.endsWith('_')) {
    const n = parseGoInt(text.replace(/_/g, ''));
    if (n !== undefined) return { value: n, float: false };
  }
  if (FLOAT.test(text)) return { value: Number(text), float: true };
  return { value: text, float: false };
}

/** strconv.ParseInt(s, 0, 64): `0x`, `0o`, `0b` prefixes and a leading `0` for octal. */
function parseGoInt(s: string): number | undefined {
  const negative = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[0-9]/.test(body)) {
    if (/[89]/.test(body)) return undefined;
    n = parseInt(body.slice(1), 8);
  } else n = parseInt(body, 10);
  if (Number.isNaN(n)) return undefined;
  return negative ? -n : n;
}
