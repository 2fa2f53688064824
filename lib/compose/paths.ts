/**
 * Host paths in a compose file are relative to the project directory, except in a file reached through
 * `extends: {file: ...}`, whose paths are relative to that file (compose-go `paths/resolve.go`): those are made
 * absolute when the file is loaded, so they survive being merged into a service of another directory.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { child, scalarNode, scalarText, seqNode, withEntry, type MapNode, type Node } from './tree';
import { isHostPath, parseVolumeSpec } from './volume-spec';

/** `~` and `~/x` are the user's home directory, as compose expands them. */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/** `path` made absolute against `dir` (after `~` expansion). */
export function absolute(dir: string, path: string): string {
  const expanded = expandHome(path);
  return isAbsolute(expanded) || /^[a-zA-Z]:[\\/]/.test(expanded) || expanded.startsWith('\\\\') ? expanded : resolve(dir, expanded);
}

/** A build context that is a URL or git reference, never a directory. */
export function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}

/** One service of an `extends` file with its relative paths resolved against that file's directory. */
export function resolveServicePaths(service: Node, dir: string): Node {
  if (service.kind !== 'map') return service;
  let out: MapNode = service;
  const build = child(out, 'build');
  if (build !== undefined) out = withEntry(out, 'build', resolveBuild(build, dir));
  const envFile = child(out, 'env_file');
  if (envFile !== undefined) out = withEntry(out, 'env_file', resolveEach(envFile, dir, 'path'));
  const volumes = child(out, 'volumes');
  if (volumes?.kind === 'seq')
    out = withEntry(
      out,
      'volumes',
      seqNode(
        volumes.items.map((v) => resolveVolume(v, dir)),
        volumes.loc,
      ),
    );
  const ext = child(out, 'extends');
  if (ext?.kind === 'map') out = withEntry(out, 'extends', resolveField(ext, 'file', dir));
  return out;
}

function resolveString(node: Node, dir: string): Node {
  const text = scalarText(node);
  return text === undefined || text === '' ? node : scalarNode(absolute(dir, text), node.loc);
}

function resolveField(node: MapNode, key: string, dir: string): MapNode {
  const value = child(node, key);
  return value === undefined ? node : withEntry(node, key, resolveString(value, dir));
}

function resolveBuild(build: Node, dir: string): Node {
  const context = build.kind === 'map' ? scalarText(child(build, 'context')) : scalarText(build);
  if (context === undefined || isRemote(context)) return build;
  if (build.kind === 'map') return resolveField(build, 'context', dir);
  return resolveString(build, dir);
}

function resolveEach(node: Node, dir: string, key: string): Node {
  if (node.kind === 'scalar') return resolveString(node, dir);
  if (node.kind === 'map') return resolveField(node, key, dir);
  return seqNode(
    node.items.map((item) => resolveEach(item, dir, key)),
    node.loc,
  );
}

function resolveVolume(volume: Node, dir: string): Node {
  if (volume.kind === 'map') {
    return scalarText(child(volume, 'type')) === 'bind' ? resolveField(volume, 'source', dir) : volume;
  }
  const spec = scalarText(volume);
  if (spec === undefined) return volume;
  const parsed = parseVolumeSpec(spec);
  if ('error' in parsed || parsed.source === undefined || !isHostPath(parsed.source)) return volume;
  return scalarNode(absolute(dir, parsed.source) + spec.slice(parsed.source.length), volume.loc);
}
