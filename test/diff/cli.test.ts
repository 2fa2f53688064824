import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { delivery, systems } from '../../charts';
import { run, runDiff } from '../../lib/cli/diff';
import { GitError, committedTree } from '../../lib/diff/git';
import type { System } from '../../lib/model/types';
import { renderDiagrams } from '../../lib/overview/render';
import { synthesize } from '../../lib/synthesize';
import { system } from '../fixtures';

interface Repository {
  readonly root: string;
  readonly project: string;
  readonly git: (...args: string[]) => Buffer;
}

/** A GitOps repository whose one commit, on main, holds `dist/` as the charts synthesize it today (diagrams too), under `project/`. */
async function repository(): Promise<Repository> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-diff-'));
  const project = path.join(root, 'project');
  const synthesis = synthesize(systems, delivery);
  for (const f of [...synthesis.files, ...(await renderDiagrams(synthesis.diagrams))]) {
    fs.mkdirSync(path.dirname(path.join(project, 'dist', f.path)), { recursive: true });
    fs.writeFileSync(path.join(project, 'dist', f.path), f.content);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'dist');
  return { root, project, git };
}

/** `berth diff` against `repo`, with what it printed. */
function diffIn(repo: Repository, input: readonly System[], options: { base?: string; allow?: boolean } = {}) {
  const lines: string[] = [];
  const log = { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const code = runDiff({ base: options.base ?? 'HEAD', allow: options.allow ?? false, cwd: repo.project, systems: input, delivery, log });
  return { code, out: lines.join('\n') };
}

const renamedVolume: System[] = systems.map((s) =>
  s.id === 'marketnavigator'
    ? {
        ...s,
        volumes: Object.fromEntries(Object.entries(s.volumes!).map(([k, v]) => [k === 'minio_data' ? 'minio_storage' : k, v])),
        services: { ...s.services, minio: { ...s.services.minio, mounts: [{ volume: 'minio_storage', path: '/data' }] } },
      }
    : s,
);

describe('berth diff against a git repository', () => {
  let repo: Repository;
  beforeAll(async () => (repo = await repository()));
  afterAll(() => fs.rmSync(repo.root, { recursive: true, force: true }));

  const diff = (input: readonly System[], allow = false) => diffIn(repo, input, { allow });

  test('reads the committed dist/ with git alone, byte for byte, from a subdirectory of the repository', () => {
    const committed = committedTree('HEAD', 'dist', repo.project);
    const { files, diagrams } = synthesize(systems, delivery);
    expect(committed.size).toBe(files.length + diagrams.length);
    for (const f of files) expect(committed.get(f.path)).toBe(f.content);
  });

  test('nothing changed: exit 0, and it says so', () => {
    expect(diff(systems)).toEqual({ code: 0, out: 'no change: dist/ at HEAD is what the charts synthesize' });
  });

  test('a branch that renames a volume: the first thing it says, loudly, is that data would be lost; exit 1 unless --allow', () => {
    const { code, out } = diff(renamedVolume);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toBe('NEEDS A HUMAN: 2 risky changes; berth diff exits 1 unless run with --allow');
    expect(lines[2]).toBe('!! DATA WOULD BE LOST (2)');
    expect(lines[3]).toMatch(/^ {3}marketnavigator\/dev: PersistentVolumeClaim minio-data: claim renamed to minio-storage: minio will mount minio-storage, which starts EMPTY/);
    expect(out).toContain('  - PersistentVolumeClaim marketnavigator-prod/minio-data (v1)');
    expect(out).toContain('  + PersistentVolumeClaim marketnavigator-prod/minio-storage (v1)');
    const allowed = diff(renamedVolume, true);
    expect(allowed.code).toBe(0);
    expect(allowed.out.split('\n')[0]).toBe('NEEDS A HUMAN: 2 risky changes (accepted with --allow)');
  });

  test('an unknown ref is a clear error, not a stack trace', () => {
    expect(() => committedTree('no-such-branch', 'dist', repo.project)).toThrow(new GitError(`no commit "no-such-branch" in the repository at ${repo.project}`));
  });

  test('a ref where dist/ did not exist yet: every object is new', () => {
    expect(committedTree('HEAD', 'not-there', repo.project).size).toBe(0);
  });
});

describe('berth diff --base on a branch: dist/ at HEAD is what Argo CD applies', () => {
  let repo: Repository;
  beforeAll(async () => {
    repo = await repository();
    repo.git('checkout', '-q', '-b', 'feature');
  });
  afterAll(() => fs.rmSync(repo.root, { recursive: true, force: true }));

  test('a branch whose dist/ is what the charts synthesize: nothing to say', () => {
    repo.git('commit', '-q', '--allow-empty', '-m', 'a change elsewhere');
    expect(diffIn(repo, systems, { base: 'main' })).toEqual({ code: 0, out: 'no change: dist/ at main is what the charts synthesize' });
  });

  test('a hand edit of dist/ on the branch fails loudly, first, even with --allow; against HEAD itself it is the diff', () => {
    const file = path.join(repo.project, 'dist', 'marketnavigator', 'prod', 'redis.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 1', 'replicas: 2'));
    fs.writeFileSync(path.join(repo.project, 'dist', 'marketnavigator', 'prod', 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    repo.git('commit', '-q', '-am', 'hand edit');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'a file no synth writes');
    for (const allow of [false, true]) {
      const { code, out } = diffIn(repo, systems, { base: 'main', allow });
      expect(code).toBe(1);
      expect(out.split('\n').slice(0, 4)).toEqual([
        'dist/ at HEAD is not what the charts synthesize: run npm run synth and commit (berth diff exits 1, --allow or not)',
        '   marketnavigator/prod/extra.yaml: no synth writes it',
        '   marketnavigator/prod/redis.yaml: differs',
        '',
      ]);
      expect(out).toContain('no change: dist/ at main is what the charts synthesize');
    }
    const { code, out } = diffIn(repo, systems, { base: 'HEAD' });
    expect(code).toBe(0); // replicas and an unknown ConfigMap need nobody: the diff shows them
    expect(out).toContain('      spec.replicas: 2 → 1');
    expect(out).not.toContain('not what the charts synthesize: run');
  });
});

describe('berth diff: exit codes', () => {
  const runWith = (charts: () => unknown, argv: string[]) => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    let code: number | undefined;
    try {
      jest.isolateModules(() => {
        jest.doMock('../../charts', charts);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command, with the charts mocked above
        code = (require('../../lib/cli/diff') as typeof import('../../lib/cli/diff')).run(argv);
      });
    } finally {
      spy.mockRestore();
      jest.dontMock('../../charts');
    }
    return { code, errors };
  };

  test('an invalid releases file is an input error: exit 2, with or without --allow, and its problems', () => {
    const invalid = () => {
      // The class of the isolated module registry the command runs in, as loading releases/ would throw it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ReleaseFileError } = require('../../lib/releases/file') as typeof import('../../lib/releases/file');
      throw new ReleaseFileError([{ file: 'releases/marketnavigator.yaml', line: 3, path: 'prod.backend.tag', message: 'a tag is required' }]);
    };
    for (const argv of [[], ['--allow']]) {
      const { code, errors } = runWith(invalid, argv);
      expect(code).toBe(2);
      expect(errors).toEqual(['invalid releases (1 problem):\n  releases/marketnavigator.yaml:3: prod.backend.tag: a tag is required']);
    }
  });

  test('an invalid chart is an input error too: exit 2, with its problems', () => {
    const broken = system({ services: { ...system().services, web_app: { ...system().services.web_app, dependsOn: { ghost: 'service_started' } } } });
    const { code, errors } = runWith(() => ({ systems: [broken], delivery }), ['--allow']);
    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(/^invalid system "demo".*dependsOn/s);
  });
});

test('berth diff: a wrong option or an unknown ref is a usage error (exit 2) with a clear message', () => {
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
  try {
    expect(run(['--bogus'])).toBe(2);
    expect(run(['--base', 'no-such-ref-anywhere'])).toBe(2);
  } finally {
    spy.mockRestore();
  }
  expect(errors[0]).toMatch(/^berth diff: Unknown option '--bogus'.*\n\nusage: berth diff/s);
  expect(errors[1]).toMatch(/^berth diff: no commit "no-such-ref-anywhere" in the repository at /);
});
