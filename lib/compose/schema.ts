/**
 * Validation against the official compose-spec JSON schema (`schemas/compose-spec.json`, compose-spec/compose-spec
 * commit 170098ba07d9, draft-07: Ajv's default class), with Ajv's findings turned into plain words at the compose
 * path and line the user wrote. A `oneOf` (string or list, list or mapping) fails in every branch at once; only the
 * branch that matches the value's type is reported.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problems } from './problems';
import { shown } from './problems';
import type { ComposeLocation } from './types';

const SCHEMA_FILE = join(__dirname, '..', '..', 'schemas', 'compose-spec.json');
const CACHE_DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'berth-compose-schema');
// `$schema` names draft-07 by its https URL, which Ajv does not know as a meta-schema: the schema itself is not
// validated (it is the published one), only documents against it. Its `deprecated` annotations are draft-2019
// keywords, hence strict: false. `verbose` gives each error its schema (the keys an object may have).
const OPTIONS = { allErrors: true, strict: false, validateSchema: false, verbose: true, code: { source: true } } as const;

let compiled: ValidateFunction | undefined;

/**
 * The compiled schema. Compiling takes 0.1–0.2 s, so the compiled code (Ajv's standalone output) is kept in
 * node_modules/.cache, keyed by the schema, Ajv's version and the options; loading it takes a few milliseconds.
 */
function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const text = readFileSync(SCHEMA_FILE, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const key = createHash('sha256')
    .update(`${ajvVersion}\0${JSON.stringify(OPTIONS)}\0${text}`)
    .digest('hex')
    .slice(0, 32);
  const cached = join(CACHE_DIR, `${key}.js`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    compiled = require(cached) as ValidateFunction;
    return compiled;
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const ajv = new Ajv(OPTIONS);
  const validate = ajv.compile(JSON.parse(text) as object);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, standaloneCode(ajv, validate));
    renameSync(temporary, cached);
  } catch {
    // a read-only checkout: compile on every run
  }
  compiled = validate;
  return compiled;
}

/** Validates one file's plain document; each problem is located through `where` (compose path → location). */
export function validateSchema(doc: unknown, where: (path: string) => ComposeLocation | undefined, problems: Problems): boolean {
  const validate = validator();
  if (validate(doc)) return true;
  for (const finding of explain(validate.errors ?? [], doc)) problems.error(where(finding.path), finding.path, finding.message, finding.fix);
  return false;
}

interface Finding {
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

/** The errors worth showing, grouped by value; see the module comment. */
export function explain(errors: readonly ErrorObject[], doc: unknown): Finding[] {
  const relevant = errors.filter((e) => !((e.keyword === 'oneOf' || e.keyword === 'anyOf') && e.params.passingSchemas == null));
  const pointers = [...new Set(relevant.map((e) => e.instancePath))];
  const findings: Finding[] = [];
  for (const pointer of pointers) {
    const here = relevant.filter((e) => e.instancePath === pointer);
    const deeper = pointers.some((p) => p.startsWith(`${pointer}/`));
    const specific = here.filter((e) => e.keyword !== 'type');
    const value = valueAt(doc, pointer);
    const path = composePath(doc, pointer);
    if (specific.length > 0) for (const e of specific) findings.push(...describe(e, path, value));
    else if (!deeper) findings.push(typeFinding(here, path, value));
  }
  return findings;
}

function describe(e: ErrorObject, path: string, value: unknown): Finding[] {
  switch (e.keyword) {
    case 'additionalProperties':
      return [unknownKey(path, String(e.params.additionalProperty), e.parentSchema as Schema | undefined)];
    case 'enum':
      return [{ path, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => shown(v)).join(', ')}, got ${shown(value)}` }];
    case 'required':
      return [{ path, message: `needs '${String(e.params.missingProperty)}'`, fix: `add ${String(e.params.missingProperty)}:` }];
    case 'uniqueItems':
      return [{ path, message: `lists the same value twice (items ${e.params.j} and ${e.params.i})`, fix: 'remove the duplicate' }];
    case 'oneOf':
    case 'anyOf':
      return [{ path, message: `matches more than one of the forms compose allows here, got ${shown(value)}` }];
    default:
      return [{ path, message: `${e.message ?? 'is not valid'}, got ${shown(value)}` }];
  }
}

interface Schema {
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly patternProperties?: Readonly<Record<string, unknown>>;
}

function unknownKey(path: string, key: string, schema: Schema | undefined): Finding {
  const at = path === '' ? key : `${path}.${key}`;
  const known = Object.keys(schema?.properties ?? {});
  const patterns = Object.keys(schema?.patternProperties ?? {}).filter((p) => p !== '^x-');
  if (known.length === 0 && patterns.length > 0) {
    return { path: at, message: `'${key}' is not a valid name here (it must match ${patterns.join(' or ')})`, fix: 'use letters, digits, ".", "_" and "-" only' };
  }
  const near = closest(key, known);
  const allowsExtensions = Object.keys(schema?.patternProperties ?? {}).includes('^x-');
  const fix = near !== undefined ? `did you mean '${near}'?` : allowsExtensions ? `remove it, or rename it x-${key} to keep it as an extension field` : 'remove it';
  return { path: at, message: `unknown key '${key}'`, fix };
}

/** The known key `key` is a typo of (one edit away, two for long keys), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  const limit = key.length >= 10 ? 2 : 1;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function typeFinding(errors: readonly ErrorObject[], path: string, value: unknown): Finding {
  const types = [...new Set(errors.flatMap((e) => String(e.params.type).split(',')))];
  const words = types.map((t) => TYPE_WORDS[t] ?? t);
  const expected = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  const message = `must be ${expected}, got ${shown(value)}`;
  if (types.length === 1 && types[0] === 'string' && (typeof value === 'boolean' || typeof value === 'number')) {
    const text = path.endsWith('.restart') && value === false ? 'no' : String(value);
    return { path, message, fix: `quote it: '${text}'` };
  }
  return { path, message };
}

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const s of segments(pointer)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

/** `/services/web/ports/0` → `services.web.ports[0]`. */
export function composePath(doc: unknown, pointer: string): string {
  let v = doc;
  let path = '';
  for (const s of segments(pointer)) {
    if (Array.isArray(v)) path += `[${s}]`;
    else path = path === '' ? s : `${path}.${s}`;
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  }
  return path;
}
