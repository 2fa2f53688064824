import type { DeliverySettings } from '../constructs/delivery';
import { InvalidSystemError } from '../model/problems';
import { imagesNeededIn, releaseCommand } from '../model/release';
import { resolveEnvironment } from '../model/resolve';
import type { ImageRelease, System } from '../model/types';
import { validateSystem } from '../model/validate';
import { runSynth } from '../run-synth';
import { InvalidDescriptionError, resolveDeliverable } from '../synthesize';
import { findImage, parseAssignments, productionProblems } from './assignments';
import { readReleaseFiles, type ReleaseFile, withReleases, writeReleaseFile } from './file';

/**
 * `berth release` and `berth promote`: change one system's release file, then synthesize, so CI (or a person)
 * commits the release and its dist/ together. Every argument is checked before anything is written: a
 * rejected reference, or a release that would leave the description invalid, changes nothing.
 */

/** What the commands work on: the charts, where their releases are, and where dist/ goes. */
export interface ReleaseContext {
  readonly charts: readonly System[];
  readonly releasesDir: string;
  readonly delivery: DeliverySettings;
  readonly outdir: string;
  readonly log: Pick<Console, 'log' | 'error'>;
}

/** A release as a reviewer reads it: `2.0.1@sha256:…`, `(not documented)` when it is not a real one. */
export function describeRelease(release: ImageRelease | undefined): string {
  if (release === undefined) return '(none)';
  return `${release.tag}${release.digest === undefined ? '' : `@${release.digest}`}${release.notDocumented === undefined ? '' : ' (not documented)'}`;
}

function findSystem(ctx: ReleaseContext, id: string, envs: readonly string[]): { system: System; problems: string[] } | undefined {
  const system = ctx.charts.find((s) => s.id === id);
  if (system === undefined) {
    ctx.log.error(`unknown system ${JSON.stringify(id)} (systems: ${ctx.charts.map((s) => s.id).join(', ')})`);
    return undefined;
  }
  const known = Object.keys(system.environments).sort();
  const problems = envs.filter((e) => !known.includes(e)).map((e) => `${id} has no environment ${JSON.stringify(e)} (environments: ${known.join(', ')})`);
  return { system, problems };
}

/** `berth release <system> <env> <service>=<ref>...`: records what CI built. Returns the exit code. */
export function recordRelease(ctx: ReleaseContext, systemId: string, env: string, args: readonly string[]): number | Promise<number> {
  const found = findSystem(ctx, systemId, [env]);
  if (found === undefined) return 1;
  if (found.problems.length > 0) return reject(ctx, `${systemId}/${env}`, found.problems);
  const { releases, problems } = parseAssignments(found.system, env, args);
  if (problems.length > 0) return reject(ctx, `${systemId}/${env}`, problems);
  const files = readReleaseFiles(
    ctx.releasesDir,
    ctx.charts.map((s) => s.id),
  );
  const current = files.get(systemId) ?? {};
  const updates = Object.fromEntries([...releases].map(([image, release]) => [image.name, release]));
  const result = commit(ctx, files, systemId, { ...current, [env]: { ...current[env], ...updates } }, env, Object.keys(updates), current[env] ?? {});
  return afterwards(result, unpinnedNote(ctx, found.system, env, Object.keys(updates), updates));
}

/** `berth promote <system> <from> <to> [services...]`: copies releases from one environment to another. */
export function promote(ctx: ReleaseContext, systemId: string, from: string, to: string, names: readonly string[]): number | Promise<number> {
  const found = findSystem(ctx, systemId, [from, to]);
  if (found === undefined) return 1;
  const { system } = found;
  const problems = found.problems.length > 0 || from !== to ? [...found.problems] : [`promote from one environment to another, not ${from} to itself`];
  if (problems.length > 0) return reject(ctx, `${systemId}: ${from} → ${to}`, problems);
  const files = readReleaseFiles(
    ctx.releasesDir,
    ctx.charts.map((s) => s.id),
  );
  const current = files.get(systemId) ?? {};
  const source = current[from] ?? {};
  const images = names.length > 0 ? names.map((n) => ({ n, found: findImage(system, n) })) : imagesNeededIn(system, to).map((image) => ({ n: image.name, found: { image } }));
  const updates: Record<string, ImageRelease> = {};
  for (const { n, found: f } of images) {
    if ('problem' in f) problems.push(`${n}: ${f.problem}`);
    else if (source[f.image.name] === undefined) {
      if (names.length > 0) problems.push(`${n}: ${from} has no release of ${f.image.name}; ${releaseCommand(systemId, from, f.image.name)}`);
    } else {
      problems.push(...productionProblems(system, to, f.image, source[f.image.name]).map((p) => `${n}: ${p}: release a built image to ${from} first`));
      updates[f.image.name] = source[f.image.name];
    }
  }
  if (problems.length > 0) return reject(ctx, `${systemId}: ${from} → ${to}`, problems);
  const result = commit(ctx, files, systemId, { ...current, [to]: { ...current[to], ...updates } }, to, Object.keys(updates), current[to] ?? {});
  return afterwards(result, unpinnedNote(ctx, system, to, Object.keys(updates), updates));
}

function reject(ctx: ReleaseContext, what: string, problems: readonly string[]): number {
  ctx.log.error([`${what}: rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}), nothing written:`, ...problems.map((p) => `  ${p}`)].join('\n'));
  return 1;
}

