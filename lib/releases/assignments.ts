import { parseImageReference, parseRepository } from '../model/image-reference';
import { kubeName } from '../model/names';
import { ProblemList } from '../model/problems';
import { type BuiltImageUse, builtImages, pendingReasons } from '../model/release';
import type { ImageRelease, System } from '../model/types';
import { checkImageRelease } from '../model/validate-delivery';

/**
 * `<service>=<ref>` as `berth release` and `berth promote` take them. A service is named by its compose or
 * Kubernetes name, or by the image it runs (`backend` for every service of `.../backend`): services that run one
 * repository run one release. A reference is a tag (`2.0.1`), a tag and digest (`2.0.1@sha256:…`), or the
 * full reference CI pushed (`registry.example.com/team/backend:2.0.1@sha256:…`), whose repository must be the
 * chart's.
 */

/** The built image a name means: an image's own name, or a service that runs one. */
export function findImage(system: System, name: string): { readonly image: BuiltImageUse } | { readonly problem: string } {
  const images = builtImages(system);
  const direct = images.get(name);
  if (direct !== undefined) return { image: direct };
  const viaService = [...images.values()].find((i) => i.services.some((s) => s === name || kubeName(s) === name));
  if (viaService !== undefined) return { image: viaService };
  const listing = [...images.values()].map((i) => `${i.name} (${i.services.map(kubeName).join(', ')})`).join('; ');
  const runs = system.services[name] !== undefined ? `${name} runs a third-party image the chart pins, not one the team builds; ` : '';
  return { problem: `unknown service ${JSON.stringify(name)}: ${runs}the images ${system.id} builds are ${listing || 'none'}` };
}

/** The release a reference names for one image, or why it is not one. */
export function parseRelease(image: BuiltImageUse, ref: string): { readonly release: ImageRelease } | { readonly problem: string } {
  const example = `${image.name}=<tag>@sha256:<digest>`;
  if (ref.startsWith('sha256:')) return { problem: `a digest alone says nothing to a reviewer: give the tag too (${example})` };
  let release: ImageRelease;
  if (/^[^/:@]+(@.*)?$/.test(ref)) {
    // A tag, maybe with a digest: the chart's repository.
    const [tag, digest] = ref.split('@', 2);
    release = { tag, ...(digest !== undefined ? { digest } : {}) };
  } else {
    const parsed = parseImageReference(ref);
    if ('problem' in parsed) return { problem: `malformed reference: ${parsed.problem}` };
    const chart = parseRepository(image.repository);
    const same = 'reference' in chart && chart.reference.registry === parsed.reference.registry && chart.reference.path === parsed.reference.path;
    if (!same) return { problem: `names repository ${parsed.reference.repository}, but ${image.name} is ${image.repository} (its chart): release the image its chart names` };
    if (parsed.reference.tag === undefined) return { problem: `unpinned: no tag; name the tag CI built, and preferably its digest (${example})` };
    release = { tag: parsed.reference.tag, ...(parsed.reference.digest !== undefined ? { digest: parsed.reference.digest } : {}) };
  }
  const problems = new ProblemList();
  checkImageRelease('', release, problems);
  if (problems.all.length > 0) return { problem: problems.all.map((p) => p.message).join('; ') };
  return { release };
}

/**
 * The releases `<service>=<ref>` arguments name for one environment, or every problem with them: malformed,
 * unpinned, unknown services, and (in a production environment) images that are no real release.
 */
export function parseAssignments(
  system: System,
  env: string,
  args: readonly string[],
): { readonly releases: ReadonlyMap<BuiltImageUse, ImageRelease>; readonly problems: readonly string[] } {
  const releases = new Map<BuiltImageUse, ImageRelease>();
  const problems: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      problems.push(`${arg}: expected <service>=<ref>, e.g. backend=2.0.1@sha256:<digest>`);
      continue;
    }
    const found = findImage(system, arg.slice(0, eq));
    if ('problem' in found) {
      problems.push(`${arg}: ${found.problem}`);
      continue;
    }
    const parsed = parseRelease(found.image, arg.slice(eq + 1));
    if ('problem' in parsed) problems.push(`${arg}: ${parsed.problem}`);
    else if ([...releases.keys()].some((image) => image.name === found.image.name)) problems.push(`${arg}: ${found.image.name} is named twice`);
    else {
      problems.push(...productionProblems(system, env, found.image, parsed.release).map((p) => `${arg}: ${p}`));
      releases.set(found.image, parsed.release);
    }
  }
  return { releases, problems };
}

/** A production environment takes real releases only: no placeholder registry, no tag marked not documented. */
export function productionProblems(system: System, env: string, image: BuiltImageUse, release: ImageRelease): string[] {
  if (system.environments[env]?.production !== true) return [];
  return pendingReasons(image.repository, release).map((reason) => `${env} is a production environment, and ${reason}`);
}
