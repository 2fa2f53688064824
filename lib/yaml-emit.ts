/**
 * A small, deterministic YAML emitter for Kubernetes manifests (plain JSON data: maps, lists, strings,
 * numbers, booleans, null). Maps are emitted with sorted keys; strings are plain where that cannot change
 * their type, a literal block where they span lines, and JSON-quoted otherwise (JSON strings are valid YAML).
 *
 * Plain means plain to YAML 1.2 and to YAML 1.1 as go-yaml (Kubernetes, kubectl, Helm, Argo CD) reads it:
 * no boolean or null word in any case (yes/no/on/off/y/n too), nothing that starts like a number, a date,
 * `.inf`/`.nan`, `~`, `=` or `<<`. test/yaml-property.test.ts checks that property over generated data.
 *
 * Why not the `yaml` package's stringify: for a 1000-service system it took 1.7 s of a 2.5 s synthesis.
 * `yaml` still parses everything berth reads, and a test round-trips every manifest through it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain scalars limited to characters that never start a YAML indicator mid-string. */
const PLAIN = /^[A-Za-z_/$][A-Za-z0-9 _./:=,+@$()-]*$/;
/**
 * Command-line flags (`-c`, `--port=5555`) and quantities or durations (`512Mi`, `250m`, `10s`). Not `-e5`,
 * which `yaml`'s YAML 1.1 schema reads as a float with no digits before the exponent (NaN), and not `0x` or
 * `0X` followed by letters, a hexadecimal integer (`0xff`; go-yaml also takes `0XFF`).
 */
const FLAG = /^(?!-[eE][-+]?\d+$)--?[A-Za-z][A-Za-z0-9_.=-]*$/;
const UNIT = /^(?!0[xX])\d+(\.\d+)?[A-Za-z]+$/;
/** Words YAML 1.1 or 1.2 would read as booleans or null, and `e5`/`E-1` (see FLAG). */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|e[-+]?\d+)$/i;
/**
 * Characters JSON.stringify leaves raw that YAML must not hold raw: DEL, the C1 controls, U+FFFE and U+FFFF
 * are not printable (go-yaml rejects the file); NEL, LS and PS are line breaks to YAML 1.1 and go-yaml (so
 * folded or ending a line, not kept); a BOM is a stream marker. They are written as `\uXXXX` escapes. Surrogates are here only
 * so that a string holding one takes the slow path, where a lone surrogate (not UTF-8) is refused.
 */
const ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
const ESCAPE_ALL = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const LONE_SURROGATE = /\p{Cs}/u;
/** go-yaml and `yaml` read an implicit key only up to 1024 characters; a longer one is written as `? key`. */
const MAX_IMPLICIT_KEY = 1000;

function quote(s: string): string {
  const json = JSON.stringify(s);
  if (!ESCAPE.test(s)) return json;
  if (LONE_SURROGATE.test(s)) throw new Error(`cannot emit a string with a lone UTF-16 surrogate as YAML: ${json}`);
  return json.replace(ESCAPE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(s: string): string {
  if (FLAG.test(s) || UNIT.test(s)) return s;
  if (s.length > 0 && PLAIN.test(s) && !RESERVED.test(s) && !s.includes(': ') && !s.includes(' #') && !s.endsWith(':') && !s.endsWith(' ')) return s;
  return quote(s);
}

/** What a literal block cannot hold as written: see ESCAPE; tabs and CR are kept exact by quoting instead. */
const NOT_LITERAL = /[\r\t\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;

/** A multi-line string as a literal block, when that reproduces it exactly. */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || NOT_LITERAL.test(s) || s.startsWith(' ') || s.startsWith('\n')) return undefined;
  const trailing = /\n*$/.exec(s)![0].length;
  if (trailing > 1) return undefined;
  const body = trailing === 1 ? s.slice(0, -1) : s;
  if (body.split('\n').some((line) => line.trim().length === 0)) return undefined; // blank lines need care; quote instead
  return `${trailing === 1 ? '|' : '|-'}\n${body
    .split('\n')
    .map((line) => indent + line)
    .join('\n')}`;
}

/** A value's YAML on the line of its key or dash, or undefined when it needs a block of its own. */
export function inline(value: Json, indent: string): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot emit ${value} as YAML`);
    return String(value);
  }
  if (typeof value === 'string') return literalBlock(value, indent) ?? scalar(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  return Object.keys(value).length === 0 ? '{}' : undefined;
}

/** Keys repeat across manifests (`name`, `image`, `containerPort`): each is made a scalar once. */
const keyScalars = new Map<string, string>();
export function keyScalar(key: string): string {
  let k = keyScalars.get(key);
  if (k === undefined) {
    k = scalar(key);
    if (keyScalars.size < 10000) keyScalars.set(key, k);
  }
  return k;
}

/** Appends the block form of `value` to `lines` (one array for the whole document, never copied). */
export function block(value: Json, indent: string, lines: string[]): string[] {
  if (Array.isArray(value)) {
    for (const item of value) {
      const simple = inline(item, `${indent}  `);
      if (simple !== undefined) {
        lines.push(`${indent}- ${simple}`);
        continue;
      }
      const first = lines.length;
      block(item, `${indent}  `, lines);
      lines[first] = `${indent}- ${lines[first].slice(indent.length + 2)}`;
    }
    return lines;
  }
  const map = value as { [key: string]: Json };
  for (const key of Object.keys(map).sort()) {
    const v = map[key];
    if (v === undefined) continue;
    const simple = inline(v, `${indent}  `);
    const k = keyScalar(key);
    let sep = `${indent}${k}:`;
    if (k.length > MAX_IMPLICIT_KEY) {
      // too long to be an implicit key: `? key` on its own line, then `: value`
      lines.push(`${indent}? ${k}`);
      sep = `${indent}:`;
    }
    if (simple !== undefined) lines.push(`${sep} ${simple}`);
    else {
      lines.push(sep);
      block(v, `${indent}  `, lines);
    }
  }
  return lines;
}

/** One YAML document for one manifest. */
export function toYaml(value: unknown): string {
  const json = value as Json;
  const simple = inline(json, '  '); // a multi-line string on its own is indented, so no line reads as `---`
  return `${simple ?? block(json, '', []).join('\n')}\n`;
}
