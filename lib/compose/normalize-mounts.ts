/**
 * `volumes` (short and long syntax) and service-level `tmpfs` as mounts. A short source is a host path when it
 * starts with `.`, `/`, `~`, `\\` or a drive letter, and a named volume otherwise (compose-go `format/volume.go`);
 * host paths are resolved against the project directory and looked up on disk. Targets are cleaned as compose
 * does (`/data/` → `/data`); two mounts on one target are an error, as in compose.
 */
import { statSync } from 'node:fs';
import { posix } from 'node:path';
import { asBoolean, asNumber, asString, collectOther, compact, isRecord, stringList, type NormalizeContext, type Plain } from './context';
import { absolute } from './paths';
import type { ComposeMount } from './types';
import { parseBytes } from './units';
import { parseVolumeSpec } from './volume-spec';

function cleanTarget(target: string): string {
  if (!target.startsWith('/')) return target;
  const clean = posix.normalize(target);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

function bind(source: string, target: string, readOnly: boolean, ctx: NormalizeContext): ComposeMount {
  const path = absolute(ctx.projectDir, source);
  const stat = statSync(path, { throwIfNoEntry: false });
  return { type: 'bind', source: path, target: cleanTarget(target), readOnly, exists: stat !== undefined, isFile: stat?.isFile() ?? false };
}

const SHORT_OPTIONS = ['ro', 'rw'];
/** Options compose knows after the target (SELinux labels, propagation, nocopy, consistency); it ignores others. */
const KNOWN_OPTIONS = ['z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'cached', 'delegated', 'consistent'];

function shortMount(spec: string, at: string, rel: string, ctx: NormalizeContext, other: Plain): ComposeMount | undefined {
  const parsed = parseVolumeSpec(spec);
  if ('error' in parsed) {
    ctx.error(at, `invalid volume: ${parsed.error}`, "write it as 'SOURCE:TARGET[:ro]', e.g. 'db_data:/var/lib/postgresql/data'");
    return undefined;
  }
  const extra = parsed.options.filter((o) => !SHORT_OPTIONS.includes(o));
  if (extra.length > 0) other[`${rel}.options`] = extra;
  for (const o of extra.filter((x) => !KNOWN_OPTIONS.includes(x))) {
    ctx.warn(at, `unknown volume option '${o}': compose ignores it${parsed.readOnly ? '' : ', so the mount is read-write'}`, `use ro, rw, z or Z (comma-separated: 'ro,z')`);
  }
  if (parsed.source === undefined) return { type: 'anonymous', target: cleanTarget(parsed.target), readOnly: parsed.readOnly };
  if (parsed.type === 'bind') return bind(parsed.source, parsed.target, parsed.readOnly, ctx);
  return { type: 'volume', source: parsed.source, target: cleanTarget(parsed.target), readOnly: parsed.readOnly };
}

const LONG_KEYS = ['type', 'source', 'target', 'read_only', 'volume', 'tmpfs'];

function longMount(entry: Plain, at: string, rel: string, ctx: NormalizeContext, other: Plain): ComposeMount | undefined {
  collectOther(entry, LONG_KEYS, rel, other);
  const type = asString(entry.type) ?? '';
  const target = asString(entry.target);
  const source = asString(entry.source);
  const readOnly = asBoolean(entry.read_only) ?? false;
  if (target === undefined || target === '') {
    ctx.error(at, `a ${type} mount needs a target`, 'add target: /path/in/container');
    return undefined;
  }
  const volume = isRecord(entry.volume) ? entry.volume : {};
  collectOther(volume, ['subpath'], `${rel}.volume`, other);
  const tmpfs = isRecord(entry.tmpfs) ? entry.tmpfs : {};
  collectOther(tmpfs, ['size', 'mode'], `${rel}.tmpfs`, other);
  switch (type) {
    case 'volume':
      if (source === undefined || source === '') return { type: 'anonymous', target: cleanTarget(target), readOnly };
      return compact({ type: 'volume' as const, source, target: cleanTarget(target), readOnly, subpath: asString(volume.subpath) });
    case 'bind':
      if (source === undefined || source === '') {
        ctx.error(at, 'a bind mount needs a source', 'add source: ./path/on/host');
        return undefined;
      }
      return bind(source, target, readOnly, ctx);
    case 'tmpfs':
      return tmpfsMount(target, tmpfs.size, asNumber(tmpfs.mode), `${at}.tmpfs.size`, ctx);
    default:
      return compact({ type: 'other' as const, kind: type, source, target });
  }
}

function tmpfsMount(target: string, size: unknown, mode: number | undefined, at: string, ctx: NormalizeContext): ComposeMount {
  let sizeBytes: number | undefined;
  if (typeof size === 'string' || typeof size === 'number') {
    sizeBytes = parseBytes(size);
    if (sizeBytes === undefined) ctx.error(at, `${JSON.stringify(size)} is not a size`, "use bytes or a unit: 67108864, '64m', '1g'");
  }
  return compact({ type: 'tmpfs' as const, target: cleanTarget(target), sizeBytes, mode });
}

/** `tmpfs: /run` or `- /run:size=64m,mode=1777`; other options (`noexec`, `uid=`) go to `other` (`tmpfs[0].options`). */
function serviceTmpfs(spec: string, at: string, rel: string, ctx: NormalizeContext, other: Plain): ComposeMount {
  const colon = spec.indexOf(':');
  const target = colon < 0 ? spec : spec.slice(0, colon);
  let size: string | undefined;
  let mode: number | undefined;
  const rest: string[] = [];
  for (const option of colon < 0 ? [] : spec.slice(colon + 1).split(',')) {
    const [key, value] = option.split('=');
    if (key === 'size') size = value;
    else if (key === 'mode' && /^[0-7]+$/.test(value ?? '')) mode = parseInt(value, 8);
    else if (key !== '') rest.push(option);
  }
  if (rest.length > 0) other[`${rel}.options`] = rest;
  return tmpfsMount(target, size, mode, at, ctx);
}

export function mounts(service: Plain, svc: string, ctx: NormalizeContext, other: Plain): ComposeMount[] {
  const out: ComposeMount[] = [];
  const seen = new Map<string, string>();
  const push = (mount: ComposeMount | undefined, at: string) => {
    if (mount === undefined) return;
    const previous = seen.get(mount.target);
    if (previous !== undefined) ctx.error(at, `target ${mount.target} is already mounted by ${previous}`, 'mount each container path once');
    seen.set(mount.target, at);
    ctx.alias(`${svc}.mounts[${out.length}]`, at);
    out.push(mount);
  };
  (Array.isArray(service.volumes) ? service.volumes : []).forEach((item, i) => {
    const at = `${svc}.volumes[${i}]`;
    if (typeof item === 'string') push(shortMount(item, at, `volumes[${i}]`, ctx, other), at);
    else if (isRecord(item)) push(longMount(item, at, `volumes[${i}]`, ctx, other), at);
  });
  const tmpfs = service.tmpfs;
  const list = stringList(tmpfs);
  list.forEach((spec, i) => {
    const rel = typeof tmpfs === 'string' ? 'tmpfs' : `tmpfs[${i}]`;
    push(serviceTmpfs(spec, `${svc}.${rel}`, rel, ctx, other), `${svc}.${rel}`);
  });
  return out;
}
