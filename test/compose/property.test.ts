/**
 * Whatever the input, `readCompose` returns a project or throws a ComposeError whose problems each have a path
 * and a message: never another exception. Inputs: generated compose documents and real corpus files, with random
 * values put at random paths, keys removed, and random characters inserted into the text.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readCompose } from '../../lib/compose/read';
import { ComposeError } from '../../lib/compose/types';
import { projectDir } from './helpers';

const dir = projectDir({ 'a.env': 'A=1\n', 'conf/app.yaml': 'x: 1\n' });
const file = join(dir, 'compose.yaml');

function outcome(text: string | undefined, options: { profiles?: string[] } = {}): void {
  writeFileSync(file, text ?? '');
  try {
    const project = readCompose({ files: [file], ...options });
    expect(typeof project.services).toBe('object');
    for (const s of Object.values(project.services)) project.where(`services.${s.name}`);
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message).not.toBe('');
    }
  }
}

const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/);
const scalarish = fc.oneof(
  fc.constantFrom('80', '8080:80', '[::1]:53:53/udp', '8000-8001:8000-8001', 'data:/data:ro', './conf:/conf', '/anon', '1m30s', '512m', 'no', '${A:-x}', '$$', '${B:?}', 'CMD'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 70000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalarish,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(word, fc.constantFrom('image', 'target', 'source', 'type', 'x-a')), tie('v'), { maxKeys: 3 }),
  ),
})).v;

const service = fc.record(
  {
    image: fc.constantFrom('nginx', 'redis:7'),
    ports: fc.array(fc.constantFrom('80', '8080:80', 3000, '127.0.0.1:53:53/udp'), { maxLength: 3 }),
    environment: fc.oneof(
      fc.dictionary(word, fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
      fc.array(fc.constantFrom('A=1', 'B', 'C=${A}'), { maxLength: 3 }),
    ),
    volumes: fc.array(fc.constantFrom('data:/data', './conf:/conf:ro', '/anon', { type: 'tmpfs', target: '/t', tmpfs: { size: '64m' } }), { maxLength: 3 }),
    command: fc.oneof(fc.constantFrom('sh -c "echo hi"', 'serve --port 80'), fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 })),
    healthcheck: fc.record({ test: fc.constantFrom('curl -f localhost', ['CMD', 'true'], ['NONE']), interval: fc.constantFrom('10s', '1m') }),
    depends_on: fc.array(word, { maxLength: 2 }),
    profiles: fc.array(fc.constantFrom('debug', 'tools'), { maxLength: 1 }),
    env_file: fc.constantFrom('a.env', [{ path: 'missing.env', required: false }]),
    extends: word,
  },
  { requiredKeys: ['image'] },
);
const generated = fc.record({ services: fc.dictionary(word, service, { minKeys: 1, maxKeys: 4 }), volumes: fc.constant({ data: null }) });

/** Every path (as keys) into a plain value. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

/** `doc` with the value at `path` replaced by `next` (or removed when `next` is undefined). */
function mutate(doc: unknown, path: readonly (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  const copy = (Array.isArray(doc) ? [...doc] : { ...(doc as object) }) as Record<string | number, unknown>;
  const child = mutate(copy[head], rest, next);
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy;
}

const mutation = fc.tuple(fc.nat(), fc.option(value, { nil: undefined }));

function apply(doc: unknown, [pick, next]: [number, unknown]): unknown {
  const all = paths(doc);
  return mutate(doc, all[pick % all.length], next);
}

test('generated documents with random values at random paths', () => {
  fc.assert(
    fc.property(generated, fc.array(mutation, { maxLength: 3 }), fc.constantFrom<string[][]>([], ['debug'], ['*']), (doc, mutations, profiles) => {
      outcome(stringify(mutations.reduce(apply, doc as unknown)), { profiles });
    }),
    { numRuns: 200 },
  );
});

test('random characters inserted into a document', () => {
  const text = stringify({ services: { web: { image: 'nginx', ports: ['80:80'], environment: { A: '${A:-1}' } } }, 'x-a': { b: 1 } });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(':', '-', ' ', '\n', '&a', '*a', '<<: ', '!reset', '"', "'", '{', '[', '$', '#', '\t', '?')), { maxLength: 4 }),
      (inserts) => {
        outcome(inserts.reduce((t, [at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)), text));
      },
    ),
    { numRuns: 200 },
  );
});

const seeds = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'compose', 'awesome-compose');
(existsSync(seeds) ? test : test.skip)('corpus documents with random values at random paths', () => {
  const docs = readdirSync(seeds).map((d) => parse(readFileSync(join(seeds, d, 'compose.yaml'), 'utf8')) as unknown);
  fc.assert(
    fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
      outcome(stringify(mutations.reduce(apply, docs[which % docs.length])));
    }),
    { numRuns: 200 },
  );
});
