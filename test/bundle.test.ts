import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileTree } from './helpers';

// `berth synth` (npm run synth) runs from a cached bundle (scripts/bundle.js); every other command, and a synth
// whose bundle cannot be built, runs through the transpile hook. The two must be indistinguishable: the same
// files, the same messages, stack traces that name TypeScript lines; and the bundle must never be stale.
const ROOT = path.join(__dirname, '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `berth synth OUT` as a user runs it (bin/berth.js: the bundle), with its own transpile cache. */
function bundled(project: string, cache: string, out: string, env: NodeJS.ProcessEnv = {}): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, [path.join(project, 'bin', 'berth.js'), 'synth', out], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, ...env, BERTH_TS_CACHE: cache },
  });
  return { status, stdout, stderr };
}

/** `berth synth OUT` through the hook, as every command ran before the bundle. */
function hooked(project: string, cache: string, out: string): Run {
  const args = ['-r', path.join(project, 'scripts', 'register-ts.js'), path.join(project, 'lib', 'cli', 'main.ts'), 'synth', out];
  const { status, stdout, stderr } = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: { ...process.env, BERTH_TS_CACHE: cache } });
  return { status, stdout, stderr };
}

/** The bundle files in a transpile cache (name-digest.js), and whether the hook transpiled anything there. */
function cacheState(cache: string): { bundles: string[]; transpiled: number } {
  const bundleDir = path.join(cache, 'bundle');
  const bundles = fs.existsSync(bundleDir) ? fs.readdirSync(bundleDir).filter((f) => /-[0-9a-f]{64}\.js$/.test(f)) : [];
  const transpiled = fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith('.js')).length : 0;
  return { bundles, transpiled };
}

