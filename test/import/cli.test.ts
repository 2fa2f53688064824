import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CORPUS } from './corpus';

/**
 * `npx berth import` as a new user runs it, in a copy of the project: the chart is written and registered,
 * `berth synth` writes dist/<system>/dev/, and `berth validate` passes it. A bad input writes nothing.
 */
const ROOT = path.join(__dirname, '..', '..');
const STACK = path.join(CORPUS, 'stacks', '13-zabbix-docker', 'compose.yaml');
const describeCli = fs.existsSync(STACK) ? describe : describe.skip;
if (!fs.existsSync(STACK)) console.warn(`berth import CLI test skipped: ${STACK} is absent`);

function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-import-'));
  for (const entry of ['bin', 'charts', 'lib', 'scripts', 'imports', 'schemas', 'releases', 'package.json', 'tsconfig.json', 'main.ts', '.prettierrc']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const berth = (dir: string, ...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin', 'berth.js'), ...args], { cwd: dir, encoding: 'utf8' });

describeCli('berth import', () => {
  let dir: string;
  beforeAll(() => {
    dir = projectCopy();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a bad input writes nothing and says what to fix', () => {
    const before = fs.readFileSync(path.join(dir, 'charts', 'index.ts'), 'utf8');
    const run = berth(dir, 'import', '-f', path.join(CORPUS, 'kompose', 'env__compose.yaml'), '--name', 'broken');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(run.stderr).toMatch(/services\.namenode\.env_file\[0\]: env file hadoop-hive-namenode\.env not found/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(path.join(dir, 'charts', 'broken.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'charts', 'index.ts'), 'utf8')).toBe(before);
  });

  test('a real multi-file stack (extends, env files) imports, synthesizes and validates', () => {
    const imported = berth(dir, 'import', '-f', STACK, '--name', 'zabbix');
    expect(imported.stderr).not.toMatch(/\n\s+at /);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/wrote charts\/zabbix\.ts and registered it/);
    expect(imported.stdout).toMatch(/decisions? left/);
    expect(fs.readFileSync(path.join(dir, 'charts', 'index.ts'), 'utf8')).toMatch(/import \{ zabbix \} from '\.\/zabbix';/);
    const synth = berth(dir, 'synth');
    expect(synth.stderr).not.toMatch(/\n\s+at /);
    expect(synth.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist', 'zabbix', 'dev'))).toBe(true);
    const validate = berth(dir, 'validate');
    expect(validate.stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith('warning:'))).toEqual([]);
    expect(validate.status).toBe(0);
  }, 120_000);

  test('a service compose only builds gets its repository in the chart and its first release in releases/', () => {
    const flask = path.join(CORPUS, 'awesome-compose', 'flask', 'compose.yaml');
    const refused = berth(dir, 'import', '-f', flask, '--name', 'flask');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/services\.web\.build: compose only builds this image; give --image-template/);
    const imported = berth(dir, 'import', '-f', flask, '--name', 'flask', '--image-template', 'registry.example.com/{system}/{service}:0.1.0');
    expect(imported.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'charts', 'flask.ts'), 'utf8')).toMatch(/image: \{\s*repository: 'registry\.example\.com\/flask\/web',?\s*\}/);
    expect(fs.readFileSync(path.join(dir, 'releases', 'flask.yaml'), 'utf8')).toMatch(/dev:\n {2}web:\n {4}notDocumented: .*\n {4}tag: "?0\.1\.0"?/);
    expect(berth(dir, 'synth').status).toBe(0);
    expect(berth(dir, 'validate').status).toBe(0);
  }, 120_000);

  test('importing over an existing chart needs --force', () => {
    const again = berth(dir, 'import', '-f', STACK, '--name', 'zabbix');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/charts\/zabbix\.ts exists; give --force/);
  });
});
