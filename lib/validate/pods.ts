// Type-only: the wire-format pod types (kubernetes-types: type definitions, nothing at run time).
import type { Container as V1Container, PodSpec as V1PodSpec, PodTemplateSpec as V1PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LoadedObject } from './manifests';

/** Kinds that carry a pod template, and where it is. */
export function podTemplateOf(o: LoadedObject): { path: string; template: V1PodTemplateSpec } | undefined {
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return o.body.spec?.template ? { path: 'spec.template', template: o.body.spec.template } : undefined;
    case 'CronJob':
      return o.body.spec?.jobTemplate?.spec?.template ? { path: 'spec.jobTemplate.spec.template', template: o.body.spec.jobTemplate.spec.template } : undefined;
    case 'Pod':
      return { path: '', template: { metadata: o.body.metadata, spec: o.body.spec } };
    default:
      return undefined;
  }
}

/** Every container of a pod spec with its field path, init containers included. */
export function containersOf(spec: Partial<V1PodSpec> | undefined, base: string): { path: string; container: V1Container; init: boolean }[] {
  const list = (field: 'initContainers' | 'containers' | 'ephemeralContainers', init: boolean) =>
    ((spec?.[field] ?? []) as V1Container[]).map((container, i) => ({ path: `${base}.${field}[${i}]`, container, init }));
  return [...list('initContainers', true), ...list('containers', false), ...list('ephemeralContainers', true)];
}

/** Label selector semantics for matchLabels (all berth selectors use only matchLabels). */
export function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
