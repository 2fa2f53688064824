/**
 * What the runtime rules (rules-*.ts) ask about images a manifest cannot say: which ones do their start-up work
 * in the ENTRYPOINT, which tags are known to be broken or vulnerable, which directories they ship content in, and
 * how much memory their heavy modes need. Facts about one image come from the image catalog (lib/images), so
 * each is stated once; this file keeps what is not a fact of one image (owner-wide rows, vulnerable versions).
 */

import { findImage } from '../images';
import { imageMatches, parseImage } from '../images/ref';

function lookup<T extends { readonly image: string }>(table: readonly T[], image: string): T | undefined {
  const ref = parseImage(image);
  return table.find((row) => imageMatches(ref, row.image));
}

// ---------------------------------------------------------------------------------------------------------
// image-entrypoint

export interface EntrypointImage {
  readonly image: string;
  /** What the ENTRYPOINT does that a Kubernetes `command` would skip. */
  readonly does: string;
  /** Programs of the ENTRYPOINT: a `command` whose first word is one of them (by path or basename) still runs it. */
  readonly entrypoint: readonly string[];
}

/**
 * Owners whose every image does its start-up work in the ENTRYPOINT; single images come from the catalog's
 * `entrypointDoes`. Kubernetes `command` replaces the ENTRYPOINT; compose `command` is Kubernetes `args`
 * (compose `entrypoint` is Kubernetes `command`).
 */
export const ENTRYPOINT_OWNERS: readonly EntrypointImage[] = ['bitnami/*', 'bitnamilegacy/*'].map((image) => ({
  image,
  does: 'the Bitnami entrypoint (/opt/bitnami/scripts/<app>/entrypoint.sh) runs the setup script that writes the configuration from the environment and initialises data',
  entrypoint: ['/opt/bitnami/scripts/*/entrypoint.sh', '/opt/bitnami/scripts/*/run.sh'],
}));

/** The image's ENTRYPOINT row: from its catalog entry (tag variants applied), else from its owner's row. */
export function entrypointImage(image: string): EntrypointImage | undefined {
  const entry = findImage(image);
  if (entry?.entrypointDoes !== undefined) {
    // The ENTRYPOINT's programs, without dumb-init/tini's `--`: a command starting with one of them still runs it.
    return { image: entry.ref.name, does: entry.entrypointDoes, entrypoint: entry.entrypoint.filter((word) => word !== '--') };
  }
  return lookup(ENTRYPOINT_OWNERS, image);
}

/** Does a `command` whose first word is `word` still run this image's ENTRYPOINT? */
export function runsEntrypoint(row: EntrypointImage, word: string): boolean {
  return row.entrypoint.some((e) => (e.includes('*') ? new RegExp(`^${e.split('*').map(escapeRegExp).join('[^/]+')}$`).test(word) : basename(e) === basename(word)));
}

/** A program by path or by name (found on PATH) is the same program: `/usr/local/bin/docker-entrypoint.sh`. */
function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------
// image-known-bad

/** Redis lines and the first release with the CVE-2025-49844 ("RediShell", Lua use-after-free) fix. */
export const REDIS_CVE_2025_49844_FIXED: readonly { readonly line: string; readonly fixed: string }[] = [
  { line: '6.2', fixed: '6.2.20' },
  { line: '7.2', fixed: '7.2.11' },
  { line: '7.4', fixed: '7.4.6' },
  { line: '8.0', fixed: '8.0.4' },
  { line: '8.2', fixed: '8.2.2' },
];

/** MinIO releases before this one are affected by CVE-2025-31489 (incomplete signature validation). */
export const MINIO_CVE_2025_31489_FIXED = 'RELEASE.2025-04-03T14-56-28Z';

export interface KnownBad {
  /** Why the image must not be used. */
  readonly reason: string;
  /** What to use instead. */
  readonly fix: string;
  /** The fixed release of the same line, where there is one (`redis:6.2.20-alpine` for `redis:6.2.2-alpine`). @default none */
  readonly replacement?: string;
}

