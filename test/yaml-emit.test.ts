import { parse, parseAllDocuments } from 'yaml';
import { delivery, systems } from '../charts';
import { synthesize } from '../lib/synthesize';
import { toYaml } from '../lib/yaml-emit';
import { generatedSystem } from '../bench/generated-system';

describe('toYaml', () => {
  test('every synthesized manifest parses back to the same data', () => {
    for (const f of synthesize([...systems, generatedSystem(30)], delivery).files) {
      const docs = parseAllDocuments(f.content).map((d) => d.toJS());
      expect(docs.map(toYaml).join('---\n')).toBe(f.content);
    }
  });

  test.each([
    'true', 'False', 'yes', 'no', 'on', 'off', 'y', 'null', '~', '', ' ', '1', '0.5', '1e3', '0x1F', '012', '1:20', '2001-12-14',
    '-', '- a', '-1', '.inf', '.5', 'a: b', 'a #b', 'end:', 'trailing ', '#x', '&a', '*a', '!tag', '|', '>', '%', '@x', '`x`', '{a}', '[a]',
    "it's", 'say "hi"', 'multi\nline', 'multi\nline\n', 'multi\nline\n\n', '\nleading', ' lead\nx', 'tab\tx', 'blank\n\nline', 'a\r\nb',
    'unicode ✓', '512Mi', '250m', '-c', '--port=5555', 'http://x:1/y?z=1&w=2', '0.0.0.0/0', 'Prune=false,Delete=false',
  ])('%j survives a round trip as a value and as a key', (s) => {
    const data = { [s]: s, list: [s, { [s]: [s] }] };
    expect(parse(toYaml(data))).toEqual(data);
  });

  test('numbers, booleans, null and empty collections keep their types; keys are sorted', () => {
    const data = { z: 1, a: [true, false, null, 0, -2.5, [], {}], m: { y: '1', x: 'x' } };
    const text = toYaml(data);
    expect(parse(text)).toEqual(data);
    expect(text.split('\n')[0]).toBe('a:');
  });
});
