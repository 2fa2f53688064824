/**
 * `include` (compose-spec `14-include.md`, compose-go `loader/include.go`): each entry is loaded as a compose
 * application of its own, then its services, volumes, networks, secrets and configs are copied into the including
 * file, before that file is merged with the other `-f` files.
 * - `path` (one file or several, merged) and `project_directory` are relative to the including project's
 *   directory; `project_directory` defaults to the directory of the first path;
 * - the included files' relative paths resolve against that project directory;
 * - variables: the including project's win; the included application's `env_file` (default `.env` in its project
 *   directory) only gives defaults;
 * - a resource the including file also defines, differently, is an error ("conflicts with imported resource");
 * - includes nest, and a cycle is an error.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseEnvFile } from './env-file';
import { absolute, resolveServicePaths } from './paths';
import type { Problems } from './problems';
import type { Lookup } from './template';
import { child, mapNode, scalarNode, scalarText, subPath, toPlain, withEntry, type MapNode, type Node } from './tree';

/** What `include` needs from the loader of the including file. */
export interface IncludeInput {
  /** The including project's directory: `path`, `project_directory` and `env_file` are relative to it. */
  readonly projectDir: string;
  /** The same directory as messages show it (as the user wrote the `-f` file). */
  readonly displayDir: string;
  /** The including project's variables, which win over an included `env_file`. */
  readonly lookup: Lookup;
  readonly problems: Problems;
  /** Absolute paths of the files being included, outermost first, for cycle detection. */
  readonly chain: readonly string[];
  /** Loads the files as one compose application (the loader itself, recursively). */
  readonly load: (files: readonly { abs: string; display: string }[], projectDir: string, displayDir: string, lookup: Lookup, chain: readonly string[]) => MapNode | undefined;
}

const KINDS = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

/** The file's document with every `include` entry's resources copied in, and `include` removed. */
export function applyInclude(root: MapNode, input: IncludeInput): MapNode {
  const include = child(root, 'include');
  if (include === undefined) return root;
  let out = withEntry(root, 'include', undefined);
  const entries = include.kind === 'seq' ? include.items : [];
  entries.forEach((entry, i) => {
    const imported = loadEntry(entry, subPath('include', i), input);
    if (imported !== undefined) out = importResources(out, imported, input.problems);
  });
  return out;
}

interface Entry {
  readonly paths: readonly string[];
  readonly projectDirectory?: string;
  readonly envFiles?: readonly string[];
}

function entryOf(node: Node): Entry | undefined {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? { paths: [node.value] } : undefined;
  if (node.kind !== 'map') return undefined;
  const list = (n: Node | undefined) =>
    n === undefined ? undefined : n.kind === 'seq' ? n.items.map(scalarText).filter((t) => t !== undefined) : [scalarText(n)].filter((t) => t !== undefined);
  const paths = list(child(node, 'path')) ?? [];
  const projectDirectory = scalarText(child(node, 'project_directory'));
  const envFiles = list(child(node, 'env_file'));
  return { paths, ...(projectDirectory === undefined ? {} : { projectDirectory }), ...(envFiles === undefined ? {} : { envFiles }) };
}

function loadEntry(node: Node, path: string, input: IncludeInput): MapNode | undefined {
  const entry = entryOf(node);
  if (entry === undefined || entry.paths.length === 0) {
    input.problems.error(node.loc, path, 'an include entry names no compose file', 'write the file, or path: [files]');
    return undefined;
  }
  const files = entry.paths.map((p) => ({ abs: absolute(input.projectDir, p), display: isAbsolute(p) ? p : join(input.displayDir, p) }));
  const cycle = input.chain.indexOf(files[0].abs);
  if (cycle >= 0) {
    const names = [...input.chain.slice(cycle), files[0].abs];
    input.problems.error(node.loc, path, `include forms a cycle: ${names.join(' → ')}`, 'remove the include that leads back to a file already being included');
    return undefined;
  }
  const given = entry.projectDirectory;
  const projectDir = given === undefined ? dirname(files[0].abs) : absolute(input.projectDir, given);
  const displayDir = given === undefined ? dirname(files[0].display) : isAbsolute(given) ? given : join(input.displayDir, given);
  const lookup = includedLookup(entry, projectDir, input, node, path);
  const model = input.load(files, projectDir, displayDir, lookup, input.chain);
  return model === undefined ? undefined : withAbsolutePaths(model, projectDir);
}

/** The included application's variables: the including project's, else its own env files'. */
function includedLookup(entry: Entry, projectDir: string, input: IncludeInput, node: Node, path: string): Lookup {
  const defaultEnv = join(projectDir, '.env');
  const files = entry.envFiles?.map((f) => absolute(input.projectDir, f)) ?? (statSync(defaultEnv, { throwIfNoEntry: false })?.isFile() ? [defaultEnv] : []);
  let values: Record<string, string> = {};
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      input.problems.error(node.loc, `${path}.env_file`, `env file ${file} not found`, 'fix the env_file of the include (relative to the including project directory)');
      continue;
    }
    const result = parseEnvFile(text, input.lookup, values);
    for (const e of result.errors) input.problems.error({ file, line: e.line }, `${path}.env_file`, e.message, 'write KEY=value, one per line');
    values = { ...result.values };
  }
  return (name) => input.lookup(name) ?? (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined);
}

/** Relative host paths of the included application resolved against its project directory, before they move. */
function withAbsolutePaths(model: MapNode, projectDir: string): MapNode {
  let out = model;
  const services = child(out, 'services');
  if (services?.kind === 'map') {
    out = withEntry(out, 'services', mapNode(new Map([...services.entries].map(([k, v]) => [k, resolveServicePaths(v, projectDir)])), services.loc));
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const top = child(out, kind);
    if (top?.kind !== 'map') continue;
    const entries = new Map<string, Node>();
    for (const [name, def] of top.entries) {
      const file = scalarText(child(def, 'file'));
      entries.set(name, def.kind === 'map' && file !== undefined ? withEntry(def, 'file', scalarNode(absolute(projectDir, file), def.loc)) : def);
    }
    out = withEntry(out, kind, mapNode(entries, top.loc));
  }
  return out;
}

/** The imported resources added to the including file; one it defines differently is an error. */
function importResources(root: MapNode, imported: MapNode, problems: Problems): MapNode {
  let out = root;
  for (const kind of KINDS) {
    const from = child(imported, kind);
    if (from?.kind !== 'map') continue;
    const to = child(out, kind);
    const entries = new Map(to?.kind === 'map' ? to.entries : []);
    for (const [name, def] of from.entries) {
      const mine = entries.get(name);
      if (mine !== undefined && JSON.stringify(toPlain(mine, '')) !== JSON.stringify(toPlain(def, ''))) {
        problems.error(
          mine.loc,
          `${kind}.${name}`,
          `${kind}.${name} conflicts with the one an included file defines (${def.loc.file})`,
          'rename one of them, or override the included one in a later -f file',
        );
        continue;
      }
      entries.set(name, def);
    }
    out = withEntry(out, kind, mapNode(entries, to?.loc ?? from.loc));
  }
  return out;
}
