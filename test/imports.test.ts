import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';

// scripts/linear-imports.js, the last step of `npm run import`, rewrites the generated mappers' quadratic
// undefined-filter into one pass.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { linear, QUADRATIC } = require('../scripts/linear-imports.js') as { linear: (s: string) => string; QUADRATIC: RegExp };

const IMPORTS = path.join(__dirname, '..', 'imports');
const generated = fs.readdirSync(IMPORTS).filter((n) => n.endsWith('.ts'));

/** The two shapes cdk8s-cli generates, as it generates them (a map field, and a map of quantities). */
const SHAPES = [
  'Object.entries(obj.labels).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})',
  'Object.entries(obj.limits).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {})',
];

describe('imports/ mappers', () => {
  test('every generated file is already rewritten: no mapper copies an object once per key', () => {
    expect(generated.length).toBeGreaterThanOrEqual(4);
    for (const name of generated) {
      const source = fs.readFileSync(path.join(IMPORTS, name), 'utf8');
      expect([name, linear(source) === source]).toEqual([name, true]);
      expect([name, source.includes('({ ...r, [i[0]]')]).toEqual([name, false]);
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
});
