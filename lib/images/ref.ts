/** An image reference split into the parts the catalog and the validate tables match on. */
export interface ImageRef {
  /** `docker.io` when the reference names no registry. */
  readonly registry: string;
  /** The repository with `library/` dropped on docker.io: `redis`, `bitnami/redis`, `minio/minio`. */
  readonly repository: string;
  /** `redis` for docker.io images, `quay.io/minio/minio` otherwise: what the tables are keyed by. */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

export function parseImage(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  if (DOCKER_HUB.includes(registry)) registry = 'docker.io';
  let repository = (hasRegistry ? parts.slice(1) : parts).join('/');
  if (registry === 'docker.io' && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, repository, name: registry === 'docker.io' ? repository : `${registry}/${repository}`, tag, digest };
}

/** Does the image match a table key: an exact name, or `owner/*` for every repository of a docker.io owner. */
export function imageMatches(image: ImageRef, key: string): boolean {
  return key.endsWith('/*') ? image.name.startsWith(key.slice(0, -1)) && image.name.length > key.length - 1 : image.name === key;
}
