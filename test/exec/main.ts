/**
 * npm run test:exec [-- DIST_DIR]: runs every init-container gate and every exec probe in dist/ for real,
 * against real redis-server and postgres (and a stand-in listener for anything else), each test in its own
 * network namespace. See checks.ts for what is asserted.
 *
 * Without the tools (root, util-linux, iproute2, redis-server, redis-tools, postgresql, scripts/busybox.sh)
 * it says what is missing and skips; with BERTH_REQUIRE_EXEC=1 (CI) that is a failure.
 * BERTH_EXEC_JOBS sets how many tests run at once (default 12: they mostly wait).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckResult, Context, Scenario, gateScenarios, probeScenarios } from './checks';
import { ExecProbe, Gate, Use, readInventory } from './inventory';
import { findTools, imagePaths } from './tools';

const repo = path.resolve(__dirname, '..', '..');

function usesText(uses: Use[]): string {
  const shown = uses.slice(0, 3).map((u) => `${u.dir.replace(/^dist\//, '')} ${u.workload}`);
  return uses.length > 3 ? `${shown.join(', ')} +${uses.length - 3} more` : shown.join(', ');
}

function label(kind: 'gate' | 'probe', item: Gate | ExecProbe): string {
  if (kind === 'gate') {
    const g = item as Gate;
    const server = g.server ? `${g.server.kind === 'generic' ? 'stand-in listener' : g.server.image}` : '?';
    return `gate ${g.name} [${g.image}] → ${g.target} (${server}): ${g.argv.slice(g.argv.indexOf(g.name) + 1).join(' ') || g.argv.join(' ')}`;
  }
  const p = item as ExecProbe;
  return `probe ${p.types.join('+')} [${p.image}]: ${p.argv.join(' ')}`;
}

async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

async function main(): Promise<number> {
  const started = Date.now();
  const distDir = path.resolve(process.argv[2] ?? path.join(repo, 'dist'));
  const required = process.env.BERTH_REQUIRE_EXEC === '1';
  const { found, missing } = findTools(repo);
  if (!found) {
    const head = required ? 'test:exec FAILED: BERTH_REQUIRE_EXEC=1 and these are missing:' : 'test:exec skipped; missing:';
    console.log([head, ...missing.map((m) => `  - ${m}`)].join('\n'));
    if (!required) console.log('(.ci/run installs them; see README "On a fresh machine")');
    return required ? 1 : 0;
  }

  const inventory = readInventory(distDir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-exec-'));
  fs.chmodSync(root, 0o755);
  try {
    const tools = imagePaths(root, found);
    const ctx = new Context(root, tools);
    const scenarios: Scenario[] = [...inventory.gates.flatMap(gateScenarios), ...inventory.probes.flatMap(probeScenarios)];
    const order = scenarios.map((s, i) => ({ s, i })).sort((a, b) => b.s.expectMs - a.s.expectMs);
    const width = Number(process.env.BERTH_EXEC_JOBS) || 12;
    console.log(
      `test:exec: ${inventory.gates.length} distinct gates, ${inventory.probes.length} distinct exec probes from ${path.relative(repo, distDir) || distDir}; ` +
        `${scenarios.length} namespaces, ${width} at a time (BusyBox ${path.basename(tools.busybox)})`,
    );
    const ran = await pool(
      order.map(
        ({ s }) =>
          () =>
            s.run(ctx),
      ),
      width,
    );
    const byScenario = new Map<Scenario, CheckResult[]>();
    order.forEach(({ s }, k) => byScenario.set(s, ran[k]));

    let passed = 0;
    let failed = 0;
    const itemsFailed = { gate: 0, probe: 0 };
    const report: string[] = [];
    const items: { kind: 'gate' | 'probe'; item: Gate | ExecProbe }[] = [
      ...inventory.gates.map((item) => ({ kind: 'gate' as const, item })),
      ...inventory.probes.map((item) => ({ kind: 'probe' as const, item })),
    ];
    for (const { kind, item } of items) {
      const results = scenarios.filter((s) => s.item === item).flatMap((s) => byScenario.get(s) ?? []);
      const bad = results.filter((r) => !r.ok).length;
      passed += results.length - bad;
      failed += bad;
      if (bad) itemsFailed[kind]++;
      report.push(`${bad ? 'FAIL' : 'ok  '} ${label(kind, item)}`);
      report.push(`     in ${usesText(item.uses)}`);
      for (const r of results) report.push(`     ${r.ok ? '✓' : '✗'} ${r.check}: ${r.detail}`);
    }
    console.log(report.join('\n'));
    // The gates' BusyBox is the one Debian carries closest to the image's; say so when they differ.
    const local = execFileSync(path.join(tools.busybox, 'busybox'), { encoding: 'utf8' }).match(/BusyBox v([\d.]+)/)?.[1];
    const images = [...new Set(inventory.gates.map((g) => g.image).filter((i) => /(^|\/)busybox:/.test(i)))];
    const other = images.filter((i) => i.split(':').pop() !== local);
    if (other.length) console.log(`\nnote: gates use ${other.join(', ')}; ran with BusyBox ${local} (scripts/busybox.sh)`);
    const g = inventory.gates.length;
    const p = inventory.probes.length;
    console.log(
      `\ntest:exec summary: gates ${inventory.gatesFound} found, ${g} distinct executed: ${g - itemsFailed.gate} pass, ${itemsFailed.gate} fail; ` +
        `exec probes ${inventory.probesFound} found, ${p} distinct executed: ${p - itemsFailed.probe} pass, ${itemsFailed.probe} fail; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`test:exec: ${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
