import { GATE } from './defaults';
import { imageName, isValidDigest, isValidTag, parseImageReference, parseRepository, registryOf } from './image-reference';
import { pullSecretName } from './names';
import { PLACEHOLDERS, placeholderProblems } from './placeholders';
import { type ProblemList, show } from './problems';
import { builtImageOf, builtImages, imagesNeededIn, podContainers, releaseCommand } from './release';
import type { ClusterDestination, ImageRelease, RegistryCredentials, System } from './types';
import { known } from './problems';

/**
 * How a system is delivered, checked with its description: the repositories of the images the team builds,
 * each environment's release of them, the registries it has credentials for, and where Argo CD deploys it.
 */
export function checkDelivery(system: System, envNames: readonly string[], problems: ProblemList): void {
  checkBuiltImages(system, problems);
  const registries = registriesUsed(system);
  checkRegistries(system, 'registries', system.registries ?? {}, registries, problems);
  for (const env of envNames) {
    const environment = system.environments[env];
    checkRelease(system, env, problems);
    checkRegistries(system, `environments.${env}.registries`, environment.registries ?? {}, registries, problems);
    if (environment.destination !== undefined) checkDestination(`environments.${env}.destination`, environment.destination, problems);
  }
}

/** A built image names a repository only (the tag is the release's), and one name means one repository. */
function checkBuiltImages(system: System, problems: ProblemList): void {
  const images = builtImages(system);
  for (const container of Object.keys(system.services)
    .sort()
    .flatMap((name) => podContainers(name, system.services[name]))) {
    const built = builtImageOf(container);
    if (built === undefined) continue;
    const at = `${container.at}.image.repository`;
    const withTag = parseImageReference(built.repository);
    if ('reference' in withTag && (withTag.reference.tag !== undefined || withTag.reference.digest !== undefined)) {
      problems.add(at, `${show(built.repository)} names a tag or digest: name the repository only; each environment's tag is its release's (berth release)`);
      continue;
    }
    const parsed = parseRepository(built.repository);
    if ('problem' in parsed) problems.add(at, `${show(built.repository)}: ${parsed.problem}`);
    const other = images.get(imageName(built.repository));
    if (other !== undefined && other.repository !== built.repository) {
      problems.add(
        at,
        `${show(built.repository)} ends in ${show(other.name)}, like ${show(other.repository)} (${other.services.join(', ')}): a release names an image by its last segment, so give them different ones`,
      );
    }
  }
}

/** Every image a deployed service builds has a release in this environment; every entry is a valid one. */
function checkRelease(system: System, env: string, problems: ProblemList): void {
  const release = system.environments[env].release ?? {};
  const at = `environments.${env}.release`;
  const images = builtImages(system);
  for (const image of imagesNeededIn(system, env)) {
    if (release[image.name] === undefined) {
      problems.add(
        `${at}.${image.name}`,
        `no release of ${image.repository} (run by ${image.services.join(', ')}): ${releaseCommand(system.id, env, image.name, system.environments[env].production === true)}`,
      );
    }
  }
  for (const name of Object.keys(release).sort()) {
    if (!images.has(name)) problems.add(`${at}.${name}`, `no service runs an image named ${show(name)} (${known(images.keys())})`);
    else checkImageRelease(`${at}.${name}`, release[name], problems);
  }
}

export function checkImageRelease(at: string, release: ImageRelease, problems: ProblemList): void {
  if (release.tag === 'latest') problems.add(`${at}.tag`, '"latest" is not a release: name the tag CI built (and its digest)');
  else if (!isValidTag(release.tag)) problems.add(`${at}.tag`, `${show(release.tag)} is not a tag (letters, digits, "_", "." and "-", at most 128)`);
  if (release.digest !== undefined && !isValidDigest(release.digest)) problems.add(`${at}.digest`, `${show(release.digest)} is not sha256:<64 lowercase hex digits>`);
  if (release.notDocumented !== undefined && release.notDocumented.trim().length < 10) {
    problems.add(`${at}.notDocumented`, 'say what is not documented (at least 10 characters), or leave it out for a real release');
  }
}

/** The registries any image of the system is pulled from, in any environment: main images, checks and gates. */
function registriesUsed(system: System): Set<string> {
  const used = new Set<string>();
  const add = (image: string) => {
    const registry = registryOf(image);
    if (registry !== undefined) used.add(registry);
  };
  for (const [name, svc] of Object.entries(system.services)) {
    for (const container of podContainers(name, svc)) {
      const built = builtImageOf(container);
      if (built !== undefined) {
        const parsed = parseRepository(built.repository);
        if ('reference' in parsed) used.add(parsed.reference.registry);
      } else add(container.image as string);
    }
    if (svc.healthCheck?.remote) add(svc.healthCheck.remote.image);
    if (Object.keys(svc.dependsOn ?? {}).length > 0) add(GATE.image);
  }
  return used;
}

function checkRegistries(system: System, at: string, registries: Readonly<Record<string, RegistryCredentials>>, used: ReadonlySet<string>, problems: ProblemList): void {
  for (const registry of Object.keys(registries).sort()) {
    const credentials = registries[registry];
    const path = `${at}.${registry}`;
    if (!used.has(registry)) problems.add(path, `no image of ${system.id} is pulled from ${show(registry)} (registries it pulls from: ${[...used].sort().join(', ')})`);
    for (const message of placeholderProblems(credentials.remoteKey, PLACEHOLDERS.secretKey)) problems.add(`${path}.remoteKey`, message);
    const clash = Object.keys(system.secrets ?? {}).find((s) => s === pullSecretName(registry));
    if (clash !== undefined) problems.add(path, `its pull Secret is named ${show(clash)}, like secrets.${clash}; rename that secret`);
  }
}

function checkDestination(at: string, destination: ClusterDestination, problems: ProblemList): void {
  if ('name' in destination) {
    if (destination.name.trim() === '') problems.add(`${at}.name`, "name the cluster as it is registered in Argo CD (`argocd cluster list`; Argo CD's own is in-cluster)");
  } else if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(destination.server)) {
    problems.add(`${at}.server`, `${show(destination.server)} is not an API server URL (https://host[:port])`);
  }
}
