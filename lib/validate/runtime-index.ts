import type { Container as V1Container, PodSpec as V1PodSpec, PodTemplateSpec as V1PodTemplateSpec } from 'kubernetes-types/core/v1';
import { type Finding, type LoadedObject, objectId } from './manifests';
import { containersOf, type LabelSelector, matches, podTemplateOf, WORKLOAD_KINDS } from './pods';

export { type LabelSelector, selects, WORKLOAD_KINDS } from './pods';

/**
 * The objects of a directory indexed once by namespace and kind, so every runtime rule looks up what it needs
 * instead of scanning all objects per object. Namespace objects are cluster-scoped and indexed by their name.
 */

export interface Pod {
  readonly owner: LoadedObject;
  /** Field path of the template: `spec.template`, `spec.jobTemplate.spec.template`, or '' for a Pod. */
  readonly path: string;
  readonly template: V1PodTemplateSpec;
  readonly spec: Partial<V1PodSpec>;
}

export interface Container {
  readonly pod: Pod;
  readonly path: string;
  readonly container: V1Container;
  readonly init: boolean;
}

export class NamespaceView {
  /** The Namespace object, when the directory holds it. */
  object?: LoadedObject;
  private readonly kinds = new Map<string, LoadedObject[]>();
  private readonly names = new Map<string, LoadedObject>();
  readonly pods: Pod[] = [];

  constructor(readonly name: string) {}

  add(o: LoadedObject): void {
    const list = this.kinds.get(o.kind);
    if (list) list.push(o);
    else this.kinds.set(o.kind, [o]);
    this.names.set(`${o.kind}/${o.name}`, o);
    const pod = podTemplateOf(o);
    if (pod) this.pods.push({ owner: o, path: pod.path, template: pod.template, spec: pod.template.spec ?? {} });
  }

  of(kind: string): readonly LoadedObject[] {
    return this.kinds.get(kind) ?? [];
  }

  get(kind: string, name: string): LoadedObject | undefined {
    return this.names.get(`${kind}/${name}`);
  }

  private workloadList?: Pod[];

  /** Pod templates of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs. */
  get workloads(): Pod[] {
    this.workloadList ??= this.pods.filter((p) => WORKLOAD_KINDS.includes(p.owner.kind));
    return this.workloadList;
  }

  /** The workloads whose pod labels a Service's selector matches. */
  workloadsBehind(service: LoadedObject | undefined): Pod[] {
    const selector = service?.body.spec?.selector;
    return selector ? this.workloads.filter((p) => matches(selector, p.template.metadata?.labels)) : [];
  }

  /** Annotation of the Namespace object (undefined without one). */
  annotation(key: string): string | undefined {
    return this.object ? annotationsOf(this.object)[key] : undefined;
  }
}

export class RuntimeIndex {
  private readonly byName = new Map<string, NamespaceView>();

  constructor(readonly objects: readonly LoadedObject[]) {
    for (const o of objects) {
      if (o.kind === 'Namespace' && o.name) this.namespace(o.name).object = o;
      else if (o.namespace) this.namespace(o.namespace).add(o);
    }
  }

  namespace(name: string): NamespaceView {
    let view = this.byName.get(name);
    if (!view) this.byName.set(name, (view = new NamespaceView(name)));
    return view;
  }

  get namespaces(): NamespaceView[] {
    return [...this.byName.values()];
  }

  /** Every container of every pod template, init containers included. */
  get containers(): Container[] {
    return this.namespaces.flatMap((ns) => ns.pods.flatMap(containersOfPod));
  }
}

const indexes = new WeakMap<readonly LoadedObject[], RuntimeIndex>();

/** The index of `objects`, built once per array however many rules ask. */
export function indexOf(objects: readonly LoadedObject[]): RuntimeIndex {
  let index = indexes.get(objects);
  if (!index) indexes.set(objects, (index = new RuntimeIndex(objects)));
  return index;
}

export function containersOfPod(pod: Pod): Container[] {
  return containersOf(pod.spec, `${pod.path ? `${pod.path}.` : ''}spec`).map((c) => ({ pod, ...c }));
}

// ---------------------------------------------------------------------------------------------------------
// Findings

export type Severity = 'error' | 'warning';

