import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { delivery } from '../charts';
import { chartSystem } from '../lib/cli/import';
import { readCompose } from '../lib/compose/read';
import { emitChart } from '../lib/import/emit';
import { importProject } from '../lib/import/project';
import { synthesize } from '../lib/synthesize';
import { generatedCompose } from './generated-compose';

/**
 * `berth import` at size: a generated compose file of 57 and of 1,000 services (`generated-compose.ts`) read,
 * mapped to a chart (its source emitted too) and synthesized to every manifest, in a fresh process each run,
 * as a user's `berth import` followed by `berth synth` does (without prettier's formatting of the chart and
 * without writing files). Aims: 57 services ≤ 1 s, 1,000 services ≤ 3 s, wall time from process start.
 */
export const IMPORT_SIZES = [57, 1000];
const root = path.join(__dirname, '..');

interface ImportResult {
  readonly services: number;
  readonly readMs: number;
  readonly importMs: number;
  readonly synthMs: number;
  readonly files: number;
}

/** In the child: the pipeline once over the compose file in `dir`, timed per stage. */
function measure(services: number, dir: string): ImportResult {
  {
    const t0 = performance.now();
    const project = readCompose({ files: [path.join(dir, 'compose.yaml')] });
    const t1 = performance.now();
    const chart = importProject(project, { name: 'bench' });
    emitChart(chart, ['compose.yaml']);
    const t2 = performance.now();
    const files = synthesize([chartSystem(chart)], delivery).files.length;
    return { services, readMs: t1 - t0, importMs: t2 - t1, synthMs: performance.now() - t2, files };
  }
}

/** Each size `runs` times in a fresh process: wall time (node start to exit) and the stages' medians. */
export function benchImport(runs: number, hook: readonly string[]): { lines: string[]; failed: boolean } {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const lines = ['  | services | files | read | import | synth | wall (fresh process) | aim |', '  |---:|---:|---:|---:|---:|---:|---:|'];
  let failed = false;
  for (const n of IMPORT_SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-import-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), generatedCompose(n));
    fs.writeFileSync(path.join(dir, 'api_key.txt'), 'not a real key\n');
    const results: (ImportResult & { wallMs: number })[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const out = execFileSync(process.execPath, [...hook, __filename, '--child', String(n), dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      results.push({ ...(JSON.parse(out) as ImportResult), wallMs: performance.now() - start });
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const aimMs = n <= 57 ? 1000 : 3000;
    const wall = median(results.map((r) => r.wallMs));
    if (wall > aimMs) failed = true;
    const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
    const m = (k: 'readMs' | 'importMs' | 'synthMs') => s(median(results.map((r) => r[k])));
    lines.push(`  | ${n.toLocaleString('en')} | ${results[0].files} | ${m('readMs')} | ${m('importMs')} | ${m('synthMs')} | ${s(wall)} | ≤ ${s(aimMs)} |`);
  }
  return { lines, failed };
}

if (process.argv[2] === '--child') process.stdout.write(JSON.stringify(measure(Number(process.argv[3]), process.argv[4])));
