import { isDeployedIn } from './deployed';
import { formatReference, imageName, isPlaceholderRegistry, parseRepository } from './image-reference';
import type { BuiltImage, ImageRelease, Service, System } from './types';

/**
 * Releases: which tag of each image the team builds runs in each environment. The chart names the repository
 * (`image: { repository }`), the release names the tag and digest (`releases/<system>.yaml`). An environment
 * whose release is not complete (a placeholder registry, or a tag marked not documented) is never synced
 * automatically: nothing placeholder reaches a cluster by itself.
 */

/** One image the team builds, and the services that run it. */
export interface BuiltImageUse {
  /** The repository's last segment: what a release and `berth release` call it. */
  readonly name: string;
  readonly repository: string;
  /** Compose names of the services that run it, sorted. */
  readonly services: readonly string[];
}

/** The built image a container runs (a service's or a sidecar's), or undefined for a third-party one. */
export function builtImageOf(container: Pick<Service, 'image'>): BuiltImage | undefined {
  return typeof container.image === 'string' ? undefined : container.image;
}

/** The containers of a service's pod that run an image: the service, then its sidecars by name, each with its chart path. */
export function podContainers(name: string, svc: Service): { readonly at: string; readonly image: Service['image'] }[] {
  const sidecars = svc.sidecars ?? {};
  return [
    { at: `services.${name}`, image: svc.image },
    ...Object.keys(sidecars)
      .sort()
      .map((s) => ({ at: `services.${name}.sidecars.${s}`, image: sidecars[s].image })),
  ];
}

/**
 * Every image the system builds (services' and sidecars'), by name, sorted. Services that name one repository share its entry; two
 * repositories with one last segment are the first one's (validation reports the clash).
 */
export function builtImages(system: System): ReadonlyMap<string, BuiltImageUse> {
  const byName = new Map<string, { repository: string; services: string[] }>();
  for (const service of Object.keys(system.services).sort()) {
    for (const container of podContainers(service, system.services[service])) {
      const built = builtImageOf(container);
      if (built === undefined) continue;
      const name = imageName(built.repository);
      const entry = byName.get(name);
      if (entry === undefined) byName.set(name, { repository: built.repository, services: [service] });
      else if (entry.repository === built.repository && !entry.services.includes(service)) entry.services.push(service);
    }
  }
  return new Map([...byName.keys()].sort().map((name) => [name, { name, repository: byName.get(name)!.repository, services: byName.get(name)!.services }] as const));
}

/** The built images a service deployed in `env` runs: the entries its release must have. */
export function imagesNeededIn(system: System, env: string): BuiltImageUse[] {
  return [...builtImages(system).values()]
    .map((image) => ({ ...image, services: image.services.filter((s) => isDeployedIn(system, s, env)) }))
    .filter((image) => image.services.length > 0);
}

/** The reference a pod runs: the chart's repository with the release's tag and digest. */
export function releasedReference(repository: string, release: ImageRelease): string {
  return formatReference(repository, release.tag, release.digest);
}

/**
 * Why a released image is not a real release yet: a registry reserved for documentation, or a tag the release
 * marks not documented. Empty for a real release.
 */
export function pendingReasons(repository: string, release: ImageRelease): string[] {
  const parsed = parseRepository(repository);
  const registry = 'reference' in parsed ? parsed.reference.registry : repository;
  return [
    ...(isPlaceholderRegistry(registry) ? [`${registry} is a placeholder registry (reserved for documentation, RFC 2606): name the real repository in the chart`] : []),
    ...(release.notDocumented !== undefined ? [`tag ${release.tag} is marked not documented (${release.notDocumented})`] : []),
  ];
}

/**
 * Why a release does not let Argo CD sync the environment by itself: it is not a real release
 * (`pendingReasons`), or, in a production environment, it names a tag without its digest. A tag can be pushed
 * again; production syncs by itself only the exact image someone released, so it prunes and self-heals towards
 * nothing that changed under the same name. Empty when the environment may sync automatically.
 */
export function notAutomatedReasons(repository: string, release: ImageRelease, production: boolean): string[] {
  return [
    ...pendingReasons(repository, release),
    ...(production && release.digest === undefined
      ? [`tag ${release.tag} names no digest, and a production environment syncs by itself only images pinned by digest (a tag can be pushed again)`]
      : []),
  ];
}

/** `berth release <system> <env> <image>=<tag>`: the command that fixes a missing or pending release; production needs the digest. */
export function releaseCommand(systemId: string, env: string, image: string, production = false): string {
  return `berth release ${systemId} ${env} ${image}=<tag>${production ? '@sha256:<digest>' : '[@sha256:<digest>]'}`;
}
