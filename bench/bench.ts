import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { delivery, systems } from '../charts';
import { writeTree } from '../lib/output';
import { synthesize } from '../lib/synthesize';
import { generatedSystem } from './generated-system';

/**
 * `npm run bench`: wall-clock times of
 *   1. `npm run synth` as a user runs it (a fresh node process), end to end: cold, with an empty transpile
 *      cache as right after `npm ci`, and warm;
 *   2. one in-process synthesis of every documented system, written to disk;
 *   3. a generated 1000-service system, synthesized and written.
 * Each is run several times; the median and the slowest are reported.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));

function measure(label: string, fn: () => void): { label: string; medianMs: number; maxMs: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { label, medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1] };
}

const generated = generatedSystem(1000);
const cli = (env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(process.execPath, ['-r', './scripts/register-ts.js', 'main.ts', path.join(tmp, 'cli')], { cwd: root, stdio: 'ignore', env });
let coldRun = 0;
const results = [
  measure('npm run synth, cold (empty transpile cache, as after npm ci)', () => {
    cli({ ...process.env, BERTH_TS_CACHE: path.join(tmp, `cold-cache-${coldRun++}`) });
  }),
  measure('npm run synth, warm (new process, all systems)', () => cli()),
  measure('synthesize + write, all systems (in process)', () => writeTree(path.join(tmp, 'all'), synthesize(systems, delivery).files)),
  measure('synthesize + write, generated 1000-service system', () => writeTree(path.join(tmp, 'generated'), synthesize([generated], delivery).files)),
];
const objects = synthesize([generated], delivery).files.length;
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`berth bench: ${RUNS} runs each, node ${process.version}, ${os.cpus().length} CPUs`);
for (const r of results) console.log(`  ${r.label.padEnd(62)} median ${r.medianMs.toFixed(0).padStart(5)} ms   max ${r.maxMs.toFixed(0).padStart(5)} ms`);
console.log(`  (generated system: 1000 services → ${objects} files)`);
