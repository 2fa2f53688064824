/**
 * Image references as the container runtime reads them (distribution/reference's grammar): `[registry/]path[:tag][@digest]`.
 * A release must name a tag (a reviewer reads `2.0.1`, not a hash) and preferably a digest (the exact image,
 * even if the tag is pushed again); berth accepts sha256 digests, the only algorithm registries issue.
 */

/** Where Docker Hub images come from when a reference names no registry. */
export const DOCKER_HUB = 'docker.io';

/** A parsed reference: the registry settled (Docker Hub when none is named), the repository as written. */
export interface ImageReference {
  /** `registry.kareonecompany.com`, `localhost:5000`, or `docker.io` when the reference names none. */
  readonly registry: string;
  /** The repository as written, registry included when the reference names one: `ghcr.io/acme/web`, `redis`. */
  readonly repository: string;
  /** The path within the registry, `library/` dropped on Docker Hub: what two spellings of one repository share. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOCKER_HUB_ALIASES = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** The first path component names a registry when it looks like a host: a dot, a port, or `localhost`. */
function isRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

function isDomain(domain: string): boolean {
  const [host, port, ...rest] = domain.split(':');
  if (rest.length > 0 || (port !== undefined && !/^\d{1,5}$/.test(port))) return false;
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** A repository without tag or digest, or what is wrong with it. */
export function parseRepository(text: string): { readonly reference: ImageReference } | { readonly problem: string } {
  const parts = text.split('/');
  const hasRegistry = parts.length > 1 && isRegistry(parts[0]);
  const registryText = hasRegistry ? parts[0] : DOCKER_HUB;
  const pathParts = hasRegistry ? parts.slice(1) : parts;
  if (hasRegistry && !isDomain(registryText)) return { problem: `registry "${registryText}" is not a host name (with an optional :port)` };
  const bad = pathParts.find((p) => !PATH_COMPONENT.test(p));
  if (bad !== undefined) {
    return { problem: `repository part "${bad}" may hold only lowercase letters, digits and single separators (".", "_", "__", "-")` };
  }
  if (text.length > 255) return { problem: `the repository is ${text.length} characters long; at most 255` };
  const registry = DOCKER_HUB_ALIASES.includes(registryText.toLowerCase()) ? DOCKER_HUB : registryText.toLowerCase();
  const joined = pathParts.join('/');
  const path = registry === DOCKER_HUB && !joined.includes('/') ? `library/${joined}` : joined;
  return { reference: { registry, repository: text, path } };
}

/** `repository[:tag][@digest]`, or what is wrong with it. A missing or `latest` tag is the caller's to judge. */
export function parseImageReference(text: string): { readonly reference: ImageReference } | { readonly problem: string } {
  if (text.trim() !== text || text === '') return { problem: 'an image reference has no spaces and is not empty' };
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const named = at >= 0 ? text.slice(0, at) : text;
  if (digest !== undefined && !DIGEST.test(digest)) return { problem: `digest "${digest}" is not sha256:<64 lowercase hex digits>` };
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  const repository = tag !== undefined ? named.slice(0, colon) : named;
  if (tag !== undefined && !TAG.test(tag)) return { problem: `tag "${tag}" may hold only letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")` };
  const parsed = parseRepository(repository);
  if ('problem' in parsed) return parsed;
  return { reference: { ...parsed.reference, tag, digest } };
}

/** Whether a tag is valid, for a release file's `tag` field. */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Whether a digest is one berth accepts (`sha256:` and 64 lowercase hex digits). */
export function isValidDigest(digest: string): boolean {
  return DIGEST.test(digest);
}

/** `repository:tag@digest`, as a pod names it. */
export function formatReference(repository: string, tag: string, digest?: string): string {
  return `${repository}:${tag}${digest === undefined ? '' : `@${digest}`}`;
}

/** The registry an image is pulled from (`docker.io` when it names none); `undefined` for a malformed reference. */
export function registryOf(image: string): string | undefined {
  const parsed = parseImageReference(image);
  return 'reference' in parsed ? parsed.reference.registry : undefined;
}

/** A repository's last segment: how a release names the image (`.../marketnavigator/backend` → `backend`). */
export function imageName(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}

/**
 * Host names reserved for documentation and tests (RFC 2606, RFC 6761): `example.com`, `example.net`,
 * `example.org` and their subdomains, and the `.example`, `.test`, `.invalid` and `.localhost` top-level
 * domains. An image there is a placeholder: no cluster can pull it.
 */
export function isPlaceholderRegistry(registry: string): boolean {
  const host = registry.split(':')[0].toLowerCase();
  const reserved = ['example.com', 'example.net', 'example.org'];
  const tlds = ['example', 'test', 'invalid', 'localhost'];
  return reserved.some((d) => host === d || host.endsWith(`.${d}`)) || tlds.some((t) => host.endsWith(`.${t}`));
}
