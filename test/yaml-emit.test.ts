import { parse, parseAllDocuments } from 'yaml';
import { delivery, systems } from '../charts';
import { synthesize } from '../lib/synthesize';
import { toYaml } from '../lib/yaml-emit';
import { generatedSystem } from '../bench/generated-system';

describe('toYaml', () => {
  test('every synthesized manifest parses back to the same data', () => {
    for (const f of synthesize([...systems, generatedSystem(30)], delivery).files.filter((f) => f.path.endsWith('.yaml'))) {
      const docs = parseAllDocuments(f.content).map((d) => d.toJS());
      expect(docs.map(toYaml).join('---\n')).toBe(f.content);
    }
  });

  // prettier-ignore
  const cases = [
    'true', 'False', 'yes', 'no', 'on', 'off', 'y', 'null', '~', '', ' ', '1', '0.5', '1e3', '0x1F', '012', '1:20', '2001-12-14',
    '-', '- a', '-1', '.inf', '.5', 'a: b', 'a #b', 'end:', 'trailing ', '#x', '&a', '*a', '!tag', '|', '>', '%', '@x', '`x`', '{a}', '[a]',
    "it's", 'say "hi"', 'multi\nline', 'multi\nline\n', 'multi\nline\n\n', '\nleading', ' lead\nx', 'tab\tx', 'blank\n\nline', 'a\r\nb',
    'unicode ✓', '512Mi', '250m', '-c', '--port=5555', 'http://x:1/y?z=1&w=2', '0.0.0.0/0', 'Prune=false,Delete=false',
    // found by test/yaml-property.test.ts: hexadecimal integers that looked like quantities, exponents `yaml`'s
    // YAML 1.1 schema reads without a mantissa (NaN), document markers in a multi-line document, keys past the
    // 1024-character limit of an implicit key (a newline counts twice once escaped)
    '0xff', '0XFF', '0xFACE', '0xa', 'E0', 'e5', 'e+3', '-e5', '-E-1', '---\nx', 'a\n...', 'k'.repeat(1100), '\n'.repeat(600),
    // more of YAML 1.1: other casings, octal, binary, underscores, merge and value keys, timestamps, sexagesimal
    'Y', 'N', 'YES', 'Off', '0o17', '0b101', '1_000', '<<', '=', '.nan', '-.Inf', '2001-12-14t21:59:43.10-05:00', '190:20:30',
  ];

  const label = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 12)}…(${s.length} characters)` : s);
  test.each(cases.map((s) => [label(s), s]))('%s survives a round trip as a value, as a key and as a document under YAML 1.2 and 1.1', (_, s) => {
    const data = { [s]: s, list: [s, { [s]: [s] }] };
    for (const version of ['1.2', '1.1'] as const) {
      expect(parse(toYaml(data), { version })).toEqual(data);
      expect(parse(toYaml(s), { version })).toEqual(s);
    }
  });

  test.each([
    ['\u007f', 'DEL'],
    ['\u0080', 'C1 control'],
    ['\u0085', 'NEL'],
    ['\u009f', 'C1 control'],
    ['\u2028', 'LS'],
    ['\u2029', 'PS'],
    ['\ufeff', 'BOM'],
    ['\ufffe', 'noncharacter'],
    ['\uffff', 'noncharacter'],
  ])('%j (%s) is written as an escape, never raw: go-yaml rejects it or reads a line break', (c) => {
    const escape = `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    expect(toYaml({ a: `x${c}y` })).toBe(`a: "x${escape}y"\n`);
    expect(toYaml({ a: `x${c}\ny\n` })).toBe(`a: "x${escape}\\ny\\n"\n`); // not a literal block
    expect(toYaml({ [`k${c}`]: 1 })).toBe(`"k${escape}": 1\n`);
    expect(parse(toYaml({ a: `x${c}\ny\n` }), { version: '1.1' })).toEqual({ a: `x${c}\ny\n` });
  });

  test('astral characters stay raw, in quotes and in literal blocks', () => {
    expect(toYaml({ a: '😀', b: '😀\nx\n' })).toBe('a: "😀"\nb: |\n  😀\n  x\n');
  });

  test('a key too long to be implicit (over 1000 characters as written) becomes an explicit `? key`', () => {
    const key = 'k'.repeat(1001);
    expect(toYaml({ [key]: 'v', b: [{ [key]: { c: 1 } }] })).toBe(`b:\n  - ? ${key}\n    :\n      c: 1\n? ${key}\n: v\n`);
    expect(toYaml({ ['k'.repeat(1000)]: 'v' })).toBe(`${'k'.repeat(1000)}: v\n`);
  });

  test('refuses what YAML cannot hold: lone surrogates, NaN, infinities', () => {
    expect(() => toYaml({ a: '\ud800' })).toThrow(/lone UTF-16 surrogate/);
    expect(() => toYaml({ a: 'x\udc00\ny' })).toThrow(/lone UTF-16 surrogate/);
    expect(() => toYaml({ ['\ud800']: 1 })).toThrow(/lone UTF-16 surrogate/);
    expect(() => toYaml({ a: NaN })).toThrow(/NaN/);
    expect(() => toYaml({ a: -Infinity })).toThrow(/Infinity/);
  });

  test('numbers, booleans, null and empty collections keep their types; keys are sorted', () => {
    const data = { z: 1, a: [true, false, null, 0, -2.5, [], {}], m: { y: '1', x: 'x' } };
    const text = toYaml(data);
    expect(parse(text)).toEqual(data);
    expect(text.split('\n')[0]).toBe('a:');
  });
});
