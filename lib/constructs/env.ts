import { createHash } from 'crypto';
import type { EnvVar } from '../../imports/k8s';
import { configMapName } from '../model/names';
import type { ResolvedEnvVar, ResolvedService } from '../model/resolve';

/** Plain values, sorted by name: the data of the service's ConfigMap. */
export function plainConfig(svc: ResolvedService): Record<string, string> {
  return Object.fromEntries(svc.env.filter((e) => e.value.kind === 'plain').map((e) => [e.name, (e.value as { value: string }).value]));
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

/** Container env: plain values from the ConfigMap, credentials from their Secret, never a literal value. */
export function containerEnv(service: string, vars: readonly ResolvedEnvVar[]): EnvVar[] {
  return vars.map((v) =>
    v.value.kind === 'secret'
      ? { name: v.name, valueFrom: { secretKeyRef: { name: v.value.secret, key: v.value.key } } }
      : { name: v.name, valueFrom: { configMapKeyRef: { name: configMapName(service), key: v.name } } },
  );
}

/** Env of a client gate: credentials by reference, plain values inline (they are not secret). */
export function inlineEnv(vars: readonly ResolvedEnvVar[]): EnvVar[] {
  return vars.map((v) =>
    v.value.kind === 'secret' ? { name: v.name, valueFrom: { secretKeyRef: { name: v.value.secret, key: v.value.key } } } : { name: v.name, value: v.value.value },
  );
}
