import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { delivery, systems } from '../charts';
import { runSynth } from '../lib/run-synth';
import { renderDiagrams } from '../lib/overview/render';
import { synthesize } from '../lib/synthesize';
import type { System } from '../lib/model/types';
import { system } from './fixtures';
import { spawnSync } from 'child_process';
import { fileTree } from './helpers';

/** A deep copy with every plain object's keys in reverse order (arrays keep theirs). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

const quiet = () => {
  const lines: string[] = [];
  return { lines, log: { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } };
};

/** Every file a synth of the charts writes, diagrams rendered afresh, by path. */
async function freshTree(): Promise<Record<string, string>> {
  const { files, diagrams } = synthesize(systems, delivery);
  return Object.fromEntries([...files, ...(await renderDiagrams(diagrams))].map((f) => [f.path, f.content]));
}

describe('npm run synth', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-synth-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('does not depend on the order of keys in the charts, and carries no timestamps or tool versions', () => {
    const a = synthesize(systems, delivery).files;
    // The same charts with every object's keys in reverse insertion order: services, volumes, env, ...
    const b = synthesize(
      systems.map((s) => reverseKeys(s) as System),
      delivery,
    ).files;
    expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
    for (let i = 0; i < a.length; i++) expect([b[i].path, b[i].content]).toEqual([a[i].path, a[i].content]);
    for (const f of a) expect(f.content).not.toMatch(/creationTimestamp|generated at|cdk8s-cli|version: 2\.\d+\.\d+/);
  });

  test('does not depend on the locale or time zone of the machine that runs it', async () => {
    // localeCompare and Date follow the process's locale and zone; a Turkish locale sorts "i" differently.
    const out = path.join(tmp, 'dist');
    const run = spawnSync(process.execPath, ['-r', './scripts/register-ts.js', 'main.ts', out], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8', TZ: 'Pacific/Chatham' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(fileTree(out)).toEqual(await freshTree());
  });

  test('an invalid description prints every problem of every system and leaves the output directory untouched', async () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.yaml'), 'previous: output\n');
    const broken = system({ services: { ...system().services, web_app: { ...system().services.web_app, dependsOn: { ghost: 'service_started' } } } });
    const other = system({ id: 'other', volumes: {}, services: { ...system().services, cache: { ...system().services.cache, mounts: [{ volume: 'data', path: '/data' }] } } });
    const { lines, log } = quiet();
    expect(await runSynth([broken, other], delivery, out, log)).toBe(1);
    expect(lines.join('\n')).toBe(
      [
        'invalid system "demo" (1 problem):',
        '  services.web_app.dependsOn.ghost: unknown service "ghost" (known: cache, web_app)',
        '',
        'invalid system "other" (1 problem):',
        '  services.cache.mounts[0].volume: volume "data" is mounted but not declared (known: none)',
        '\nnothing was written.',
      ].join('\n'),
    );
    expect(fileTree(out)).toEqual({ 'keep.yaml': 'previous: output\n' });
  });

  test('a valid description replaces the output directory entirely', async () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'stale.yaml'), 'old: true\n');
    const { log } = quiet();
    expect(await runSynth(systems, delivery, out, log)).toBe(0);
    const written = fileTree(out);
    expect(written['stale.yaml']).toBeUndefined();
    expect(Object.keys(written)).toContain(path.join('marketnavigator', 'prod', 'backend.yaml'));
  });

  test('the committed dist/ is what the charts synthesize (Argo CD applies what is committed)', async () => {
    const committed = fileTree(path.join(__dirname, '..', 'dist'));
    const fresh = await freshTree();
    expect(Object.keys(committed).sort()).toEqual(Object.keys(fresh).sort());
    for (const [file, content] of Object.entries(fresh)) expect([file, committed[file]]).toEqual([file, content]);
  });
});
