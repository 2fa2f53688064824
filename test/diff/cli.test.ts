import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { delivery, systems } from '../../charts';
import { run, runDiff } from '../../lib/cli/diff';
import { GitError, committedTree } from '../../lib/diff/git';
import type { System } from '../../lib/model/types';
import { synthesize } from '../../lib/synthesize';

/** A GitOps repository whose one commit holds `dist/` as the charts synthesize it today, under `project/`. */
function repository(): { root: string; project: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-diff-'));
  const project = path.join(root, 'project');
  for (const f of synthesize(systems, delivery).files) {
    fs.mkdirSync(path.dirname(path.join(project, 'dist', f.path)), { recursive: true });
    fs.writeFileSync(path.join(project, 'dist', f.path), f.content);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'dist');
  return { root, project };
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
  let repo: { root: string; project: string };
  beforeAll(() => (repo = repository()));
  afterAll(() => fs.rmSync(repo.root, { recursive: true, force: true }));

  const diff = (input: readonly System[], allow = false) => {
    const lines: string[] = [];
    const code = runDiff({ base: 'HEAD', allow, cwd: repo.project, systems: input, delivery, log: { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } });
    return { code, out: lines.join('\n') };
  };

  test('reads the committed dist/ with git alone, byte for byte, from a subdirectory of the repository', () => {
    const committed = committedTree('HEAD', 'dist', repo.project);
    const fresh = synthesize(systems, delivery).files;
    expect(committed.size).toBe(fresh.length);
    for (const f of fresh) expect(committed.get(f.path)).toBe(f.content);
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