/** A finding on `o` whose message ends in `[rule]`. */
export function finding(o: LoadedObject, field: string, message: string, rule: string, severity: Severity = 'error'): Finding {
  return { file: o.file, object: objectId(o), field, message: `${message} [${rule}]`, ...(severity === 'warning' ? { severity } : {}) };
}

/** The field path of an annotation: `metadata.annotations["argocd.argoproj.io/sync-wave"]`. */
export function annotationField(key: string, base = 'metadata'): string {
  return `${base}.annotations[${JSON.stringify(key)}]`;
}

// ---------------------------------------------------------------------------------------------------------
// Annotations and Argo CD ordering

export function annotationsOf(o: LoadedObject): Record<string, string> {
  return o.body?.metadata?.annotations ?? {};
}

export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const HOOK = 'argocd.argoproj.io/hook';

/** Prune=false and Delete=false in `argocd.argoproj.io/sync-options`: Argo CD never prunes or deletes it. */
export function isProtected(o: LoadedObject): boolean {
  const options = (annotationsOf(o)[SYNC_OPTIONS] ?? '').split(',').map((s) => s.trim());
  return options.includes('Prune=false') && options.includes('Delete=false');
}

/** The Argo CD sync wave (0 when unset). */
export function waveOf(o: LoadedObject): number {
  const raw = annotationsOf(o)[SYNC_WAVE];
  const n = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(n) ? n : 0;
}

/** Argo CD sync phase: hooks run in their phase; every other resource is applied in Sync. */
export function phaseOf(o: LoadedObject): 'PreSync' | 'Sync' | 'PostSync' | 'Other' {
  const hooks = (annotationsOf(o)[HOOK] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hooks.length === 0 || hooks.includes('Sync')) return 'Sync';
  if (hooks.includes('PreSync')) return 'PreSync';
  if (hooks.includes('PostSync')) return 'PostSync';
  return 'Other'; // SyncFail, PostDelete, Skip: never before anything in Sync
}

// ---------------------------------------------------------------------------------------------------------
// Commands

/** `command` then `args`, as the container runs them. */
export function argvOf(c: V1Container): string[] {
  return [...(c.command ?? []), ...(c.args ?? [])].map(String);
}

/** The words of command and args, shell scripts (`sh -c "…"`) split on whitespace too. */
export function wordsOf(c: V1Container): string[] {
  return argvOf(c)
    .flatMap((a) => a.split(/\s+/))
    .filter(Boolean);
}

/** Which field holds a word: `command` if any command element contains it, else `args`. */
export function fieldHolding(c: V1Container, path: string, pattern: RegExp): string {
  const inCommand = (c.command ?? []).some((a) => pattern.test(String(a)));
  if (inCommand) return `${path}.command`;
  return c.args?.some((a) => pattern.test(String(a))) ? `${path}.args` : `${path}.${c.command ? 'command' : 'args'}`;
}

/**
 * The words that follow each call of `program` in a command line, up to the next shell separator
 * (`;`, `&`, `|`, `)`, a newline or a backquote): `redis-cli -h redis ping` → [['-h', 'redis', 'ping']].
 */
export function callsOf(line: string, program: string): string[][] {
  const name = program.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[\\s;&|(\`"'/])${name}(?=[\\s;&|)\`"']|$)([^;&|)\\n\`]*)`, 'g');
  return [...line.matchAll(re)].map((m) =>
    m[1]
      .split(/\s+/)
      .map((w) => w.replace(/^["']|["']$/g, ''))
      .filter(Boolean),
  );
}

/** The literal value of an env var of a container (undefined when unset or taken from a reference). */
export function literalEnv(c: V1Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

// ---------------------------------------------------------------------------------------------------------
// Quantities

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity in bytes (`512Mi`, `1G`, `1e9`); undefined when it does not parse. */
export function quantityBytes(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(q.trim());
  if (!m) return undefined;
  const unit = m[2] ?? '';
  return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

const REDIS_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 2 ** 10, m: 1e6, mb: 2 ** 20, g: 1e9, gb: 2 ** 30 };

/** A Redis memory size in bytes (`100mb`, `1g`, `1024`), as redis.conf reads it; undefined when it does not parse. */
export function redisBytes(size: string): number | undefined {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(size.trim());
  return m ? Number(m[1]) * REDIS_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
}

/** Bytes as a human size in Mi, for messages. */
export function mebibytes(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 20)}Mi`;
}

// ---------------------------------------------------------------------------------------------------------
// Selectors

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}