/** Every problem of the description with these releases, one line each (`system: path: message`). */
function problemsWith(ctx: ReleaseContext, releases: ReadonlyMap<string, ReleaseFile>): { systems: System[]; problems: string[] } {
  const systems = withReleases(ctx.charts, releases);
  try {
    resolveDeliverable(systems, ctx.delivery);
    return { systems, problems: [] };
  } catch (err) {
    if (!(err instanceof InvalidDescriptionError)) throw err;
    return { systems, problems: err.errors.flatMap((e) => e.problems.map((p) => `${e.systemId}: ${p.path}: ${p.message}`)) };
  }
}

/**
 * Prints what changes, writes the release file and synthesizes. A release that adds a problem to the description
 * (another image of the environment left without a release) writes nothing. One that leaves only problems that were
 * there before (a new system whose other environments have no release yet) is recorded, and dist/ waits for them.
 */
function commit(
  ctx: ReleaseContext,
  files: ReadonlyMap<string, ReleaseFile>,
  systemId: string,
  next: ReleaseFile,
  env: string,
  changed: readonly string[],
  before: Readonly<Record<string, ImageRelease>>,
): number | Promise<number> {
  const earlier = new Set(problemsWith(ctx, files).problems);
  const { systems, problems } = problemsWith(ctx, new Map(files).set(systemId, next));
  const added = problems.filter((p) => !earlier.has(p));
  if (added.length > 0) return reject(ctx, `${systemId}/${env}`, added);
  const lines = [...changed].sort().map((name) => {
    const [was, now] = [describeRelease(before[name]), describeRelease(next[env][name])];
    return `  ${name}: ${was === now ? `already ${was}` : `${was} → ${now}`}`;
  });
  ctx.log.log([`${systemId}/${env}:`, ...lines].join('\n'));
  if (lines.every((l) => l.includes(': already '))) {
    ctx.log.log('nothing changes.');
    return 0;
  }
  writeReleaseFile(ctx.releasesDir, systemId, next);
  if (problems.length > 0) {
    ctx.log.error([`recorded in ${systemId}.yaml; dist/ is written once the description is valid:`, ...problems.map((p) => `  ${p}`)].join('\n'));
    return 1;
  }
  return runSynth(systems, ctx.delivery, ctx.outdir, ctx.log);
}

/**
 * `berth release --check <system> <env>`: exits 1 while any image the environment runs is no real release, and
 * lists each with its services, why, and the command that fixes it; a gate before enabling prod.
 */
export function checkRelease(ctx: ReleaseContext, systems: readonly System[], systemId: string, env: string): number {
  const found = findSystem({ ...ctx, charts: systems }, systemId, [env]);
  if (found === undefined) return 1;
  if (found.problems.length > 0) return reject(ctx, `${systemId}/${env}`, found.problems);
  let release;
  try {
    validateSystem(found.system);
    release = resolveEnvironment(found.system, env).release;
  } catch (err) {
    if (!(err instanceof InvalidSystemError)) throw err;
    ctx.log.error(err.message);
    return 1;
  }
  const production = found.system.environments[env].production === true;
  const pending = release.filter((i) => i.pending.length > 0);
  if (pending.length === 0) {
    const lines = release.map((i) => `  ${i.name}: ${i.reference}${i.reference.includes('@sha256:') ? '' : ' (tag only: a digest would pin the exact image)'}`);
    ctx.log.log([`${systemId}/${env}: release complete; Argo CD syncs it automatically`, ...lines].join('\n'));
    return 0;
  }
  const lines = pending.flatMap((i) => [
    `  ${i.name} (${i.services.join(', ')}): ${i.reference}`,
    ...i.pending.map((r) => `    ${r}`),
    `    then: ${releaseCommand(systemId, env, i.name, production)}`,
  ]);
  const what = production ? 'a real release pinned by digest, as a production environment needs to sync by itself' : 'a real release yet';
  ctx.log.error([`${systemId}/${env}: ${pending.length} of ${release.length} images are not ${what}; Argo CD syncs it only by hand:`, ...lines].join('\n'));
  return 1;
}

/**
 * After a release to a production environment: the images it named without a digest, which keep the
 * environment synced by hand. Printed once the command has done its work.
 */
function unpinnedNote(ctx: ReleaseContext, system: System, env: string, released: readonly string[], releases: Readonly<Record<string, ImageRelease>>) {
  return (code: number): number => {
    const unpinned = released.filter((name) => releases[name]?.digest === undefined);
    if (code === 0 && system.environments[env]?.production === true && unpinned.length > 0) {
      ctx.log.log(
        `${system.id}/${env} is a production environment: ${unpinned.join(', ')} ${unpinned.length === 1 ? 'names' : 'name'} no digest, so Argo CD syncs it only by hand until ${unpinned.length === 1 ? 'it is' : 'they are'} released pinned (${releaseCommand(system.id, env, unpinned[0], true)})`,
      );
    }
    return code;
  };
}

/** Runs `then` on the exit code, whether it is ready or still to come. */
function afterwards(result: number | Promise<number>, then: (code: number) => number): number | Promise<number> {
  return typeof result === 'number' ? then(result) : result.then(then);
}
