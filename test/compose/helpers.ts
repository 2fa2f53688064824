import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readCompose } from '../../lib/compose/read';
import { ComposeError, type ComposeProblem, type ComposeProject, type ReadOptions } from '../../lib/compose/types';

/** A project directory with these files (path → text), as a fresh temporary directory. */
export function projectDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-compose-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Reads `compose.yaml` (plus any other files given) from a fresh project directory. */
export function read(compose: string, others: Readonly<Record<string, string>> = {}, options: Omit<ReadOptions, 'files'> & { files?: readonly string[] } = {}): ComposeProject {
  const dir = projectDir({ 'compose.yaml': compose, ...others });
  const files = (options.files ?? ['compose.yaml']).map((f) => join(dir, f));
  const envFiles = options.envFiles?.map((f) => join(dir, f));
  return readCompose({ ...options, files, ...(envFiles === undefined ? {} : { envFiles }) });
}

/** The problems of a read that must fail; fails the test if it succeeds or throws anything else. */
export function problems(
  compose: string,
  others: Readonly<Record<string, string>> = {},
  options: Omit<ReadOptions, 'files'> & { files?: readonly string[] } = {},
): readonly ComposeProblem[] {
  try {
    read(compose, others, options);
  } catch (e) {
    if (e instanceof ComposeError) return e.problems;
    throw e;
  }
  throw new Error('expected a ComposeError');
}

/** Compact YAML from lines, so tests read like the compose files they stand for. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
