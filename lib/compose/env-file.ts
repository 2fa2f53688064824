/**
 * `.env` / `--env-file` files as compose reads them (compose-go `dotenv/parser.go`): `KEY=value`, `KEY: value`,
 * `export KEY=value`, `#` comments (and ` #` after an unquoted value), blank lines, 'single' quotes (literal),
 * "double" quotes (escapes `\n` `\t` `\"` `\\` `\$` ..., then variables), multi-line quoted values, a bare `KEY`
 * (taken from `lookup` when set there), and `${VAR}` of keys read earlier (or from `lookup`) in unquoted and
 * double-quoted values.
 */
import { substitute, type Lookup } from './template';

export interface EnvFileResult {
  readonly values: Readonly<Record<string, string>>;
  /** Problems with their 1-based line. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}

const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
const INLINE_SPACE = /[\t\v\f\r \u0085\u00a0]/;

/**
 * Parses one env file over `base` (the keys of the files read before it). `outer` wins over both when a value
 * refers to a variable (compose's process environment; here `--set`).
 */
export function parseEnvFile(text: string, outer: Lookup = () => undefined, base: Readonly<Record<string, string>> = {}): EnvFileResult {
  const values: Record<string, string> = { ...base };
  const errors: { line: number; message: string }[] = [];
  const lookup: Lookup = (name) => outer(name) ?? (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined);
  const src = text.replace(/^\uFEFF/, '');
  let pos = 0;
  const lineAt = (offset: number) => src.slice(0, offset).split('\n').length;
  while (pos < src.length) {
    pos = skipBlankAndComments(src, pos);
    if (pos >= src.length) break;
    const statement = parseStatement(src, pos, lookup);
    if ('error' in statement) {
      errors.push({ line: lineAt(pos), message: statement.error });
      const eol = src.indexOf('\n', pos);
      pos = eol < 0 ? src.length : eol + 1;
      continue;
    }
    if (statement.value !== undefined) values[statement.key] = statement.value;
    pos = statement.end;
  }
  return { values, errors };
}

function skipBlankAndComments(src: string, pos: number): number {
  for (;;) {
    while (pos < src.length && /\s/.test(src[pos])) pos++;
    if (src[pos] !== '#') return pos;
    const eol = src.indexOf('\n', pos);
    if (eol < 0) return src.length;
    pos = eol;
  }
}

type Statement = { key: string; value?: string; end: number } | { error: string };

function parseStatement(src: string, start: number, lookup: Lookup): Statement {
  let pos = start;
  const exported = /^export[\t ]+/.exec(src.slice(pos, pos + 20));
  if (exported !== null) pos += exported[0].length;
  let end = pos;
  while (end < src.length && !'=:\n'.includes(src[end])) {
    const c = src[end];
    if (!INLINE_SPACE.test(c) && !KEY_CHAR.test(c)) {
      return { error: `unexpected character '${c}' in variable name '${src.slice(pos).split('\n')[0]}'` };
    }
    end++;
  }
  const key = src.slice(pos, end).replace(/\s+$/, '');
  if (key.includes(' ') || key.includes('\t')) return { error: `a variable name cannot contain a space: '${key}'` };
  if (key === '') return { error: 'a line starts with no variable name' };
  if (end >= src.length || src[end] === '\n') {
    // A bare KEY: inherited from the outer environment when set there.
    return { key, value: lookup(key), end: end + 1 };
  }
  let valueStart = end + 1;
  while (valueStart < src.length && INLINE_SPACE.test(src[valueStart])) valueStart++;
  return parseValue(src, key, valueStart, lookup);
}

function parseValue(src: string, key: string, pos: number, lookup: Lookup): Statement {
  const quote = src[pos];
  if (quote !== '"' && quote !== "'") {
    const eol = src.indexOf('\n', pos);
    const lineEnd = eol < 0 ? src.length : eol;
    let raw = src.slice(pos, lineEnd);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    return expand(key, raw.replace(/\s+$/, ''), lineEnd + 1, lookup);
  }
  let chars = '';
  let escaped = false;
  for (let i = pos + 1; i < src.length; i++) {
    const c = src[i];
    if (c !== quote) {
      if (!escaped && c === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) chars += '\\';
      escaped = false;
      chars += c;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += c;
      continue;
    }
    if (quote === "'") return { key, value: chars, end: i + 1 };
    return expand(key, expandEscapes(chars), i + 1, lookup);
  }
  return { error: `unterminated quoted value for ${key}` };
}

function expand(key: string, raw: string, end: number, lookup: Lookup): Statement {
  const result = substitute(raw, lookup);
  if (result.error !== undefined) return { error: `${key}: ${result.error}` };
  return { key, value: result.value, end };
}

const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', c: '', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/** The shell escapes compose expands in double quotes; `\$` becomes `$$`, a literal `$` for the substitution. */
function expandEscapes(s: string): string {
  return s.replace(/\\(?:([abcfnrtv$"\\])|0([0-7]{0,3}))/g, (match, letter: string | undefined, octal: string | undefined) => {
    if (letter !== undefined) return letter === 'c' ? match : ESCAPES[letter];
    return String.fromCharCode(parseInt(octal === '' || octal === undefined ? '0' : octal, 8));
  });
}
