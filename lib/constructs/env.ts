import { createHash } from 'crypto';
import type { EnvVar } from '../../imports/k8s';
import { configMapName } from '../model/names';
import type { ResolvedEnvVar, ResolvedService } from '../model/resolve';

/**
 * Plain values, sorted by key: the data of the service's ConfigMap. A sidecar's are keyed `<sidecar>.<VAR>`, so
 * two containers of the pod may give one variable different values.
 */
export function plainConfig(svc: ResolvedService): Record<string, string> {
  const plain = (vars: readonly ResolvedEnvVar[], prefix: string) =>
    vars.filter((e) => e.value.kind === 'plain').map((e): [string, string] => [`${prefix}${e.name}`, (e.value as { value: string }).value]);
  const entries = [...plain(svc.env, ''), ...svc.sidecars.flatMap((s) => plain(s.env, `${s.name}.`))];
  return Object.fromEntries(svc.sidecars.length > 0 ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries);
}

/** The configuration files of every container of the pod, by ConfigMap key: the data of the files ConfigMap. */
export function podConfigFiles(svc: ResolvedService): ResolvedService['configFiles'] {
  return [...svc.configFiles, ...svc.sidecars.flatMap((s) => s.configFiles)];
}

/**
 * A pod-template annotation that changes whenever the configuration does: editing a ConfigMap alone does not
 * restart the pods that read it at start-up, a changed template does.
 */
export function configChecksum(data: Record<string, string>, files: readonly { key: string; content: string }[] = []): string {
  return createHash('sha256')
    .update(JSON.stringify([data, files]))
    .digest('hex');
}

/**
 * Container env: plain values from the service's ConfigMap (under `key(name)`), credentials from their Secret,
 * never a literal value.
 */
export function containerEnv(service: string, vars: readonly ResolvedEnvVar[], key: (name: string) => string = (name) => name): EnvVar[] {
  return vars.map((v) =>
    v.value.kind === 'secret'
      ? { name: v.name, valueFrom: { secretKeyRef: { name: v.value.secret, key: v.value.key } } }
      : { name: v.name, valueFrom: { configMapKeyRef: { name: configMapName(service), key: key(v.name) } } },
  );
}

/** Env of a client gate: credentials by reference, plain values inline (they are not secret). */
export function inlineEnv(vars: readonly ResolvedEnvVar[]): EnvVar[] {
  return vars.map((v) =>
    v.value.kind === 'secret' ? { name: v.name, valueFrom: { secretKeyRef: { name: v.value.secret, key: v.value.key } } } : { name: v.name, value: v.value.value },
  );
}
