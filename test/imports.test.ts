import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { transpileModule } from 'typescript';

// scripts/linear-imports.js, the last step of `npm run import`, rewrites the generated mappers' quadratic
// undefined-filter into one pass.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { linear, wireTable, QUADRATIC, FILTERED_RESULT } = require('../scripts/linear-imports.js') as {
  linear: (s: string) => string;
  wireTable: (sources: Record<string, string>) => string;
  QUADRATIC: RegExp;
  FILTERED_RESULT: RegExp;
};

const IMPORTS = path.join(__dirname, '..', 'imports');
const generated = fs.readdirSync(IMPORTS).filter((n) => n.endsWith('.ts') && n !== 'wire.ts');

/** The two shapes cdk8s-cli generates, as it generates them (a map field, and a map of quantities). */
const SHAPES = [
  'Object.entries(obj.labels).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})',
  'Object.entries(obj.limits).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {})',
];

/** A whole mapper as cdk8s-cli generates it (trimmed to three keys), with a map field and a nested mapper. */
const GENERATED_MAPPER = `export function toJson_Thing(obj: Thing | undefined): Record<string, any> | undefined {
  if (obj === undefined) { return undefined; }
  const result = {
    'labels': ((obj.labels) === undefined) ? undefined : (Object.entries(obj.labels).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})),
    'name': obj.name,
    'ports': obj.ports?.map(y => y?.value),
  };
  // filter undefined values
  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
}
`;

const compile = (ts: string) => {
  const js = transpileModule(ts, { compilerOptions: { module: 1 /* CommonJS */ } }).outputText;
  const exports: Record<string, (obj: unknown) => unknown> = {};
  new Function('exports', js)(exports);
  return exports.toJson_Thing;
};

describe('imports/ mappers', () => {
  test('every generated file is already rewritten: no mapper copies an object once per key', () => {
    expect(generated.length).toBeGreaterThanOrEqual(4);
    for (const name of generated) {
      const source = fs.readFileSync(path.join(IMPORTS, name), 'utf8');
      expect([name, linear(source) === source]).toEqual([name, true]);
      expect([name, source.includes('({ ...r, [i[0]]')]).toEqual([name, false]);
      expect([name, source.includes('// filter undefined values')]).toEqual([name, false]);
    }
  });

  test.each(SHAPES)('the rewrite of %s computes the same object, keys in the same order', (shape) => {
    const rewritten = linear(shape);
    expect(rewritten).not.toEqual(shape);
    expect(rewritten).not.toMatch(QUADRATIC);
    const before = new Function('obj', `return ${shape};`) as (obj: object) => object;
    const after = new Function('obj', `return ${rewritten};`) as (obj: object) => object;
    const value = fc.oneof(fc.constant(undefined), fc.string(), fc.record({ value: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)) }));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (map) => {
        const obj = { labels: map, limits: map };
        const [a, b] = [before(obj), after(obj)];
        expect(Object.keys(b)).toEqual(Object.keys(a));
        expect(b).toStrictEqual(a);
      }),
      { seed: 42 },
    );
  });

  test('a whole generated mapper, rewritten, sets only the defined keys, in the same order', () => {
    const rewritten = linear(GENERATED_MAPPER);
    expect(rewritten).not.toMatch(FILTERED_RESULT);
    expect(rewritten).not.toContain('...r');
    const [before, after] = [compile(GENERATED_MAPPER), compile(rewritten)];
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          labels: maybe(fc.dictionary(fc.string(), maybe(fc.string()))),
          name: maybe(fc.string()),
          ports: maybe(fc.array(fc.record({ value: fc.oneof(fc.integer(), fc.string()) }))),
        }),
        (obj) => {
          const [a, b] = [before(obj) as object, after(obj) as object];
          expect(Object.keys(b)).toEqual(Object.keys(a));
          expect(b).toStrictEqual(a);
        },
      ),
      { seed: 42 },
    );
    expect(after(undefined)).toBeUndefined();
  });

  test('imports/wire.ts is the field table of exactly the committed mappers', () => {
    const sources = Object.fromEntries(generated.map((name) => [name, fs.readFileSync(path.join(IMPORTS, name), 'utf8')]));
    expect(fs.readFileSync(path.join(IMPORTS, 'wire.ts'), 'utf8')).toBe(wireTable(sources));
  });

  test('a mapper line in a form the table does not know is an error, not a silent change', () => {
    const odd = GENERATED_MAPPER.replace("'name': obj.name,", "'name': obj.name ?? 'x',");
    expect(() => wireTable({ 'odd.ts': linear(odd) })).toThrow(/toJson_Thing: unknown mapping obj\.name \?\? 'x'/);
  });
});
