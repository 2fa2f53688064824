/**
 * Compose names → Kubernetes names, in one place. Compose allows `_` in service and volume names; DNS does not.
 */

/** `crunchbase_api` → `crunchbase-api`. */
export function kubeName(composeName: string): string {
  return composeName.replace(/_/g, '-');
}

/** RFC 1035 label: what a Service name must be (starts with a letter). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: namespaces, claim names, label values we derive. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** IANA service name: what a named container port must be. */
export const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1035Label(name: string): boolean {
  return name.length <= 63 && DNS1035_LABEL.test(name);
}

export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

export function isIanaServiceName(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME.test(name) && !name.includes('--');
}

/**
 * Returns a function that rewrites compose host names inside a configuration value to their Kubernetes
 * Service names: `http://crunchbase_api:8003` → `http://crunchbase-api:8003`. A host is only recognised where a
 * URL or host:port puts one (after `//` or `@`, or as the whole value, followed by `:`, `/` or the end), so
 * words that merely contain a service name are left alone. One regular expression serves every name.
 */
export function hostRewriter(composeNames: readonly string[]): (value: string) => string {
  const renamed = composeNames.filter((n) => kubeName(n) !== n);
  if (renamed.length === 0) return (value) => value;
  // Longest first, so `api_v2` wins over `api` where both are services.
  const alternatives = [...renamed].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(^|//|@)(${alternatives.join('|')})(?=:|/|$)`, 'g');
  return (value) => value.replace(pattern, (_match, prefix: string, name: string) => `${prefix}${kubeName(name)}`);
}
