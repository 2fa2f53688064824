import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { charts } from '../../charts';
import { imagesNeededIn } from '../../lib/model/release';

/**
 * The walkthrough of the README, command by command, in a scratch copy of the repository: each step is one
 * `berth` command and leaves its diff in releases/ and dist/.
 */
const ROOT = path.join(__dirname, '..', '..');
const DIGEST = `sha256:${'7'.repeat(64)}`;

let repo: string;
const berth = (...args: string[]) => spawnSync(process.execPath, [path.join(repo, 'bin/berth.js'), ...args], { cwd: repo, encoding: 'utf8' });
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cli-'));
  for (const entry of ['bin', 'charts', 'lib', 'imports', 'releases', 'scripts', 'package.json', 'tsconfig.json'])
    fs.cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  expect(berth('synth').status).toBe(0);
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe('berth release and promote, as CI and a reviewer run them', () => {
  test('release marketnavigator backend 2.0.1 to dev, promote it to prod, and gate prod with --check', () => {
    const released = berth('release', 'marketnavigator', 'dev', `backend=registry.kareonecompany.com/marketnavigator/backend:2.0.1@${DIGEST}`);
    expect([released.status, released.stderr]).toEqual([0, expect.not.stringContaining('rejected')]);
    expect(released.stdout).toContain(`marketnavigator/dev:\n  backend: 2.0.0 (not documented) → 2.0.1@${DIGEST}`);
    expect(read('releases/marketnavigator.yaml')).toContain(`digest: ${DIGEST}`);
    expect(read('dist/marketnavigator/dev/backend.yaml')).toContain(`image: registry.kareonecompany.com/marketnavigator/backend:2.0.1@${DIGEST}`);
    expect(read('dist/marketnavigator/prod/backend.yaml')).toContain('image: registry.kareonecompany.com/marketnavigator/backend:2.0.0');

    const promoted = berth('promote', 'marketnavigator', 'dev', 'prod', 'backend');
    expect(promoted.status).toBe(0);
    expect(promoted.stdout).toContain(`marketnavigator/prod:\n  backend: 2.0.0 (not documented) → 2.0.1@${DIGEST}`);
    expect(read('dist/marketnavigator/prod/backend.yaml')).toContain(`backend:2.0.1@${DIGEST}`);

    const check = berth('release', '--check', 'marketnavigator', 'prod');
    expect(check.status).toBe(1);
    expect(
      check.stderr
        .split('\n')
        .filter((l) => /^ {2}\S/.test(l))
        .map((l) => l.trim().split(' ')[0]),
    ).toEqual(
      // Every image prod runs but backend is still marked not documented.
      imagesNeededIn(
        charts.find((c) => c.id === 'marketnavigator')!,
        'prod',
      )
        .filter((i) => i.name !== 'backend')
        .map((i) => i.name),
    );
  });

  test('a rejected release exits 1 with the reason and changes nothing', () => {
    const before = read('releases/marcus-ecommerce.yaml');
    const rejected = berth('release', 'marcus-ecommerce', 'prod', 'web=1.2.0');
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toContain('prod is a production environment, and registry.example.com is a placeholder registry');
    expect(read('releases/marcus-ecommerce.yaml')).toBe(before);
  });

  test('wrong usage exits 2 with the usage', () => {
    expect(berth('release', 'marketnavigator').status).toBe(2);
    expect(berth('promote', 'marketnavigator', 'dev').stderr).toContain('usage: berth promote');
    expect(berth('synth', '--delivery', 'argo').stderr).toContain('--delivery is applications or applicationset, not "argo"');
  });

  test('synth --delivery applicationset writes the ApplicationSet instead of the system Applications', () => {
    const out = path.join(repo, 'appset');
    expect(berth('synth', out, '--delivery', 'applicationset').status).toBe(0);
    const apps = fs.readdirSync(path.join(out, 'argocd/apps')).sort();
    expect(apps).toContain('berth-systems.yaml');
    expect(apps).not.toContain('marketnavigator-dev.yaml');
  });

  test('a broken release file is reported with its file and line, never a stack trace, and nothing is written', () => {
    fs.writeFileSync(path.join(repo, 'releases/marcus-ecommerce.yaml'), 'dev:\n  web:\n    tag: 1.0\n');
    const before = read('dist/marketnavigator/dev/backend.yaml');
    const run = berth('synth');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'invalid releases (1 problem):\n  releases/marcus-ecommerce.yaml:3: dev.web.tag: 1 is not text: the tag CI built (quote it if it looks like a number: "2.0")\n',
    );
    expect(read('dist/marketnavigator/dev/backend.yaml')).toBe(before);
  });
});
