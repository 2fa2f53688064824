import { spawnSync } from 'child_process';

/** git could not answer: not a repository, an unknown ref. Printed as it is, never as a stack trace. */
export class GitError extends Error {}

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (run.error) throw new GitError(`git ${args[0]}: ${run.error.message} (is git installed?)`);
  if (run.status !== 0) throw new GitError(`git ${args.join(' ')}: ${run.stderr.toString().trim() || `exit ${run.status}`}`);
  return run.stdout;
}

/** The commit a ref names (`HEAD`, `main`, a hash), as its full hash. */
export function resolveCommit(ref: string, cwd: string): string {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd)
      .toString()
      .trim();
  } catch (err) {
    throw new GitError(`no commit "${ref}" in the repository at ${cwd}${err instanceof Error && err.message.includes('exit') ? '' : `: ${(err as Error).message}`}`);
  }
}

/**
 * Every file under `root` (a directory relative to `cwd`, such as `dist`) as committed at `ref`, by path
 * relative to `root`, read with git alone (`ls-tree`, one `cat-file --batch`): no checkout, no network. A ref
 * where `root` did not exist yet gives an empty tree.
 */
export function committedTree(ref: string, root: string, cwd: string): Map<string, string> {
  const resolved = resolveCommit(ref, cwd);
  const prefix = git(['rev-parse', '--show-prefix'], cwd).toString().trim();
  const base = `${prefix}${root.replace(/\/+$/, '')}/`;
  const names = git(['ls-tree', '-r', '-z', '--full-tree', '--name-only', resolved, '--', base], cwd).toString().split('\0').filter(Boolean);
  const files = new Map<string, string>();
  if (names.length === 0) return files;
  const out = git(['cat-file', '--batch'], cwd, names.map((n) => `${resolved}:${n}\n`).join(''));
  let at = 0;
  for (const name of names) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    if (!Number.isInteger(size)) throw new GitError(`git cat-file: unexpected answer for ${name}: ${header}`);
    files.set(name.slice(base.length), out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1; // the content is followed by a newline
  }
  return files;
}
