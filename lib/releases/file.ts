import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../model/problems';
import type { ImageRelease, System } from '../model/types';
import { toYaml } from '../yaml-emit';

/**
 * `releases/<system>.yaml`: the tag (and digest) of each image the team builds, per environment. It is data,
 * reviewed like code: CI writes it with `berth release`, a person promotes with `berth promote`, and berth
 * rewrites it whole, sorted, so a change is the smallest diff. This module reads and writes it; what a valid
 * release is (tags, digests, which images) is the model's (lib/model/validate-delivery.ts).
 */

/** Each environment's release: environment → image name → release. */
export type ReleaseFile = Readonly<Record<string, Readonly<Record<string, ImageRelease>>>>;

/** A problem in a release file, with where it is. */
export interface ReleaseProblem {
  readonly file: string;
  readonly line?: number;
  /** `prod.backend.tag`. */
  readonly path: string;
  readonly message: string;
}

/** Every problem of every release file at once. */
export class ReleaseFileError extends InputError {
  constructor(readonly problems: readonly ReleaseProblem[]) {
    super(
      [
        `invalid releases (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map((p) => `  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.path ? `${p.path}: ` : ''}${p.message}`),
      ].join('\n'),
    );
    this.name = 'ReleaseFileError';
  }
}

const FIELDS: Record<keyof ImageRelease, string> = {
  tag: 'the tag CI built (quote it if it looks like a number: "2.0")',
  digest: 'sha256:<64 hex digits>',
  notDocumented: 'why this is not a real release yet',
};

const HEADER = [
  '# The tag (and digest) of each image the team builds, per environment. The charts name the repositories.',
  '# Written by `berth release` and `berth promote`, which rewrite it sorted (comments other than these are not kept).',
];

export function releaseFilePath(dir: string, systemId: string): string {
  return path.join(dir, `${systemId}.yaml`);
}

/** The file's text: sorted, the same release always the same bytes. */
export function formatReleaseFile(release: ReleaseFile): string {
  const body = Object.keys(release).length === 0 ? '' : toYaml(release);
  return `${HEADER.join('\n')}\n${body}`;
}

export function writeReleaseFile(dir: string, systemId: string, release: ReleaseFile): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(releaseFilePath(dir, systemId), formatReleaseFile(release));
}

/** One file's release, or its problems (YAML syntax, or a shape other than environment → image → fields). */
export function parseReleaseFile(text: string, file: string): { readonly release: ReleaseFile; readonly problems: readonly ReleaseProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: ReleaseProblem[] = [];
  const add = (node: Node | null | undefined, at: string, message: string) =>
    problems.push({ file, line: node?.range ? lines.linePos(node.range[0]).line : undefined, path: at, message });
  for (const e of doc.errors) problems.push({ file, line: e.linePos?.[0].line, path: '', message: e.message.split('\n')[0] });
  if (problems.length > 0 || doc.contents === null) return { release: {}, problems };
  if (!isMap(doc.contents)) {
    add(doc.contents, '', 'expected environments, each a map of image name to { tag, digest, notDocumented }');
    return { release: {}, problems };
  }
  const release: Record<string, Record<string, ImageRelease>> = {};
  for (const envPair of doc.contents.items) {
    const env = String(isScalar(envPair.key) ? envPair.key.value : envPair.key);
    release[env] = {};
    if (envPair.value === null) continue;
    if (!isMap(envPair.value)) {
      add(envPair.value as Node, env, 'expected a map of image name to { tag, digest, notDocumented }');
      continue;
    }
    for (const imagePair of envPair.value.items) {
      const image = String(isScalar(imagePair.key) ? imagePair.key.value : imagePair.key);
      const parsed = parseEntry(imagePair.value as Node | null, `${env}.${image}`, add);
      if (parsed !== undefined) release[env][image] = parsed;
    }
  }
  return { release, problems };
}

function parseEntry(node: Node | null, at: string, add: (node: Node | null | undefined, at: string, message: string) => void): ImageRelease | undefined {
  if (!isMap(node)) {
    add(node, at, `expected { tag, digest, notDocumented }${isSeq(node) ? ', not a list' : ''}`);
    return undefined;
  }
  const entry: Record<string, string> = {};
  const fields = new Set<string>();
  for (const pair of node.items) {
    const field = String(isScalar(pair.key) ? pair.key.value : pair.key);
    fields.add(field);
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (!(field in FIELDS)) add(pair.key as Node, `${at}.${field}`, `unknown field (fields: ${Object.keys(FIELDS).join(', ')})`);
    else if (typeof value !== 'string')
      add((pair.value as Node) ?? (pair.key as Node), `${at}.${field}`, `${JSON.stringify(value ?? null)} is not text: ${FIELDS[field as keyof ImageRelease]}`);
    else entry[field] = value;
  }
  if (entry.tag === undefined) {
    if (!fields.has('tag')) add(node, `${at}.tag`, `missing: ${FIELDS.tag}`);
    return undefined;
  }
  return { tag: entry.tag, ...(entry.digest !== undefined ? { digest: entry.digest } : {}), ...(entry.notDocumented !== undefined ? { notDocumented: entry.notDocumented } : {}) };
}

/**
 * The release files in `dir` of the given systems (a system without one has no releases yet), and a problem
 * for each file that names no system. Throws ReleaseFileError with every problem of every file.
 */
export function readReleaseFiles(dir: string, systemIds: readonly string[]): ReadonlyMap<string, ReleaseFile> {
  const problems: ReleaseProblem[] = [];
  const files = new Map<string, ReleaseFile>();
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  for (const name of present.sort()) {
    const id = name.slice(0, -'.yaml'.length);
    const file = path.join(path.basename(dir), name);
    if (!systemIds.includes(id)) {
      problems.push({ file, path: '', message: `names no system (systems: ${[...systemIds].sort().join(', ')}); rename or delete it` });
      continue;
    }
    const parsed = parseReleaseFile(fs.readFileSync(path.join(dir, name), 'utf8'), file);
    problems.push(...parsed.problems);
    files.set(id, parsed.release);
  }
  if (problems.length > 0) throw new ReleaseFileError(problems);
  return files;
}

/**
 * The systems with each environment's release from its file. An environment the system does not have is a
 * problem (a typo would otherwise leave a release unused); what the entries say is validated with the system.
 */
export function withReleases(systems: readonly System[], releases: ReadonlyMap<string, ReleaseFile>, dirName = 'releases'): System[] {
  const problems: ReleaseProblem[] = [];
  const result = systems.map((system) => {
    const file = releases.get(system.id) ?? {};
    for (const env of Object.keys(file).sort()) {
      if (system.environments[env] === undefined) {
        problems.push({
          file: path.join(dirName, `${system.id}.yaml`),
          path: env,
          message: `${system.id} has no environment ${env} (environments: ${Object.keys(system.environments).sort().join(', ')})`,
        });
      }
    }
    const environments = Object.fromEntries(Object.entries(system.environments).map(([env, e]) => [env, file[env] === undefined ? e : { ...e, release: file[env] }]));
    return { ...system, environments };
  });
  if (problems.length > 0) throw new ReleaseFileError(problems);
  return result;
}

/** `readReleaseFiles` then `withReleases`: the systems as synth sees them. */
export function loadReleases(systems: readonly System[], dir: string): System[] {
  return withReleases(
    systems,
    readReleaseFiles(
      dir,
      systems.map((s) => s.id),
    ),
    path.basename(dir),
  );
}