/** The bundles' manifests in a transpile cache. */
function manifests(cache: string): string[] {
  return fs
    .readdirSync(path.join(cache, 'bundle'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(cache, 'bundle', f));
}

/** A copy of the project to edit (its sources, releases and scripts; node_modules linked, not copied). */
function copyProject(to: string): string {
  for (const dir of ['bin', 'scripts', 'lib', 'charts', 'imports', 'releases']) fs.cpSync(path.join(ROOT, dir), path.join(to, dir), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(to, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), 'dir');
  return to;
}

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

describe('scripts/bundle.js: berth synth from a cached bundle', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bundle-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('writes exactly the files the hook writes, and prints the same', () => {
    // The caches are outside the project, and the outputs empty (every diagram rendered): the bundle must still
    // find releases/ (charts/index.ts's __dirname) and @viz-js/viz from the project, not from where it is kept.
    const viaBundle = bundled(ROOT, path.join(tmp, 'cache-bundle'), path.join(tmp, 'bundle'));
    const viaHook = hooked(ROOT, path.join(tmp, 'cache-hook'), path.join(tmp, 'hook'));
    expect(viaHook.status).toBe(0);
    expect(viaBundle.status).toBe(0);
    expect(cacheState(path.join(tmp, 'cache-bundle'))).toEqual({ bundles: [expect.stringMatching(/^lib-cli-synth-bundle-/)], transpiled: 0 });
    expect(viaBundle.stdout.replace(path.join(tmp, 'bundle'), 'OUT')).toBe(viaHook.stdout.replace(path.join(tmp, 'hook'), 'OUT'));
    expect(viaBundle.stderr).toBe(viaHook.stderr); // the warnings
    const [hook, bundle] = [fileTree(path.join(tmp, 'hook')), fileTree(path.join(tmp, 'bundle'))];
    expect(Object.keys(hook).length).toBeGreaterThan(100);
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(hook).sort());
    for (const [file, content] of Object.entries(hook)) expect([file, bundle[file]]).toEqual([file, content]);
  }, 120_000);

  test('an unchanged project reuses the bundle; a changed input, a new file an input imports, or one an import now resolves to, rebuilds it', () => {
    const project = copyProject(path.join(tmp, 'project'));
    const cache = path.join(tmp, 'cache');
    const out = path.join(tmp, 'out');
    const argocd = () => fs.readFileSync(path.join(out, 'argocd', 'berth-root.yaml'), 'utf8');
    const synth = () => {
      const run = bundled(project, cache, out);
      expect([run.status, run.stderr]).toEqual([0, expect.not.stringContaining('Error')]);
      const { bundles, transpiled } = cacheState(cache);
      expect([bundles.length, transpiled]).toEqual([1, 0]); // one bundle (an earlier one is removed), no hook
      const manifest = manifests(cache)[0];
      return { bundle: bundles[0], manifest: fs.statSync(manifest, { bigint: true }), inputs: JSON.parse(fs.readFileSync(manifest, 'utf8')).inputs as string[] };
    };

    const first = synth();
    expect(first.inputs).toEqual(expect.arrayContaining(['lib/cli/synth-bundle.ts', 'charts/index.ts', 'imports/k8s.ts', 'lib/constructs/application-set.ts']));
    expect(first.inputs.some((f) => f.includes('node_modules/cdk8s/'))).toBe(true);
    expect(first.inputs).not.toContain('releases/marketnavigator.yaml'); // data, read when the synth runs

    const again = synth();
    expect(again.bundle).toBe(first.bundle);
    expect([again.manifest.ino, again.manifest.mtimeNs]).toEqual([first.manifest.ino, first.manifest.mtimeNs]); // not even rewritten

    // An input's content changes (the same length, so nothing but the content tells): the next synth rebuilds.
    edit(path.join(project, 'charts', 'index.ts'), "targetRevision: 'main'", "targetRevision: 'mian'");
    const changed = synth();
    expect(changed.bundle).not.toBe(first.bundle);
    expect(argocd()).toContain('targetRevision: mian');

    // A new file, imported by an input: it becomes an input itself, and its changes count as well.
    fs.writeFileSync(path.join(project, 'charts', 'revision.ts'), "export const revision = 'release-1';\n");
    edit(path.join(project, 'charts', 'index.ts'), "targetRevision: 'mian'", 'targetRevision: revision');
    edit(path.join(project, 'charts', 'index.ts'), "import * as path from 'path';", "import * as path from 'path';\nimport { revision } from './revision';");
    const imported = synth();
    expect(imported.inputs).toContain('charts/revision.ts');
    expect(argocd()).toContain('targetRevision: release-1');
    fs.writeFileSync(path.join(project, 'charts', 'revision.ts'), "export const revision = 'release-2';\n");
    expect(synth().bundle).not.toBe(imported.bundle);
    expect(argocd()).toContain('targetRevision: release-2');

    // Back to what the first bundle was built from: the same digest, so the same name.
    fs.rmSync(path.join(project, 'charts', 'revision.ts'));
    fs.copyFileSync(path.join(ROOT, 'charts', 'index.ts'), path.join(project, 'charts', 'index.ts'));
    expect(synth().bundle).toBe(first.bundle);

    // A new file that no input imports, but that an unchanged import now resolves to: charts.ts beside charts/
    // takes `../../charts` (lib/cli/synth.ts) from charts/index.ts.
    fs.writeFileSync(
      path.join(project, 'charts.ts'),
      "import { delivery as base } from './charts/index';\nexport * from './charts/index';\nexport const delivery = { ...base, repoURL: 'https://example.com/shadow.git' };\n",
    );
    const shadowed = synth();
    expect(shadowed.bundle).not.toBe(first.bundle);
    expect(shadowed.inputs).toContain('charts.ts');
    expect(argocd()).toContain('repoURL: https://example.com/shadow.git');
    fs.rmSync(path.join(project, 'charts.ts'));
    expect(synth().bundle).toBe(first.bundle);
  }, 120_000);

  test('checkouts that share a cache keep a bundle each', () => {
    const [a, b] = ['a', 'b'].map((name) => copyProject(path.join(tmp, name)));
    const cache = path.join(tmp, 'cache');
    expect(bundled(a, cache, path.join(tmp, 'out-a')).status).toBe(0);
    expect(bundled(b, cache, path.join(tmp, 'out-b')).status).toBe(0);
    expect(cacheState(cache).bundles).toHaveLength(2);
    const before = manifests(cache).map((f) => fs.statSync(f, { bigint: true }).mtimeNs);
    expect(bundled(a, cache, path.join(tmp, 'out-a')).status).toBe(0);
    expect(bundled(b, cache, path.join(tmp, 'out-b')).status).toBe(0);
    expect(manifests(cache).map((f) => fs.statSync(f, { bigint: true }).mtimeNs)).toEqual(before); // neither rebuilt
  }, 120_000);

  test('a stack trace from the bundle names the .ts file and line', () => {
    const project = copyProject(path.join(tmp, 'project'));
    const index = path.join(project, 'charts', 'index.ts');
    const lines = fs.readFileSync(index, 'utf8').split('\n').length; // the text ends with a newline: the next line is `lines`
    fs.appendFileSync(index, ['function explode(): never {', "  throw new Error('boom');", '}', 'if (process.env.BERTH_TEST_EXPLODE) explode();', ''].join('\n'));
    const cache = path.join(tmp, 'cache');
    const run = bundled(project, cache, path.join(tmp, 'out'), { BERTH_TEST_EXPLODE: '1' });
    expect(run.status).toBe(70); // an internal error, printed with its stack
    expect(run.stderr).toContain('Error: boom');
    expect(run.stderr).toMatch(new RegExp(`at explode \\(${literal(index)}:${lines + 1}:\\d+\\)`));
    expect(run.stderr).toMatch(new RegExp(`${literal(index)}:${lines + 3}:\\d+`));
    expect(cacheState(cache)).toEqual({ bundles: [expect.any(String)], transpiled: 0 }); // from the bundle, not the hook
  }, 120_000);

  test('an invalid chart fails as through the hook: the problems in chart terms, exit 1, nothing written', () => {
    const project = copyProject(path.join(tmp, 'project'));
    edit(path.join(project, 'charts', 'enterprise-scanner.ts'), '      replicas: 2,\n', "      replicas: 2,\n      dependsOn: { ghost: 'service_started' },\n");
    const out = path.join(tmp, 'out');
    const viaBundle = bundled(project, path.join(tmp, 'cache-bundle'), out);
    const viaHook = hooked(project, path.join(tmp, 'cache-hook'), out);
    expect(cacheState(path.join(tmp, 'cache-bundle')).bundles).toHaveLength(1);
    expect(viaBundle).toEqual(viaHook);
    expect(viaBundle.status).toBe(1);
    expect(viaBundle.stderr).toContain('invalid system "enterprise-scanner" (1 problem):\n  services.site.dependsOn.ghost: unknown service "ghost"');
    expect(viaBundle.stderr).toMatch(/\n\nnothing was written\.\n$/);
    expect(viaBundle.stderr).not.toMatch(/\n {4}at /);
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);

  test('a chart that cannot be bundled runs through the hook, which reports it as it always has', () => {
    const project = copyProject(path.join(tmp, 'project'));
    fs.appendFileSync(path.join(project, 'charts', 'platform.ts'), 'const = ;\n');
    const viaBundle = bundled(project, path.join(tmp, 'cache-bundle'), path.join(tmp, 'out'));
    const viaHook = hooked(project, path.join(tmp, 'cache-hook'), path.join(tmp, 'out'));
    expect(viaBundle).toEqual(viaHook);
    expect(viaBundle.status).toBe(70);
    expect(viaBundle.stderr).toContain(`${path.join(project, 'charts', 'platform.ts')}:`);
    expect(viaBundle.stderr).toContain('Expected identifier but found "="');
    expect(cacheState(path.join(tmp, 'cache-bundle')).bundles).toEqual([]);
  }, 120_000);

  test('parallel synths with an empty cache each build or find a whole bundle', async () => {
    const cache = path.join(tmp, 'cache');
    const runs = await Promise.all(
      [1, 2, 3].map(
        (i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'berth.js'), 'synth', path.join(tmp, `out-${i}`)], {
              cwd: ROOT,
              stdio: 'ignore',
              env: { ...process.env, BERTH_TS_CACHE: cache },
            });
            child.on('exit', resolve);
          }),
      ),
    );
    expect(runs).toEqual([0, 0, 0]);
    const [one, two, three] = [1, 2, 3].map((i) => fileTree(path.join(tmp, `out-${i}`)));
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(cacheState(cache).bundles).toHaveLength(1);
    expect(fs.readdirSync(path.join(cache, 'bundle')).filter((f) => !/\.(js|js\.map|json)$/.test(f))).toEqual([]); // no partial file left
  }, 120_000);
});

function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