/** Every reason this image reference is known to be broken or vulnerable (empty when none is known). */
export function knownBad(image: string): KnownBad[] {
  const ref = parseImage(image);
  const found: KnownBad[] = [];
  if (ref.registry === 'docker.io' && ref.repository.startsWith('bitnami/') && ref.tag && /^\d/.test(ref.tag)) {
    found.push({
      reason: 'Bitnami stopped serving versioned tags on docker.io/bitnami in 2025 (they moved to the unmaintained bitnamilegacy)',
      fix: 'use a maintained image (the upstream official image) pinned to a current version',
    });
  }
  if (ref.name === 'redis' && ref.tag) {
    const bad = redisCve(ref.tag);
    if (bad) found.push(bad);
  }
  if ((ref.name === 'minio/minio' || ref.name === 'quay.io/minio/minio') && ref.tag) {
    const stamp = /RELEASE\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)/.exec(ref.tag)?.[1];
    const fixed = MINIO_CVE_2025_31489_FIXED.slice('RELEASE.'.length);
    if (stamp && stamp < fixed) {
      found.push({
        reason: `MinIO ${ref.tag} predates ${MINIO_CVE_2025_31489_FIXED} and is affected by CVE-2025-31489 (incomplete signature validation)`,
        fix: `use ${ref.name}:${MINIO_CVE_2025_31489_FIXED} or later`,
      });
    }
  }
  return found;
}

function redisCve(tag: string): KnownBad | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:$|[-_])/.exec(tag);
  if (!m) return undefined; // latest, alpine, bookworm …: not a version
  const [major, minor, patch] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  const reason = (fixedIn: string) => ({
    reason: `redis ${tag} is affected by CVE-2025-49844 (Lua use-after-free, remote code execution)`,
    fix: fixedIn,
  });
  if (minor === undefined) {
    // A major-only tag floats to the newest release of the newest line of that major: fixed from 6 on.
    return major < 6 ? reason('use redis 6.2.20, 7.2.11, 7.4.6, 8.0.4, 8.2.2 or later') : undefined;
  }
  const line = REDIS_CVE_2025_49844_FIXED.find((l) => l.line === `${major}.${minor}`);
  if (line) {
    if (patch === undefined) return undefined; // a line tag floats to the newest (fixed) patch release
    const fixedPatch = Number(line.fixed.split('.')[2]);
    const replacement = `redis:${line.fixed}${tag.slice(m[0].replace(/[-_]$/, '').length)}`;
    return patch < fixedPatch ? { ...reason(`use ${replacement} or later`), replacement } : undefined;
  }
  // A line without a fixed release (before 6.2, or 7.0): everything in it stays vulnerable.
  const older = major < 8 || (major === 8 && minor < 2);
  return older ? reason('this line has no fixed release: move to redis 7.2.11, 7.4.6, 8.0.4, 8.2.2 or later') : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// image-shadowed

export interface ShadowedPath {
  readonly image: string;
  /** A directory the image ships content in; a volume mounted exactly here hides that content. */
  readonly path: string;
  readonly hides: string;
}

/** A directory the image ships content in that a volume mounted exactly at `mountPath` would hide (the catalog's `shippedPaths`). */
export function shadowedPath(image: string, mountPath: string): ShadowedPath | undefined {
  const entry = findImage(image);
  const dir = mountPath.length > 1 ? mountPath.replace(/\/+$/, '') : mountPath;
  const row = entry?.shippedPaths?.find((p) => p.path === dir);
  return entry && row ? { image: entry.ref.name, ...row } : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// image-memory

export interface HeavyCommand {
  readonly image: string;
  /** A word of command/args that selects the heavy mode. */
  readonly word: string;
  readonly minMemoryMi: number;
  readonly why: string;
}

/** The heavy mode a command selects, with the memory it needs (the catalog's `heavyCommands`). */
export function heavyCommand(image: string, words: readonly string[]): HeavyCommand | undefined {
  const entry = findImage(image);
  const row = entry?.heavyCommands?.find((c) => words.includes(c.word));
  return entry && row ? { image: entry.ref.name, ...row } : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// image-required-env

export interface RequiredSecretEnv {
  readonly image: string;
  /** Env var that must come from a Secret (secretKeyRef, or envFrom a Secret). */
  readonly env: string;
  readonly why: string;
}

/** Variables the image needs from a Secret (the catalog's `requiredSecretEnv`). */
export function requiredSecretEnv(image: string): RequiredSecretEnv[] {
  const entry = findImage(image);
  return (entry?.requiredSecretEnv ?? []).map((row) => ({ image: entry?.ref.name ?? image, ...row }));
}

/** Components of images that run as independent servers, each instance with its own settings. */
const DATA_STORES = new Set(['database', 'cache', 'broker', 'search', 'object-storage', 'vector-store', 'coordination']);

/** Is this image a data store (a database, cache, broker, search or object store) in the image catalog? */
export function isDataStore(image: string): boolean {
  const component = findImage(image)?.component;
  return component !== undefined && DATA_STORES.has(component);
}
