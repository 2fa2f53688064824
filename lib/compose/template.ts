/**
 * Compose's variable substitution (compose-spec `12-interpolation.md`, compose-go `template/template.go`):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
 * `${VAR+alt}`, defaults that are templates themselves (`${A:-${B:-x}}`), and `$$` for a literal `$`.
 * A `$` that starts none of these (`$1`, `$ `, a trailing `$`) stays as it is, as in compose.
 */

/** Looks a variable up; `undefined` when it is not set (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

export interface Substitution {
  readonly value: string;
  /** Variables used without a default and not set, in order of first use. */
  readonly missing: readonly string[];
  /** `${VAR:?err}` or `${VAR?err}` whose variable is missing, or a malformed `${...}`. @default none */
  readonly error?: string;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

export function substitute(template: string, lookup: Lookup): Substitution {
  const missing: string[] = [];
  const state = { error: undefined as string | undefined };
  const value = run(template, lookup, missing, state);
  return state.error === undefined ? { value, missing } : { value, missing, error: state.error };
}

function run(template: string, lookup: Lookup, missing: string[], state: { error?: string }): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(template, dollar + 1);
      if (close < 0) {
        fail(state, `'${template}' has a '\${' without its closing '}'`);
        return out + template.slice(dollar);
      }
      out += braced(template.slice(dollar + 2, close), template, lookup, missing, state);
      i = close + 1;
    } else {
      const name = NAME.exec(template.slice(dollar + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i = dollar + 1;
      } else {
        out += variable(name, lookup, missing);
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

/** The index of the `}` that closes the `{` at `open`, counting nested `${`. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function variable(name: string, lookup: Lookup, missing: string[]): string {
  const value = lookup(name);
  if (value === undefined) {
    if (!missing.includes(name)) missing.push(name);
    return '';
  }
  return value;
}

const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

function braced(inner: string, template: string, lookup: Lookup, missing: string[], state: { error?: string }): string {
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) return fail(state, `'${template}' is not a valid variable reference`);
  const rest = inner.slice(name.length);
  if (rest === '') return variable(name, lookup, missing);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op === undefined) return fail(state, `'${template}' is not a valid variable reference: '${rest}' after ${name}`);
  const argument = rest.slice(op.length);
  const value = lookup(name);
  const emptyCounts = op.startsWith(':');
  const isSet = value !== undefined && !(emptyCounts && value === '');
  switch (op) {
    case ':-':
    case '-':
      return isSet ? (value as string) : run(argument, lookup, missing, state);
    case ':+':
    case '+':
      return isSet ? run(argument, lookup, missing, state) : (value ?? '');
    default: {
      if (isSet) return value as string;
      const reason = run(argument, lookup, missing, state);
      return fail(state, `required variable ${name} is missing a value${reason === '' ? '' : `: ${reason}`}`);
    }
  }
}

function fail(state: { error?: string }, message: string): string {
  state.error ??= message;
  return '';
}
