import { LONGEST_TASK, REDIS_ROLE } from '../annotations';
import { MAX_MEMORY_SHARE } from '../model/defaults';
import * as path from 'path';
import type { Container as V1Container } from 'kubernetes-types/core/v1';
import { parseImage } from '../images/ref';
import type { Finding, LoadedObject } from './manifests';
import { matches } from './pods';
import {
  annotationField,
  annotationsOf,
  argvOf,
  type Container,
  fieldHolding,
  finding,
  indexOf,
  mebibytes,
  type NamespaceView,
  quantityBytes,
  redisBytes,
  wordsOf,
} from './runtime-index';

/** The long-running processes whose defaults fail in a container: redis-server and celery. */

const unquote = (w: string) => w.replace(/^["']|["']$/g, '');

/** The value of `--flag value` or `--flag=value` among words (undefined when absent). */
function optionValue(words: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const flag of flags) {
      if (words[i] === flag) return words[i + 1] === undefined ? '' : unquote(words[i + 1]);
      if (flag.startsWith('--') && words[i].startsWith(`${flag}=`)) return unquote(words[i].slice(flag.length + 1));
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// redis-memory

const MAX_FRACTION = MAX_MEMORY_SHARE;

/** A main container that runs redis-server: named as the first word, in a shell script, or the redis image's default. */
export function runsRedisServer(c: V1Container, init: boolean): boolean {
  if (init) return false;
  const argv = argvOf(c);
  if (argv.length > 0 && path.posix.basename(argv[0]) === 'redis-server') return true;
  if (argv.some((a) => /(^|[\s;&|/])redis-server(\s|$)/.test(a) && /\s/.test(a))) return true;
  if (!parseImage(c.image ?? '').name.startsWith('redis') || (c.command ?? []).length > 0) return false;
  const first = c.args?.[0];
  return first === undefined || first.startsWith('-') || first.endsWith('.conf');
}

/** Broker URLs in the namespace: ConfigMap data and literal env values under a key containing BROKER. */
const brokerUrlCache = new WeakMap<NamespaceView, string[]>();
function brokerUrls(ns: NamespaceView): string[] {
  let urls = brokerUrlCache.get(ns);
  if (urls) return urls;
  urls = [];
  for (const cm of ns.of('ConfigMap')) {
    for (const [k, v] of Object.entries(cm.body.data ?? {})) if (k.toUpperCase().includes('BROKER') && typeof v === 'string') urls.push(v);
  }
  for (const pod of ns.pods) {
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
      for (const e of c.env ?? []) if (e.name.toUpperCase().includes('BROKER') && typeof e.value === 'string') urls.push(e.value);
    }
  }
  brokerUrlCache.set(ns, urls);
  return urls;
}

/** Why this Redis is a Celery broker (undefined when it is not known to be one). */
function brokerBecause(ns: NamespaceView, c: Container): string | undefined {
  const roles = (annotationsOf(c.pod.owner)[REDIS_ROLE] ?? '').split(',').map((r) => r.trim());
  if (roles.includes('broker')) return `${REDIS_ROLE} says broker`;
  const labels = c.pod.template.metadata?.labels;
  const services = ns
    .of('Service')
    .filter((s) => matches(s.body.spec?.selector, labels))
    .map((s) => s.name);
  for (const url of brokerUrls(ns)) {
    const host = /^rediss?:\/\/(?:[^@/]*@)?([^:/?#]+)/.exec(url.trim())?.[1];
    const svc = host && services.find((s) => host === s || host.startsWith(`${s}.${ns.name}`));
    if (svc) return `a broker URL points at Service ${svc} (${url.replace(/\/\/[^@/]*@/, '//***@')})`;
  }
  return undefined;
}

/** [redis-memory] redis-server has --maxmemory within 75 % of its memory limit, and a broker evicts nothing. */
export function redisMemory(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'redis-memory';
  const ix = indexOf(objects);
  return ix.containers.flatMap((c) => {
    if (!runsRedisServer(c.container, c.init)) return [];
    const ns = ix.namespace(c.pod.owner.namespace ?? '');
    const words = wordsOf(c.container);
    const memory = redisBudget(c.container);
    return [...memoryLimitFindings(c, memory, rule), ...maxmemoryFindings(c, words, memory, rule), ...evictionFindings(ns, c, words, rule)];
  });
}

/** A redis-server container's memory limit as written and in bytes, the 75 % of it --maxmemory may take, and a value to suggest. */
interface RedisBudget {
  readonly limitRaw?: string;
  readonly limit?: number;
  readonly budget?: number;
  readonly suggest: string;
}

function redisBudget(container: V1Container): RedisBudget {
  const limitRaw = container.resources?.limits?.memory;
  const limit = quantityBytes(limitRaw);
  const budget = limit === undefined ? undefined : Math.floor(limit * MAX_FRACTION);
  const suggest = budget === undefined ? '75 % of the memory limit' : `${Math.floor(budget / 2 ** 20)}mb (75 % of ${limitRaw})`;
  return { limitRaw, limit, budget, suggest };
}

/** redis-server has a memory limit that parses. */
function memoryLimitFindings(c: Container, { limitRaw, limit }: RedisBudget, rule: string): Finding[] {
  if (limit !== undefined) return [];
  return [
    finding(
      c.pod.owner,
      `${c.path}.resources.limits.memory`,
      `redis-server has ${limitRaw === undefined ? 'no memory limit' : `memory limit ${JSON.stringify(limitRaw)}, which does not parse`}: set one, and --maxmemory at most 75 % of it`,
      rule,
    ),
  ];
}

/** redis-server has --maxmemory, a Redis size, neither 0 (unlimited) nor more than 75 % of the memory limit. */
function maxmemoryFindings(c: Container, words: readonly string[], { limitRaw, budget, suggest }: RedisBudget, rule: string): Finding[] {
  const { pod, path: at, container } = c;
  const maxmemory = optionValue(words, '--maxmemory');
  if (maxmemory === undefined) {
    return [
      finding(
        pod.owner,
        fieldHolding(container, at, /redis-server|^-/),
        `redis-server runs without --maxmemory and grows until the container is OOM-killed; add --maxmemory ${suggest}, leaving headroom for the BGSAVE/AOF-rewrite fork`,
        rule,
      ),
    ];
  }
  const bytes = redisBytes(maxmemory);
  const field = fieldHolding(container, at, /--maxmemory/);
  if (bytes === undefined) {
    return [
      finding(
        pod.owner,
        field,
        `--maxmemory ${JSON.stringify(maxmemory)} is not a Redis size (bytes, or a number with b, k, kb, m, mb, g, gb): use e.g. --maxmemory ${suggest}`,
        rule,
      ),
    ];
  }
  if (budget === undefined || (bytes <= budget && bytes !== 0)) return [];
  const value = bytes === 0 ? '0 (unlimited)' : `${maxmemory} (${mebibytes(bytes)})`;
  return [
    finding(
      pod.owner,
      field,
      `--maxmemory ${value} is more than 75 % of memory limit ${limitRaw}, leaving too little headroom for the BGSAVE/AOF-rewrite fork before the OOM kill: use at most ${suggest}`,
      rule,
    ),
  ];
}

/** A Redis that serves as a Celery broker does not evict keys (allkeys-* policies drop queued tasks). */
function evictionFindings(ns: NamespaceView, c: Container, words: readonly string[], rule: string): Finding[] {
  const policy = optionValue(words, '--maxmemory-policy');
  if (!policy?.startsWith('allkeys-')) return [];
  const because = brokerBecause(ns, c);
  if (!because) return [];
  return [
    finding(
      c.pod.owner,
      fieldHolding(c.container, c.path, /--maxmemory-policy/),
      `--maxmemory-policy ${policy} on a Celery broker (${because}) evicts queued tasks when memory runs out; use noeviction (the default) or volatile-*`,
      rule,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// celery

const CELERY_VALUED = ['-A', '--app', '-b', '--broker', '--result-backend', '--loader', '--config', '--workdir'];
const SEPARATORS = ['&&', '||', ';', '|', '&'];

interface CeleryCall {
  readonly app?: string;
  readonly sub?: string;
  /** Every word of this celery call after `celery`. */
  readonly words: readonly string[];
}

/** The celery calls of a container: `celery -A app worker -c 4` → { app: 'app', sub: 'worker', words }. */
export function celeryCalls(c: V1Container): CeleryCall[] {
  const words = wordsOf(c).map(unquote);
  const calls: CeleryCall[] = [];
  words.forEach((w, i) => {
    if (path.posix.basename(w) !== 'celery') return;
    const rest: string[] = [];
    for (const next of words.slice(i + 1)) {
      if (SEPARATORS.includes(next)) break;
      rest.push(next.replace(/;$/, ''));
      if (next.endsWith(';')) break;
    }
    let sub: string | undefined;
    for (let j = 0; j < rest.length && sub === undefined; j++) {
      if (CELERY_VALUED.includes(rest[j])) j++;
      else if (!rest[j].startsWith('-')) sub = rest[j];
    }
    const app = optionValue(rest, '-A', '--app') ?? rest.find((r) => /^-A./.test(r))?.slice(2);
    calls.push({ app, sub, words: rest });
  });
  return calls;
}

/** A main container's `celery … worker` call. */
interface CeleryWorker {
  readonly c: Container;
  readonly call: CeleryCall;
}

/** [celery] Workers set their concurrency and grace period, beat writes its schedule to a writable mount, flower gets the worker's settings. */
export function celery(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'celery';
  const ix = indexOf(objects);
  const main = ix.containers.filter((c) => !c.init);
  const workers: CeleryWorker[] = main.flatMap((c) =>
    celeryCalls(c.container)
      .filter((call) => call.sub === 'worker')
      .map((call) => ({ c, call })),
  );
  return main.flatMap((c) =>
    celeryCalls(c.container).flatMap((call) => {
      if (call.sub === 'worker') return workerFindings(c, call, rule);
      if (call.sub === 'beat') return beatFindings(c, call, rule);
      if (call.sub === 'flower' && call.app) return flowerFindings(c, call.app, workers, rule);
      return [];
    }),
  );
}

/** A worker sets its concurrency, and its pod's grace period covers the longest task it says it runs. */
function workerFindings(c: Container, call: CeleryCall, rule: string): Finding[] {
  const { pod, path: at, container } = c;
  const o = pod.owner;
  const found: Finding[] = [];
  const w = call.words;
  const concurrency = w.some((x) => x === '-c' || x === '--concurrency' || /^--concurrency=/.test(x) || /^-c\d+$/.test(x) || x === '--autoscale' || /^--autoscale=/.test(x));
  if (!concurrency) {
    found.push(
      finding(
        o,
        fieldHolding(container, at, /celery/),
        `celery worker without --concurrency starts one process per CPU of the node, not of the container (limit ${container.resources?.limits?.cpu ?? 'unset'}): pass --concurrency <n> (-c <n>)`,
        rule,
      ),
    );
  }
  const raw = annotationsOf(o)[LONGEST_TASK];
  const longest = raw === undefined ? undefined : Number(raw);
  const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  if (longest === undefined || !Number.isFinite(longest)) {
    found.push(
      finding(
        o,
        annotationField(LONGEST_TASK),
        `${o.kind} ${o.name} runs a Celery worker but ${raw === undefined ? 'does not say' : `says ${JSON.stringify(raw)} for`} its longest task: set ${LONGEST_TASK}: "<seconds>" and terminationGracePeriodSeconds at least that, so a rollout lets running tasks finish`,
        rule,
      ),
    );
  } else if (grace < longest) {
    found.push(
      finding(
        o,
        `${pod.path}.spec.terminationGracePeriodSeconds`,
        `${grace}s is shorter than the longest task (${LONGEST_TASK}: ${longest}); a rollout kills running tasks: set terminationGracePeriodSeconds to at least ${longest}`,
        rule,
      ),
    );
  }
  return found;
}

/** Beat writes its schedule file (--schedule) inside an emptyDir or claim mounted writable in its container. */
function beatFindings(c: Container, call: CeleryCall, rule: string): Finding[] {
  const { pod, path: at, container } = c;
  const field = fieldHolding(container, at, /celery/);
  const schedule = optionValue(call.words, '-s', '--schedule');
  const writable = writableMounts(c);
  const mounts = writable.length > 0 ? `its writable mounts: ${writable.join(', ')}` : 'it has no emptyDir or claim mounted';
  if (schedule === undefined || schedule === '') {
    return [
      finding(
        pod.owner,
        field,
        `celery beat without --schedule writes celerybeat-schedule into its working directory, which is read-only or lost; pass --schedule <file> inside a writable mount (${mounts})`,
        rule,
      ),
    ];
  }
  const file = path.posix.isAbsolute(schedule) ? schedule : container.workingDir ? path.posix.join(container.workingDir, schedule) : undefined;
  if (file && writable.some((m) => file.startsWith(`${m.replace(/\/+$/, '')}/`))) return [];
  return [
    finding(
      pod.owner,
      field,
      `celery beat --schedule ${schedule} is not inside an emptyDir or claim mounted writable in this container (${mounts}): put the schedule file under one`,
      rule,
    ),
  ];
}

/** Flower for app `app` has every env and envFrom of the workers of the same app, namespace and image. */
function flowerFindings(c: Container, app: string, workers: readonly CeleryWorker[], rule: string): Finding[] {
  const { pod, path: at, container } = c;
  const o = pod.owner;
  const image = parseImage(container.image ?? '').name;
  const same = workers.filter((x) => x.call.app === app && x.c.pod.owner.namespace === o.namespace && parseImage(x.c.container.image ?? '').name === image);
  if (same.length === 0) return [];
  const has = new Set((container.env ?? []).map((e) => e.name));
  const hasFrom = new Set((container.envFrom ?? []).map(envFromKey));
  const missing = new Set<string>();
  const missingFrom = new Set<string>();
  for (const x of same) {
    for (const e of x.c.container.env ?? []) if (!has.has(e.name)) missing.add(e.name);
    for (const e of x.c.container.envFrom ?? []) if (!hasFrom.has(envFromKey(e))) missingFrom.add(envFromKey(e));
  }
  const from = `the worker${same.length > 1 ? 's' : ''} ${[...new Set(same.map((x) => `${x.c.pod.owner.kind}/${x.c.pod.owner.name}`))].join(', ')}`;
  const found: Finding[] = [];
  if (missing.size > 0)
    found.push(finding(o, `${at}.env`, `celery -A ${app} flower imports the same settings as ${from} but lacks env ${[...missing].sort().join(', ')}: give it the same env`, rule));
  if (missingFrom.size > 0)
    found.push(
      finding(
        o,
        `${at}.envFrom`,
        `celery -A ${app} flower imports the same settings as ${from} but lacks envFrom ${[...missingFrom].sort().join(', ')}: give it the same envFrom`,
        rule,
      ),
    );
  return found;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function envFromKey(e: any): string {
  const ref = e.configMapRef ? `configMap ${e.configMapRef.name}` : e.secretRef ? `secret ${e.secretRef.name}` : JSON.stringify(e);
  return e.prefix ? `${ref} (prefix ${e.prefix})` : ref;
}

/** Mount paths of this container whose volume is an emptyDir or a claim, mounted read-write. */
function writableMounts(c: Container): string[] {
  const volumes = new Map((c.pod.spec.volumes ?? []).map((v) => [v.name, v]));
  return (c.container.volumeMounts ?? [])
    .filter((m) => {
      const v = volumes.get(m.name);
      return !m.readOnly && !!v && (v.emptyDir !== undefined || v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined);
    })
    .map((m) => m.mountPath);
}
