import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { delivery } from '../charts';
import { TreeWriter } from '../lib/output';
import { synthesizeTo } from '../lib/synthesize';
import { generatedSystem } from './generated-system';
import { benchImport } from './import';

/**
 * `npm run bench`:
 *   1. `npm run synth` as a user runs it (`node bin/berth.js synth`: a fresh node process, every documented
 *      system, from the synth bundle), cold with an empty transpile and bundle cache and an empty output
 *      directory, and warm over its previous output; each also without the overviews, and fails (exit 1) when
 *      the overviews make it more than 1.5× as slow;
 *   2. generated systems (`generated-system.ts`) of 10, 100, 1,000 and 10,000 services, each size in a child
 *      process of its own, so that its peak RSS is its own: synth time, write time, time per service, peak RSS.
 * Time per service is synth plus the first write, over the number of services. Fails (exit 1) when a service
 * costs more than 1.5× as much at 10,000 services as at 1,000: synthesis must
 * stay linear.
 */
const SIZES = [10, 100, 1000, 10000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.join(__dirname, '..');
const hook = ['-r', path.join(root, 'scripts', 'register-ts.js')];

interface SizeResult {
  services: number;
  files: number;
  synthMs: number;
  /** writing into an empty directory (the first synth of a clone without dist/) */
  writeMs: number;
  /** writing over the previous output (every later synth: unchanged files are linked) */
  rewriteMs: number;
  rssMiB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * In the child: synthesize and write one generated size `runs` times (at least 2), as `npm run synth` does
 * (each file handed to the writer's thread as soon as it is complete); write time is the time spent handing
 * files over, then waiting for the writer to finish and swapping the directory in, synth time the rest. The first run writes into an empty directory, the others over the
 * previous output. Median synth time, first and median later write time, and the peak RSS.
 */
async function measureSize(services: number, runs: number): Promise<SizeResult> {
  const system = generatedSystem(services);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
  const synth: number[] = [];
  const write: number[] = [];
  let files = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const writer = new TreeWriter(path.join(out, 'dist'));
    let writing = 0;
    synthesizeTo([system], delivery, (file) => {
      const before = performance.now();
      writer.write(file);
      writing += performance.now() - before;
    });
    const before = performance.now();
    files = await writer.commit();
    writing += performance.now() - before;
    write.push(writing);
    synth.push(performance.now() - start - writing);
  }
  fs.rmSync(out, { recursive: true, force: true });
  const [first, ...again] = write;
  return { services, files, synthMs: median(synth), writeMs: first, rewriteMs: median(again), rssMiB: process.resourceUsage().maxRSS / 1024 };
}

function wallMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore', env });
  return performance.now() - start;
}

interface SeedTimes {
  cold: number[];
  warm: number[];
}

/**
 * `npm run synth` of the documented systems, cold and warm, with the overviews (bin/berth.js synth) and without
 * them (synth-plain.ts, bundled the same way by scripts/bundle.js), runs of the two interleaved so that the
 * machine's load weighs on both alike. Cold runs build their bundle and write into an empty directory, so every
 * diagram is rendered; warm runs write over the previous output, as a synth in a clone does, where an unchanged
 * diagram is kept.
 */
function seeds(tmp: string): { withOverviews: SeedTimes; without: SeedTimes } {
  const synth = [path.join(root, 'bin', 'berth.js'), 'synth']; // what `npm run synth` runs
  const plain = [path.join(root, 'scripts', 'bundle.js'), 'bench/synth-plain.ts'];
  const run = (command: string[], out: string, env?: NodeJS.ProcessEnv) => wallMs([...command, path.join(tmp, out)], env);
  const cold = (i: number) => ({ ...process.env, BERTH_TS_CACHE: path.join(tmp, `cold-cache-${i}`) });
  const withOverviews: SeedTimes = { cold: [], warm: [] };
  const without: SeedTimes = { cold: [], warm: [] };
  for (let i = 0; i < RUNS; i++) {
    withOverviews.cold.push(run(synth, `seeds-cold-${i}`, cold(2 * i)));
    without.cold.push(run(plain, `plain-cold-${i}`, cold(2 * i + 1)));
  }
  run(synth, 'seeds'); // fills the default cache, as the first synth after npm ci does
  run(plain, 'plain');
  for (let i = 0; i < RUNS; i++) {
    withOverviews.warm.push(run(synth, 'seeds'));
    without.warm.push(run(plain, 'plain'));
  }
  return { withOverviews, without };
}

function main(): number {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
  const { withOverviews, without } = seeds(tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
  const sizes = SIZES.map((n): SizeResult => {
    // An odd number of runs, so the median is a run (of two, it would be the slower one).
    const runs = n >= 1000 ? 3 : Math.max(3, RUNS | 1);
    const out = execFileSync(process.execPath, [...hook, __filename, '--size', String(n), String(runs)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out) as SizeResult;
  });
  const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
  console.log(`berth bench: node ${process.version}, ${os.cpus().length} CPUs`);
  const times = (t: number[]) => `median ${ms(median(t))}  max ${ms(Math.max(...t))}`;
  console.log(`  npm run synth, cold (empty caches and output)          ${times(withOverviews.cold)}  (without overviews ${times(without.cold)})`);
  console.log(`  npm run synth, warm (all documented systems)           ${times(withOverviews.warm)}  (without overviews ${times(without.warm)})`);
  const overviewCost = Math.max(median(withOverviews.cold) / median(without.cold), median(withOverviews.warm) / median(without.warm));
  console.log('\n  | services | files | synth | write (new) | write (again) | per service | peak RSS |');
  console.log('  |---:|---:|---:|---:|---:|---:|---:|');
  const perService = (r: SizeResult) => (r.synthMs + r.writeMs) / r.services;
  for (const r of sizes) {
    console.log(
      `  | ${r.services.toLocaleString('en')} | ${r.files} | ${ms(r.synthMs)} | ${ms(r.writeMs)} | ${ms(r.rewriteMs)} | ${perService(r).toFixed(3)} ms | ${r.rssMiB.toFixed(0)} MiB |`,
    );
  }
  console.log(`\n  with overviews / without: ${overviewCost.toFixed(2)}× (at most 1.5×)`);
  if (overviewCost > 1.5) {
    console.error(`\nFAIL: the overviews make the documented systems' synth ${overviewCost.toFixed(2)}× as slow (at most 1.5×)`);
    return 1;
  }
  const [thousand, tenThousand] = [sizes[2], sizes[3]];
  const growth = perService(tenThousand) / perService(thousand);
  if (growth > 1.5) {
    console.error(`\nFAIL: a service costs ${growth.toFixed(2)}× as much at 10,000 services as at 1,000 (at most 1.5×): synthesis is superlinear`);
    return 1;
  }
  console.log(`\n  per service at 10,000 / at 1,000: ${growth.toFixed(2)}× (at most 1.5×)`);
  const imported = benchImport(3, hook);
  console.log('\n  berth import of a generated compose file, then synth (in memory):');
  for (const line of imported.lines) console.log(line);
  if (imported.failed) {
    console.error('\nFAIL: berth import and synth over their aim (57 services ≤ 1 s, 1,000 ≤ 3 s)');
    return 1;
  }
  return 0;
}

if (process.argv[2] === '--size') void measureSize(Number(process.argv[3]), Number(process.argv[4])).then((r) => process.stdout.write(JSON.stringify(r)));
else process.exitCode = main();
