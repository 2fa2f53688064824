/**
 * A `command:` or `entrypoint:` string split into words as compose splits it (mattn/go-shellwords `Parse`, no
 * variable or backtick expansion): blanks separate words; 'single quotes' keep everything; "double quotes" keep
 * blanks; a backslash outside single quotes takes the next character literally (`\t` and `\n` as tab and newline);
 * `$(...)` stays one literal word. Like go-shellwords, an unquoted `;`, `&`, `|`, `<` or `>` ends the command:
 * what follows is dropped, which `ignored` reports so the reader can warn.
 */

export interface ShellWords {
  readonly words: readonly string[];
  /** What go-shellwords drops after an unquoted operator. @default none */
  readonly ignored?: string;
  /** An unclosed quote, a trailing backslash, a stray parenthesis. @default none */
  readonly error?: string;
}

interface State {
  words: string[];
  buf: string;
  got: boolean;
  escaped: boolean;
  single: boolean;
  double: boolean;
  back: boolean;
  dollar: boolean;
}

export function splitShellWords(line: string): ShellWords {
  const s: State = { words: [], buf: '', got: false, escaped: false, single: false, double: false, back: false, dollar: false };
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const step = consume(s, chars[i]);
    if (step === 'error') return { words: [], error: `'${line}' has an unmatched parenthesis` };
    if (step === 'stop') {
      // `2>file`: go-shellwords drops the descriptor number with the redirection.
      if (s.got && !(chars[i] === '>' && /^[0-9]/.test(s.buf))) s.words.push(s.buf);
      return { words: s.words, ignored: chars.slice(i).join('') };
    }
  }
  if (s.got) s.words.push(s.buf);
  if (s.escaped || s.single || s.double || s.back || s.dollar) return { words: [], error: `'${line}' has an unclosed quote or a trailing backslash` };
  return { words: s.words };
}

function quoted(s: State): boolean {
  return s.single || s.double || s.back || s.dollar;
}

function consume(s: State, r: string): 'ok' | 'stop' | 'error' {
  if (s.escaped) {
    s.buf += r === 't' ? '\t' : r === 'n' ? '\n' : r;
    s.escaped = false;
    s.got = true;
    return 'ok';
  }
  if (r === '\\') {
    if (s.single) s.buf += r;
    else s.escaped = true;
    return 'ok';
  }
  if (/\s/.test(r)) {
    if (quoted(s)) s.buf += r;
    else if (s.got) {
      s.words.push(s.buf);
      s.buf = '';
      s.got = false;
    }
    return 'ok';
  }
  const special = specialChar(s, r);
  if (special !== 'literal') return special;
  s.got = true;
  s.buf += r;
  return 'ok';
}

function specialChar(s: State, r: string): 'ok' | 'stop' | 'error' | 'literal' {
  switch (r) {
    case '`':
      if (!s.single && !s.double && !s.dollar) s.back = !s.back;
      return 'literal';
    case '(':
      if (s.single || s.double || s.back) return 'literal';
      if (s.dollar || !s.buf.endsWith('$')) return 'error';
      s.dollar = true;
      s.buf += '(';
      return 'ok';
    case ')':
      if (s.single || s.double || s.back) return 'literal';
      if (!s.dollar) return 'error';
      s.dollar = false;
      return 'literal';
    case '"':
      if (s.single || s.dollar) return 'literal';
      if (s.double) s.got = true;
      s.double = !s.double;
      return 'ok';
    case "'":
      if (s.double || s.dollar) return 'literal';
      if (s.single) s.got = true;
      s.single = !s.single;
      return 'ok';
    case ';':
    case '&':
    case '|':
    case '<':
    case '>':
      return quoted(s) ? 'literal' : 'stop';
    default:
      return 'literal';
  }
}
