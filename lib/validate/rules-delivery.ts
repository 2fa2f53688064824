import { DEPENDS_ON, IDEMPOTENT_BECAUSE, PRODUCTION, SAMPLE_DATA, SPEC_HASH } from '../annotations';
import { specHash } from '../spec-hash';
import type { Finding, LoadedObject } from './manifests';
import { annotationField, annotationsOf, finding, HOOK, indexOf, literalEnv, type NamespaceView, type Pod, phaseOf, SYNC_WAVE, waveOf } from './runtime-index';

/** How Argo CD delivers a system: hooks and run-once Jobs, the order of waves, and gates that give up in time. */

export const NON_CRITICAL = 'berth-non-critical';
const MIN_REASON = 10;

/** [sync-hooks] Hooks say why re-running is safe; plain Jobs are named by their spec hash; no sample data in production. */
export function syncHooks(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'sync-hooks';
  return indexOf(objects).namespaces.flatMap((ns) => [
    ...ns.of('Job').flatMap((job) => (annotationsOf(job)[HOOK] !== undefined ? hookJobFindings(job, rule) : plainJobFindings(job, rule))),
    ...sampleDataFindings(ns, rule),
  ]);
}

/** A hook Job runs on every sync, so it must say (at least MIN_REASON characters) why running it again is safe. */
function hookJobFindings(job: LoadedObject, rule: string): Finding[] {
  const a = annotationsOf(job);
  const reason = a[IDEMPOTENT_BECAUSE];
  if (reason !== undefined && reason.trim().length >= MIN_REASON) return [];
  return [
    finding(
      job,
      annotationField(IDEMPOTENT_BECAUSE),
      `Job ${job.name} is an Argo CD ${a[HOOK]} hook, which runs on every sync (manual, automated and retries), but ${reason === undefined ? 'does not say' : `gives only ${JSON.stringify(reason)} for`} why that is safe: ` +
        `set ${IDEMPOTENT_BECAUSE}: <why re-running is safe, at least ${MIN_REASON} characters>, or make it a plain Job named by its spec hash so it runs once per change`,
      rule,
    ),
  ];
}

/** A plain (run-once) Job declares the hash of its spec and ends its name in it, so a changed spec gets a new Job. */
function plainJobFindings(job: LoadedObject, rule: string): Finding[] {
  const found: Finding[] = [];
  const hash = specHash(job.body.spec);
  const declared = annotationsOf(job)[SPEC_HASH];
  if (declared !== hash) {
    found.push(
      finding(
        job,
        annotationField(SPEC_HASH),
        `plain Job ${job.name} ${declared === undefined ? 'has no spec hash' : `says spec hash ${JSON.stringify(declared)}`} but its spec hashes to ${hash}: a plain Job's template is immutable, so a changed spec under a re-used name fails to sync; ` +
          `set ${SPEC_HASH}: "${hash}" (specHash in lib/spec-hash.ts) and name the Job <name>-${hash}`,
        rule,
      ),
    );
  }
  if (!job.name.endsWith(`-${hash}`)) {
    found.push(
      finding(
        job,
        'metadata.name',
        `plain Job ${job.name} does not end in -${hash}, the hash of its spec: name it <name>-${hash} so it runs once per change of its spec and a changed spec gets a new Job`,
        rule,
      ),
    );
  }
  return found;
}

/** Jobs and CronJobs that seed sample data, in a namespace marked production. */
function sampleDataFindings(ns: NamespaceView, rule: string): Finding[] {
  if (ns.annotation(PRODUCTION) !== 'true') return [];
  return [...ns.of('Job'), ...ns.of('CronJob')]
    .filter((job) => annotationsOf(job)[SAMPLE_DATA] === 'true')
    .map((job) =>
      finding(
        job,
        annotationField(SAMPLE_DATA),
        `${job.kind} ${job.name} seeds sample data in ${ns.name}, a production namespace (${PRODUCTION}: "true" on the Namespace): seed sample data in development environments only`,
        rule,
      ),
    );
}

const mainImages = (p: Pod) => (p.spec.containers ?? []).map((c) => c.image).filter((i): i is string => !!i);

