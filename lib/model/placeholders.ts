/**
 * One placeholder syntax for every value berth fills in: `{{berth.<name>}}`. Which names a field offers depends
 * on where it is (a config file knows the namespaces, a remote check its target's host and port, a secret-store
 * key the environment); `unknownPlaceholders` lets validation name any other.
 */

const PLACEHOLDER = /\{\{berth\.([A-Za-z]+)\}\}/g;

/** Replaces every known `{{berth.<name>}}` in `text`; unknown ones stay (validation reports them first). */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (match, name: string) => values[name] ?? match);
}

/** The placeholder names in `text` that are not among `allowed`. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !allowed.includes(name));
}

/** What is wrong with the placeholders of `text`, each as a message: unknown names, and the retired `{env}` forms. */
export function placeholderProblems(text: string, allowed: readonly string[]): string[] {
  const offer = allowed.map((p) => `{{berth.${p}}}`).join(', ');
  return [
    ...unknownPlaceholders(text, allowed).map((name) => `unknown placeholder {{berth.${name}}} (here: ${offer})`),
    ...[...text.matchAll(/\{(env|host|port)\}/g)].map((m) => `{${m[1]}} is not a placeholder; write {{berth.${m[1] === 'env' ? 'environment' : m[1]}}}`),
  ];
}

/** What each kind of field may name. */
export const PLACEHOLDERS = {
  /** Configuration files: the system's namespace and its host-access companion. */
  configFile: ['namespace', 'hostNamespace'],
  /** A remote health check: the dependency's Service name and first port. */
  remoteCheck: ['host', 'port'],
  /** A key in the secret store: the environment's name. */
  secretKey: ['environment'],
  /** A command or entrypoint: `maxmemory`, the store's share of this environment's memory limit (`384mb`). */
  command: ['maxmemory'],
} as const;
