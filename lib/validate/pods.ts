// Type-only: the wire-format pod types (kubernetes-types: type definitions, nothing at run time).
import type { Container as V1Container, PodSpec as V1PodSpec, PodTemplateSpec as V1PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LoadedObject } from './manifests';

/** Kinds the runtime rules call workloads: they carry a pod template and an Argo CD sync wave. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

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

export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: string[] }[];
}

/** Full label selector semantics; an empty selector selects everything (as a NetworkPolicy podSelector). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/**
 * Which of `items` (pods, by their labels) a matchLabels selector selects, indexed once by namespace and label
 * so that a lookup reads the items sharing the selector's first label rather than every item. In `items` order.
 */
export function selectedBy<T>(items: readonly T[], namespaceOf: (item: T) => string | undefined, labelsOf: (item: T) => Record<string, string> | undefined) {
  const index = new Map<string, T[]>();
  for (const item of items) {
    for (const [k, v] of Object.entries(labelsOf(item) ?? {})) append(index, `${namespaceOf(item) ?? ''}\0${k}\0${v}`, item);
  }
  return (namespace: string | undefined, selector: Record<string, string> | undefined): T[] => {
    const [first] = Object.entries(selector ?? {});
    if (!first) return [];
    return (index.get(`${namespace ?? ''}\0${first[0]}\0${first[1]}`) ?? []).filter((item) => matches(selector, labelsOf(item)));
  };
}

/** Which of `items` (budgets, by their selectors) select pods with `labels`: the reverse of `selectedBy`. */
export function selecting<T>(items: readonly T[], namespaceOf: (item: T) => string | undefined, selectorOf: (item: T) => Record<string, string> | undefined) {
  const index = new Map<string, T[]>();
  for (const item of items) {
    const [first] = Object.entries(selectorOf(item) ?? {});
    if (first) append(index, `${namespaceOf(item) ?? ''}\0${first[0]}\0${first[1]}`, item);
  }
  return (namespace: string | undefined, labels: Record<string, string> | undefined): T[] =>
    Object.entries(labels ?? {}).flatMap(([k, v]) => (index.get(`${namespace ?? ''}\0${k}\0${v}`) ?? []).filter((item) => matches(selectorOf(item), labels)));
}

function append<T>(index: Map<string, T[]>, key: string, item: T): void {
  const list = index.get(key);
  if (list) list.push(item);
  else index.set(key, [item]);
}
