import * as fs from 'fs';
import * as path from 'path';
import { registerChart } from '../../lib/import/register';

const INDEX = fs.readFileSync(path.join(__dirname, '..', '..', 'charts', 'index.ts'), 'utf8');

describe('registering an imported chart in charts/index.ts', () => {
  test('adds the import after the last import and the export at the end of charts', () => {
    const out = registerChart(INDEX, 'shop', 'shop');
    const lines = out.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    expect(imports[imports.length - 1]).toBe("import { shop } from './shop';");
    expect(out).toMatch(/export const charts: readonly System\[\] = \[[^\]]*, shop\];/);
  });

  test('registering twice changes nothing', () => {
    const once = registerChart(INDEX, 'shop', 'shop');
    expect(registerChart(once, 'shop', 'shop')).toBe(once);
  });

  test('an index without a charts list is an error that says what to do', () => {
    expect(() => registerChart("import x from 'y';\n", 'shop', 'shop')).toThrow(/add the chart to it by hand/);
  });
});
