import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from 'esbuild';
import * as ts from 'typescript';
import * as platform from '../../charts/platform';
import * as assumed from '../../lib/model/assumed';
import type { System } from '../../lib/model/types';

const ROOT = path.join(__dirname, '..', '..');

/** Runs an emitted chart's source as the chart file would run, and returns the System it exports. */
export function evaluateChart(source: string, exportName: string): System {
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022' });
  const modules: Record<string, unknown> = { '../lib/model/assumed': assumed, './platform': platform };
  const module = { exports: {} as Record<string, unknown> };
  const load = new Function('require', 'exports', 'module', code) as (r: (m: string) => unknown, e: object, m: object) => void;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the chart's own imports, as Node would load them
  load((m) => modules[m] ?? require(m), module.exports, module);
  return module.exports[exportName] as System;
}

/**
 * Type-checks emitted charts the way `tsc --noEmit` checks `charts/` after an import: each written to
 * `charts/<id>.ts` of a scratch tree whose lib/ and platform.ts are the project's own. Returns the diagnostics.
 */
export function typeCheckCharts(charts: readonly { id: string; source: string }[]): string[] {
  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'berth-typecheck-'));
  try {
    fs.symlinkSync(path.join(ROOT, 'lib'), path.join(dir, 'lib'));
    fs.symlinkSync(path.join(ROOT, 'imports'), path.join(dir, 'imports'));
    fs.mkdirSync(path.join(dir, 'charts'));
    fs.copyFileSync(path.join(ROOT, 'charts', 'platform.ts'), path.join(dir, 'charts', 'platform.ts'));
    const files = charts.map((c) => {
      const file = path.join(dir, 'charts', `${c.id}.ts`);
      fs.writeFileSync(file, c.source);
      return file;
    });
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT);
    const program = ts.createProgram(files, { ...config.options, noEmit: true, preserveSymlinks: false });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(path.join(dir, 'charts')))
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