/** [worker-after-migration] Workloads running a release Job's image start in a later wave than the Job. */
export function workerAfterMigration(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'worker-after-migration';
  return indexOf(objects).namespaces.flatMap((ns) => {
    // PreSync hooks run before every Sync-phase resource whatever their wave; PostSync and other hooks after.
    const jobs = ns.workloads.filter((p) => p.owner.kind === 'Job' && phaseOf(p.owner) === 'Sync');
    if (jobs.length === 0) return [];
    return ns.workloads.flatMap((p) => {
      if (p.owner.kind === 'Job' || phaseOf(p.owner) !== 'Sync') return [];
      const images = mainImages(p);
      // A step that itself waits for this workload (it configures the running service) comes after it by design.
      const same = jobs.filter((j) => mainImages(j).some((i) => images.includes(i)) && !dependsOn(j.owner).some((n) => resolve(ns, n).includes(p)));
      if (same.length === 0) return [];
      const first = same.reduce((a, b) => (waveOf(b.owner) < waveOf(a.owner) ? b : a));
      const wave = waveOf(first.owner);
      if (waveOf(p.owner) > wave) return [];
      const image = mainImages(first).find((i) => images.includes(i));
      return [
        finding(
          p.owner,
          annotationField(SYNC_WAVE),
          `wave ${waveOf(p.owner)}, but Job ${first.owner.name} (wave ${wave}) runs the same image ${image}: new code must not start before the release steps (e.g. migrations) finish; set ${SYNC_WAVE}: "${wave + 1}" or later`,
          rule,
        ),
      ];
    });
  });
}

