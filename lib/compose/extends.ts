/**
 * `extends` (compose-spec `05-services.md#extends`, compose-go `loader/extends.go`): `extends: base` or
 * `extends: {service: base}` in the same file, `extends: {service: base, file: common.yml}` in another one, chains
 * of both, resolved before the file is merged with the other `-f` files. The service is merged onto its base with
 * the same rules as an override file (every key is inherited, `depends_on` included). A `file:` is relative to the
 * project directory in a `-f` file and to the extending file in a file reached through `extends`, as in compose.
 */
import { merge } from './merge';
import { absolute } from './paths';
import { isAbsolute, join } from 'node:path';
import type { Problems } from './problems';
import { child, mapNode, scalarText, withEntry, type MapNode, type Node } from './tree';
import type { ComposeLocation } from './types';

/** A compose file's services, as `extends` sees them. */
export interface ExtendsSource {
  /** The file as the user named it, for messages. */
  readonly file: string;
  /** Absolute path: the identity of the file in cycle detection. */
  readonly abs: string;
  /** Directory a relative `extends.file` is resolved against. */
  readonly baseDir: string;
  /** The same directory as messages show it (relative, like the `-f` files). */
  readonly displayBase: string;
  readonly services: MapNode | undefined;
}

export interface ExtendsContext {
  readonly problems: Problems;
  /** Loads (once) and interpolates another compose file, its relative paths already resolved; `undefined` when it cannot be read (the problem is recorded). */
  loadExtendsFile(abs: string, file: string, loc: ComposeLocation, path: string): ExtendsSource | undefined;
}

/** The file's `services` with every `extends` applied. */
export function applyExtends(root: MapNode, source: ExtendsSource, ctx: ExtendsContext): MapNode {
  const services = source.services;
  if (services === undefined) return root;
  const memo = new Map<string, Node>();
  const entries = new Map<string, Node>();
  for (const name of services.entries.keys()) entries.set(name, resolveService(name, source, ctx, [], memo));
  return withEntry(root, 'services', mapNode(entries, services.loc));
}

interface Reference {
  readonly service: string;
  readonly file?: string;
}

function reference(ext: Node): Reference | undefined {
  if (ext.kind === 'scalar') return typeof ext.value === 'string' ? { service: ext.value } : undefined;
  if (ext.kind !== 'map') return undefined;
  const service = scalarText(child(ext, 'service'));
  const file = scalarText(child(ext, 'file'));
  if (service === undefined) return undefined;
  return file === undefined ? { service } : { service, file };
}

function resolveService(name: string, source: ExtendsSource, ctx: ExtendsContext, chain: readonly string[], memo: Map<string, Node>): Node {
  const key = `${source.abs}\0${name}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const service = source.services?.entries.get(name) as Node;
  const ext = child(service, 'extends');
  const ref = ext === undefined ? undefined : reference(ext);
  if (ext === undefined || ref === undefined || service.kind !== 'map') return service;
  const path = `services.${name}.extends`;
  if (chain.includes(key)) {
    const names = [...chain, key].map((k) => k.split('\0')[1]);
    ctx.problems.error(ext.loc, path, `extends forms a cycle: ${names.join(' → ')}`, 'break the cycle: a service cannot extend itself, directly or through others');
    return withEntry(service, 'extends', undefined);
  }
  const baseSource = ref.file === undefined ? source : ctx.loadExtendsFile(absolute(source.baseDir, ref.file), displayPath(source.displayBase, ref.file), ext.loc, path);
  if (baseSource === undefined) return withEntry(service, 'extends', undefined);
  if (baseSource.services?.entries.get(ref.service) === undefined) {
    const known = [...(baseSource.services?.entries.keys() ?? [])].filter((k) => !k.startsWith('x-'));
    const where = ref.file === undefined ? '' : ` in ${ref.file}`;
    ctx.problems.error(ext.loc, path, `extends unknown service '${ref.service}'${where}`, known.length === 0 ? 'that file has no services' : `use one of: ${known.join(', ')}`);
    return withEntry(service, 'extends', undefined);
  }
  const baseMemo = baseSource === source ? memo : new Map<string, Node>();
  const base = resolveService(ref.service, baseSource, ctx, [...chain, key], baseMemo);
  const baseMap = base.kind === 'map' ? withEntry(base, 'extends', undefined) : mapNode(new Map(), base.loc);
  const merged = merge(baseMap, withEntry(service, 'extends', undefined), ['services', name], ctx.problems) ?? service;
  memo.set(key, merged);
  return merged;
}

/** How an `extends.file` is shown in messages: beside the file that names it, as the user would find it. */
function displayPath(base: string, file: string): string {
  return isAbsolute(file) ? file : join(base, file);
}
