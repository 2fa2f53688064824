/**
 * What the kubelet does to a container before it runs: resolve its environment (envFrom, then env in order,
 * each `value` expanded against the variables before it), expand `$(VAR)` in command and args, and expand exec
 * probe commands against the static env only. Ported from Kubernetes' third_party/forked/golang/expansion and
 * pkg/kubelet (makeEnvironmentVariables, ExpandContainerCommandAndArgs, ExpandContainerCommandOnlyStatic).
 */

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string };
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}

export interface Probe {
  exec?: { command?: string[] };
  timeoutSeconds?: number;
}

/** Where the values of a namespace's ConfigMaps and Secrets come from. */
export interface ValueSource {
  configMap(name: string): Record<string, string> | undefined;
  /**
   * The keys a Secret will have (from the ExternalSecret that materialises it); null when it exists but its
   * keys are not known here (an ExternalSecret's dataFrom), undefined when dist/ has no such Secret.
   */
  secretKeys(name: string): string[] | null | undefined;
  /** Stand-in for a Secret value: dist/ has none. Deterministic, so servers and their clients agree. */
  secretValue(name: string, key: string): string;
  field(fieldPath: string): string | undefined;
}

export function fakeSecretValue(name: string, key: string): string {
  return `test-${name}-${key}`;
}

/** expansion.Expand: `$(NAME)` → mapping(NAME) (unknown names stay as written), `$$` → `$`. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string;
      let advance: number;
      if (rest[0] === '$') {
        read = '$';
        advance = 1;
      } else if (rest[0] === '(') {
        const close = rest.indexOf(')', 1);
        if (close > 0) {
          const name = rest.slice(1, close);
          const value = lookup(name);
          read = value === undefined ? `$(${name})` : value;
          advance = close + 1;
        } else {
          read = '$(';
          advance = 1;
        }
      } else {
        read = `$${rest[0]}`;
        advance = 1;
      }
      out += read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

export interface ResolvedEnv {
  /** Name → value, in the order the kubelet sets them (later definitions replace earlier ones). */
  vars: Map<string, string>;
  /** Problems that would stop the container from starting (CreateContainerConfigError). */
  errors: string[];
}

export function resolveEnv(container: Container, source: ValueSource): ResolvedEnv {
  const vars = new Map<string, string>();
  const errors: string[] = [];
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const data = source.configMap(from.configMapRef.name);
      if (!data) {
        if (!from.configMapRef.optional) errors.push(`envFrom: ConfigMap ${from.configMapRef.name} not found`);
        continue;
      }
      for (const [k, v] of Object.entries(data)) vars.set(prefix + k, v);
    }
    if (from.secretRef) {
      // Keys not known here (dataFrom, or a Secret made outside dist/) set nothing a test could rely on.
      const keys = source.secretKeys(from.secretRef.name) ?? [];
      for (const k of keys) vars.set(prefix + k, source.secretValue(from.secretRef.name, k));
    }
  }
  for (const env of container.env ?? []) {
    if (env.valueFrom === undefined) {
      vars.set(
        env.name,
        expand(env.value ?? '', (n) => vars.get(n)),
      );
      continue;
    }
    const { configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef } = env.valueFrom;
    if (configMapKeyRef) {
      const value = source.configMap(configMapKeyRef.name)?.[configMapKeyRef.key];
      if (value === undefined) {
        if (!configMapKeyRef.optional) errors.push(`env ${env.name}: ConfigMap ${configMapKeyRef.name} has no key ${configMapKeyRef.key}`);
        continue;
      }
      vars.set(env.name, value);
    } else if (secretKeyRef) {
      const keys = source.secretKeys(secretKeyRef.name);
      if (keys && !keys.includes(secretKeyRef.key)) {
        if (!secretKeyRef.optional) errors.push(`env ${env.name}: Secret ${secretKeyRef.name} will have no key ${secretKeyRef.key}`);
        continue;
      }
      vars.set(env.name, source.secretValue(secretKeyRef.name, secretKeyRef.key));
    } else if (fieldRef) {
      const value = source.field(fieldRef.fieldPath);
      if (value === undefined) errors.push(`env ${env.name}: fieldRef ${fieldRef.fieldPath} not emulated`);
      else vars.set(env.name, value);
    } else if (resourceFieldRef) {
      vars.set(env.name, '0');
    }
  }
  return { vars, errors };
}

/**
 * The argv a container runs, `$(VAR)` expanded: `command` (replacing the image's ENTRYPOINT) followed by `args`
 * (replacing its CMD). Without `command` the image's entrypoint runs with args (else the image's CMD):
 * `imageEntrypoint` maps that to the argv it ends up exec'ing; without one, args alone.
 */
export function containerArgv(container: Container, env: Map<string, string>, imageEntrypoint?: (args: string[] | undefined) => string[]): string[] {
  const lookup = (n: string) => env.get(n);
  const args = container.args?.map((s) => expand(s, lookup));
  if (container.command) return [...container.command.map((s) => expand(s, lookup)), ...(args ?? [])];
  return imageEntrypoint ? imageEntrypoint(args) : (args ?? []);
}

/**
 * An exec probe's argv: the kubelet expands it against the container's `env` entries as written, so a
 * `valueFrom` variable expands to the empty string and envFrom variables not at all.
 */
export function probeArgv(container: Container, command: string[]): string[] {
  const statics = new Map<string, string>();
  for (const env of container.env ?? []) statics.set(env.name, env.value ?? '');
  return command.map((s) => expand(s, (n) => statics.get(n)));
}