/** [gate-deadline] A Job's gates give up, and say why, before the Job's deadline kills it silently. */
export function gateDeadline(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'gate-deadline';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.workloads.flatMap((p) => {
      const o = p.owner;
      if (o.kind !== 'Job' && o.kind !== 'CronJob') return [];
      const jobSpecPath = o.kind === 'Job' ? 'spec' : 'spec.jobTemplate.spec';
      const deadline: number | undefined = o.kind === 'Job' ? o.body.spec?.activeDeadlineSeconds : o.body.spec?.jobTemplate?.spec?.activeDeadlineSeconds;
      const found: Finding[] = [];
      let total = 0;
      const timed: string[] = [];
      (p.spec.initContainers ?? []).forEach((c, i) => {
        const at = `${p.path}.spec.initContainers[${i}]`;
        const gate = (c.env ?? []).some((e) => e.name === 'GATE_TARGET');
        const hasTimeout = (c.env ?? []).some((e) => e.name === 'GATE_TIMEOUT_SECONDS');
        const raw = literalEnv(c, 'GATE_TIMEOUT_SECONDS');
        const seconds = raw === undefined ? undefined : Number(raw);
        if (seconds !== undefined && Number.isFinite(seconds)) {
          total += seconds;
          timed.push(`${c.name} ${seconds}s`);
        } else if (hasTimeout) {
          found.push(finding(o, `${at}.env`, `GATE_TIMEOUT_SECONDS of ${c.name} must be a literal number of seconds, found ${JSON.stringify(raw ?? 'a reference')}`, rule));
        } else if (gate) {
          found.push(
            finding(
              o,
              `${at}.env`,
              `init container ${c.name} is a gate (GATE_TARGET) without GATE_TIMEOUT_SECONDS: say how long it waits, so the Job's deadline can leave it time to give up and say why`,
              rule,
            ),
          );
        }
      });
      if (deadline !== undefined && timed.length > 0 && total >= deadline) {
        found.push(
          finding(
            o,
            `${jobSpecPath}.activeDeadlineSeconds`,
            `${deadline}s, but the gates may wait ${total}s (${timed.join(' + ')}): the Job is killed silently before a gate gives up and says why; set activeDeadlineSeconds above ${total} (plus the Job's own run time) or shorten the gates`,
            rule,
          ),
        );
      }
      return found;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// ingress-wave

const isNonCritical = (p: Pod) => p.spec.priorityClassName === NON_CRITICAL;
const describeOrder = (p: Pod) => (phaseOf(p.owner) === 'PreSync' ? 'a PreSync hook' : `wave ${waveOf(p.owner)}`);
const workloadId = (p: Pod) => `${p.owner.kind}/${p.owner.name}`;

/** The Kubernetes service names a workload depends on (`berth.dev/depends-on: "db: service_healthy, redis: …"`). */
export function dependsOn(o: LoadedObject): string[] {
  return (annotationsOf(o)[DEPENDS_ON] ?? '')
    .split(',')
    .map((d) => d.split(':')[0].trim())
    .filter(Boolean);
}

/** The workloads a depends-on name means: those behind the Service of that name, and those so named (a run-once Job without its hash). */
function resolve(ns: NamespaceView, name: string): Pod[] {
  const byName = ns.workloads.filter((p) => {
    const hash = annotationsOf(p.owner)[SPEC_HASH];
    return p.owner.name === name || (hash !== undefined && p.owner.name === `${name}-${hash}`);
  });
  return [...new Set([...ns.workloadsBehind(ns.get('Service', name)), ...byName])];
}

/** Why nothing non-critical may come before the Ingress. */
const INGRESS_BLOCKED = 'a failing non-critical part in an earlier wave keeps Argo CD from ever applying the Ingress';

/** [ingress-wave] The Ingress comes right after its critical backends, and nothing that can fail without need comes before it. */
export function ingressWave(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'ingress-wave';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.of('Ingress').flatMap((ing) => {
      const services = backendServices(ing);
      const backends = [...new Set(services.flatMap((s) => ns.workloadsBehind(ns.get('Service', s))))];
      return [...ingressOrderFindings(ing, backends, rule), ...earlierWorkloadFindings(ns, ing, services, backends, rule)];
    }),
  );
}

/** The names of the Services an Ingress routes to: its default backend and every path's backend, once each. */
function backendServices(ing: LoadedObject): string[] {
  return [
    ...new Set<string>([
      ...(ing.body.spec?.defaultBackend?.service?.name ? [ing.body.spec.defaultBackend.service.name] : []),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ...(ing.body.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend?.service?.name).filter(Boolean)),
    ]),
  ];
}

/** The Ingress's own wave is 1 + the largest wave among its critical backends (0 without any). */
function ingressOrderFindings(ing: LoadedObject, backends: readonly Pod[], rule: string): Finding[] {
  const critical = backends.filter((p) => !isNonCritical(p));
  const expected = critical.length === 0 ? 0 : 1 + Math.max(...critical.map((p) => waveOf(p.owner)));
  const wave = waveOf(ing);
  if (wave === expected) return [];
  const basis =
    critical.length === 0
      ? 'it has no critical backends'
      : `1 + the largest wave among its critical backends (${critical.map((p) => `${workloadId(p)} wave ${waveOf(p.owner)}`).join(', ')})`;
  return [
    finding(
      ing,
      annotationField(SYNC_WAVE),
      `wave ${wave}, but the Ingress belongs right after its backends: ${basis} = ${expected}; ${INGRESS_BLOCKED}, and a later wave delays it for nothing: set ${SYNC_WAVE}: "${expected}"`,
      rule,
    ),
  ];
}

/** The backends and every workload they reach, transitively, through depends-on. */
function reachableFrom(ns: NamespaceView, backends: readonly Pod[]): Set<Pod> {
  const reachable = new Set<Pod>(backends);
  const queue = [...backends];
  while (queue.length > 0) {
    for (const name of dependsOn((queue.shift() as Pod).owner)) {
      for (const dep of resolve(ns, name)) {
        if (!reachable.has(dep)) {
          reachable.add(dep);
          queue.push(dep);
        }
      }
    }
  }
  return reachable;
}

/** Workloads applied before (or with) the Ingress: non-critical ones, and critical ones its backends do not need. */
function earlierWorkloadFindings(ns: NamespaceView, ing: LoadedObject, services: readonly string[], backends: readonly Pod[], rule: string): Finding[] {
  const wave = waveOf(ing);
  const reachable = reachableFrom(ns, backends);
  const before = (p: Pod) => phaseOf(p.owner) === 'PreSync' || (phaseOf(p.owner) === 'Sync' && waveOf(p.owner) < wave);
  const found: Finding[] = [];
  for (const p of ns.workloads) {
    if (isNonCritical(p)) {
      if (phaseOf(p.owner) === 'PreSync' || (phaseOf(p.owner) === 'Sync' && waveOf(p.owner) <= wave)) {
        found.push(
          finding(
            p.owner,
            annotationField(SYNC_WAVE),
            `${workloadId(p)} is non-critical (priorityClassName ${NON_CRITICAL}) but runs in ${describeOrder(p)}, not after Ingress ${ing.name} (wave ${wave}): ${INGRESS_BLOCKED}; set ${SYNC_WAVE}: "${wave + 1}" or later`,
            rule,
          ),
        );
      }
    } else if (before(p) && !reachable.has(p)) {
      found.push(
        finding(
          p.owner,
          annotationField(SYNC_WAVE),
          `${workloadId(p)} runs in ${describeOrder(p)}, before Ingress ${ing.name} (wave ${wave}), but is neither behind its backends (${services.join(', ') || 'none'}) nor reachable from them through ${DEPENDS_ON}: ${INGRESS_BLOCKED}; ` +
            `if a backend needs it, name it in that backend's ${DEPENDS_ON}, else move it after the Ingress (${SYNC_WAVE}: "${wave + 1}" or later)`,
          rule,
        ),
      );
    }
  }
  return found;
}
