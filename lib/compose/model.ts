/**
 * The `-f` files → one merged compose document, in compose's order for each file (and each YAML document in it):
 * parse, interpolate, apply `extends`, validate against the schema, merge onto the files before it, remove
 * redefinitions. Every problem of every file is collected; a file that cannot be read is skipped.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyExtends, type ExtendsContext, type ExtendsSource } from './extends';
import { applyInclude, type IncludeInput } from './include';
import { interpolate, type InterpolationContext } from './interpolate';
import { loadYaml } from './load';
import { merge } from './merge';
import { resolveServicePaths } from './paths';
import type { Problems } from './problems';
import { validateSchema } from './schema';
import type { Lookup } from './template';
import { substitute } from './template';
import { child, mapNode, scalarText, toPlain, type MapNode, type Node } from './tree';
import type { ComposeLocation } from './types';
import { enforceUnique } from './unique';

export interface ModelInput {
  readonly files: readonly string[];
  readonly projectDir: string;
  readonly lookup: Lookup;
  readonly problems: Problems;
  /** Filled with what interpolated values were written as (see `InterpolationContext.templates`). */
  readonly templates: Map<string, string>;
  /** Set to the first top-level `name:` (interpolated), which `${COMPOSE_PROJECT_NAME}` stands for. */
  readonly projectName: { value?: string };
}

/** The merged document, or `undefined` when no file could be read. */
export function loadModel(input: ModelInput): MapNode | undefined {
  const interpolation: InterpolationContext = { lookup: input.lookup, problems: input.problems, warned: new Set(), templates: input.templates };
  const files = input.files.map((file) => ({ abs: resolve(file), display: file }));
  return loadFiles(files, { ...input, displayDir: dirname(input.files[0]), interpolation, extendsContext: new ExtendsFiles(interpolation), chain: [] });
}

interface LoadContext extends ModelInput {
  /** The project directory as messages show it. */
  readonly displayDir: string;
  readonly interpolation: InterpolationContext;
  readonly extendsContext: ExtendsFiles;
  /** Files being included, outermost first (see `include.ts`). */
  readonly chain: readonly string[];
}

/** One compose application's files, each parsed, interpolated, extended, included, validated and merged in order. */
function loadFiles(files: readonly { abs: string; display: string }[], ctx: LoadContext): MapNode | undefined {
  let merged: MapNode | undefined;
  let versionWarned = false;
  for (const { abs, display: file } of files) {
    for (const doc of readDocuments(file, abs, undefined, ctx.problems)) {
      const name = scalarText(child(doc, 'name'));
      if (ctx.projectName.value === undefined && name !== undefined) ctx.projectName.value = substitute(name, ctx.lookup).value;
      let node = interpolate(doc, '', [], ctx.interpolation) as MapNode;
      const version = child(node, 'version');
      if (version !== undefined && !versionWarned) {
        versionWarned = true;
        ctx.problems.warn(version.loc, 'version', 'the version key is obsolete: compose ignores it', 'remove it');
      }
      node = applyExtends(node, servicesOf(node, { file, abs, baseDir: ctx.projectDir, displayBase: ctx.displayDir }), ctx.extendsContext);
      node = applyInclude(node, {
        projectDir: ctx.projectDir,
        displayDir: ctx.displayDir,
        lookup: ctx.lookup,
        problems: ctx.problems,
        chain: [...ctx.chain, abs],
        load: included(ctx),
      });
      validate(node, ctx.problems);
      merged = enforceUnique((merge(merged, node, [], ctx.problems) as MapNode | undefined) ?? mapNode(new Map(), node.loc));
    }
  }
  return merged;
}

/** How an included application is loaded: the same steps, with its own directory, variables and `name`. */
function included(ctx: LoadContext): IncludeInput['load'] {
  return (files, projectDir, displayDir, lookup, chain) => {
    const interpolation: InterpolationContext = { ...ctx.interpolation, lookup };
    return loadFiles(files, { ...ctx, projectDir, displayDir, lookup, interpolation, extendsContext: new ExtendsFiles(interpolation), chain, projectName: {} });
  };
}

function servicesOf(root: MapNode, source: Omit<ExtendsSource, 'services'>): ExtendsSource {
  const services = child(root, 'services');
  return { ...source, services: services?.kind === 'map' ? services : undefined };
}

function validate(node: MapNode, problems: Problems): void {
  const locations = new Map<string, ComposeLocation>();
  const plain = toPlain(node, '', { locations, floats: new Set() });
  validateSchema(plain, (path) => nearest(locations, path), problems);
}

/** The location of `path`, or of its nearest ancestor that has one. */
export function nearest(locations: ReadonlyMap<string, ComposeLocation>, path: string): ComposeLocation | undefined {
  for (let p = path; ;) {
    const found = locations.get(p);
    if (found !== undefined) return found;
    if (p === '') return undefined;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut < 0 ? '' : p.slice(0, cut);
  }
}

function readDocuments(file: string, abs: string, at: { loc: ComposeLocation; path: string } | undefined, problems: Problems): MapNode[] {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    if (at === undefined) problems.error({ file }, '', `compose file ${file} ${reason}`, 'check the path given with -f');
    else problems.error(at.loc, at.path, `extends file ${file} ${reason}`, 'fix extends.file (relative paths start at the project directory, or at the extending file)');
    return [];
  }
  return loadYaml(text, file, problems) as MapNode[];
}

/** Files reached through `extends: {file: ...}`: read, interpolated and path-resolved once each. */
class ExtendsFiles implements ExtendsContext {
  private readonly cache = new Map<string, ExtendsSource | undefined>();

  constructor(private readonly interpolation: InterpolationContext) {}

  get problems(): Problems {
    return this.interpolation.problems;
  }

  loadExtendsFile(abs: string, display: string, loc: ComposeLocation, path: string): ExtendsSource | undefined {
    if (this.cache.has(abs)) return this.cache.get(abs);
    this.cache.set(abs, undefined);
    const docs = readDocuments(display, abs, { loc, path }, this.problems);
    let root: MapNode | undefined;
    for (const doc of docs) root = (merge(root, interpolate(doc, '', [], this.interpolation), [], this.problems) as MapNode | undefined) ?? root;
    if (root === undefined) return undefined;
    const services = child(root, 'services');
    const resolved: Node | undefined =
      services?.kind === 'map' ? mapNode(new Map([...services.entries].map(([k, v]) => [k, resolveServicePaths(v, dirname(abs))])), services.loc) : undefined;
    const source: ExtendsSource = { file: display, abs, baseDir: dirname(abs), displayBase: dirname(display), services: resolved as MapNode | undefined };
    this.cache.set(abs, source);
    return source;
  }
}
