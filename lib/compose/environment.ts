/**
 * The variables interpolation sees: the `--env-file` files in order (later wins; a file may use the keys of the
 * files before it), or `<projectDir>/.env` when none is given and it exists, then `--set`, which wins over all.
 * berth's own process environment is never read: the same files give the same manifests on every machine.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseEnvFile } from './env-file';
import type { Problems } from './problems';
import type { Lookup } from './template';
import type { ReadOptions } from './types';

export function readVariables(options: ReadOptions, projectDir: string, problems: Problems): Record<string, string> {
  const set = options.set ?? {};
  const given = options.envFiles !== undefined && options.envFiles.length > 0;
  const files = given ? (options.envFiles as readonly string[]) : [join(projectDir, '.env')].filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() === true);
  let values: Record<string, string> = {};
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message;
      problems.error({ file }, '--env-file', `env file ${file}: ${reason}`, 'fix the path given to --env-file');
      continue;
    }
    const outer: Lookup = (name) => (Object.prototype.hasOwnProperty.call(set, name) ? set[name] : undefined);
    const result = parseEnvFile(text, outer, values);
    for (const e of result.errors) problems.error({ file, line: e.line }, '--env-file', e.message, 'write KEY=value, one per line');
    values = { ...result.values };
  }
  return { ...values, ...set };
}

/**
 * A lookup over the variables. `COMPOSE_PROJECT_NAME`, when they do not set it, is the project name as compose
 * works it out: the top-level `name:` (`topLevelName()`, known once the first file is parsed), else the project
 * directory's name.
 */
export function variableLookup(variables: Readonly<Record<string, string>>, projectDir: string, topLevelName: () => string | undefined): Lookup {
  return (name) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    if (name === 'COMPOSE_PROJECT_NAME') return normalizeProjectName(topLevelName() ?? basename(projectDir));
    return undefined;
  };
}

/** compose-go `NormalizeProjectName`: lower case, only letters, digits, `-` and `_`, starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}
