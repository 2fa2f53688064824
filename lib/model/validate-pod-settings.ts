import { isIP } from 'net';
import { isDns1035Label, isDns1123Label, kubeName } from './names';
import { type ProblemList, show } from './problems';
import { servicePorts } from './objects';
import { sysctlProblem } from './sysctls';
import type { Service, System } from './types';

/**
 * What compose sets on the container's surroundings: its host name and /etc/hosts entries, kernel parameters,
 * further DNS names and labels. Each is checked against what the API server accepts (names, IPs, annotation
 * keys) and what a berth namespace admits (sysctls), every problem at once.
 */
export function checkPodSettings(name: string, svc: Service, problems: ProblemList): void {
  const at = `services.${name}`;
  if (svc.hostname !== undefined && !isDns1123Label(svc.hostname)) {
    problems.add(`${at}.hostname`, `${show(svc.hostname)} is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)`);
  }
  (svc.hostAliases ?? []).forEach((h, i) => {
    if (h.ip === 'host-gateway') {
      problems.add(
        `${at}.hostAliases[${i}].ip`,
        `"host-gateway" is docker's address of its host; a pod has no such address: name the service by its address, or make it an external`,
      );
    } else if (isIP(h.ip) === 0) problems.add(`${at}.hostAliases[${i}].ip`, `${show(h.ip)} is not an IPv4 or IPv6 address`);
    if (h.hostnames.length === 0) problems.add(`${at}.hostAliases[${i}].hostnames`, 'name at least one host');
    h.hostnames.forEach((host, j) => {
      if (!isDns1123Subdomain(host)) problems.add(`${at}.hostAliases[${i}].hostnames[${j}]`, `${show(host)} is not a DNS-1123 subdomain (lowercase labels separated by ".")`);
    });
  });
  for (const [key, value] of Object.entries(svc.sysctls ?? {})) {
    const problem = sysctlProblem(key);
    if (problem) problems.add(`${at}.sysctls.${key}`, problem);
    if (typeof value !== 'string' || value.trim() === '') problems.add(`${at}.sysctls.${key}`, `${show(value)} must be the value as text ("1024", "0 65535")`);
  }
  checkAnnotations(`${at}.annotations`, svc.annotations ?? {}, problems);
  const serves = servicePorts(svc).length > 0 && (svc.kind === undefined || svc.kind === 'long-running' || svc.kind === 'per-node');
  if ((svc.aliases ?? []).length > 0 && !serves) {
    problems.add(`${at}.aliases`, 'an alias is a Service in front of the ports of a server; this service has none (a long-running or per-node service with ports)');
  }
  (svc.aliases ?? []).forEach((alias, i) => {
    if (!isDns1035Label(alias)) {
      problems.add(
        `${at}.aliases[${i}]`,
        `${show(alias)} is not a DNS-1035 label (a lowercase letter, then lowercase letters, digits and "-", at most 63): it is the Service name clients resolve, so it is used as written`,
      );
    }
  });
}

/**
 * Aliases are Service names in the namespace: none may be a service's own name, or another alias (two Services
 * of one name are one object; the later would silently take the name).
 */
export function checkAliases(system: System, problems: ProblemList): void {
  const owners = new Map<string, string>();
  for (const name of Object.keys(system.services).sort()) owners.set(kubeName(name), `service ${show(name)}`);
  for (const name of Object.keys(system.services).sort()) {
    (system.services[name].aliases ?? []).forEach((alias, i) => {
      const owner = owners.get(alias);
      if (owner !== undefined) problems.add(`services.${name}.aliases[${i}]`, `${show(alias)} is already the name of ${owner}; an alias needs a name of its own`);
      else owners.set(alias, `an alias of ${show(name)}`);
    });
  }
}

/** Reserved for what berth and Argo CD write: a label may never change a sync wave, a hook or a checksum. */
export const RESERVED_ANNOTATION_PREFIXES = ['berth.dev', 'argocd.argoproj.io', 'checksum'];

/** The API server's limit on all annotations of an object together. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function checkAnnotations(at: string, annotations: Readonly<Record<string, string>>, problems: ProblemList): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = annotationKeyProblem(key);
    if (keyProblem) problems.add(`${at}.${key}`, keyProblem);
    if (typeof value !== 'string') problems.add(`${at}.${key}`, `${show(value)} must be text; quote it`);
    else bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES / 2)
    problems.add(at, `${bytes} bytes of annotations; the API server takes at most ${ANNOTATIONS_MAX_BYTES} per object, berth's included: keep them under half`);
}

/** Why `key` cannot be an annotation key (Kubernetes' qualified name: `[prefix/]name`), or undefined. */
export function annotationKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `${show(key)} has more than one "/": an annotation key is [prefix/]name`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (!(name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name))) {
    return `${show(name)} is not an annotation name (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63)`;
  }
  if (prefix === undefined) return undefined;
  if (!isDns1123Subdomain(prefix)) return `prefix ${show(prefix)} is not a DNS-1123 subdomain (lowercase labels separated by ".")`;
  const reserved = RESERVED_ANNOTATION_PREFIXES.find((r) => prefix === r || prefix.endsWith(`.${r}`));
  if (reserved) return `${show(`${prefix}/`)} is reserved: berth writes ${reserved} annotations itself (sync waves, hooks, checksums, facts); leave it out or rename the key`;
  return undefined;
}

export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
}
