import { GATE } from '../model/defaults';
import { WORKLOAD_KIND } from '../model/objects';
import { priorityClassName, revisionName } from '../model/names';
import type { ResolvedDependency, ResolvedHealthCheck, ResolvedService, ResolvedSystem } from '../model/resolve';

/**
 * The overview's tables, computed from the resolved model (what the constructs render, one to one), as data:
 * `markdown.ts` writes them into OVERVIEW.md and `berth explain` prints them in the terminal.
 */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const NONE = '—';
const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : NONE);
const millicores = (cores: number) => `${Math.round(cores * 1000)}m`;

/** `Deployment`, `Job (Sync hook)`, `CronJob 0 3 * * *`: the workload and how it runs. */
export function workloadText(svc: ResolvedService): string {
  switch (svc.kind) {
    case 'one-shot':
      return svc.oneShot.runs.every === 'sync' ? 'Job, every sync (hook)' : `Job, once per change (${revisionName(svc.name, '<hash>')})`;
    case 'scheduled':
      return `CronJob \`${svc.schedule}\``;
    default:
      return WORKLOAD_KIND[svc.kind];
  }
}

export function replicasText(svc: ResolvedService): string {
  if (svc.kind === 'per-node') return 'one per node';
  if (svc.kind !== 'long-running') return NONE;
  if (svc.autoscaling) return `${svc.autoscaling.minReplicas}–${svc.autoscaling.maxReplicas} (HPA, CPU ${svc.autoscaling.cpuUtilizationPercent} %)`;
  return `${svc.replicas}${svc.recreate ? ' (Recreate)' : ''}`;
}

export function portsText(svc: ResolvedService): string {
  const who = (from: readonly string[] | undefined) => (from === undefined ? '' : from.length === 0 ? ' (closed: port-forward only)' : ` (only ${from.join(', ')})`);
  return list(svc.ports.map((p) => `${p.name} ${p.port}/${p.protocol}${who(p.reachableFrom)}`));
}

export function resourcesText(svc: ResolvedService): string {
  const r = svc.resources;
  const limits = [...(r.cpuLimit !== undefined ? [`${millicores(r.cpuLimit)} CPU`] : []), `${r.memoryLimitMi}Mi`];
  return `${millicores(r.cpu)} CPU, ${r.memoryMi}Mi / ${limits.join(', ')}`;
}

export function claimsText(svc: ResolvedService): string {
  return list(svc.mounts.map((m) => `${m.volume} → ${m.path}${m.readOnly ? ' (read-only)' : ''}`));
}

/** What a probe runs, in a line: `GET :8000/api/health/`, `TCP :5432`, `exec redis-cli ping`. */
export function checkText(check: ResolvedHealthCheck): string {
  const t = check.test;
  switch (t.kind) {
    case 'http':
      return `GET :${t.port}${t.path}${t.hostHeader ? ` (Host: ${t.hostHeader})` : ''}`;
    case 'tcp':
      return `TCP :${t.port}`;
    case 'exec':
      return `exec ${t.command.join(' ')}`;
    case 'shell':
      return `sh -c ${t.script}`;
  }
}

/** The probes a service's container gets (see `constructs/probes.ts`), each with its timing. */
export function probesText(svc: ResolvedService): { readiness: string; startup: string; liveness: string } {
  const hc = svc.kind === 'long-running' || svc.kind === 'per-node' ? svc.healthCheck : undefined;
  if (!hc) return { readiness: NONE, startup: NONE, liveness: NONE };
  const timing = `every ${hc.intervalSeconds}s, timeout ${hc.timeoutSeconds}s, ${hc.retries} failures`;
  const startupFailures = Math.ceil(hc.startPeriodSeconds / hc.intervalSeconds) + hc.retries;
  return {
    readiness: `${checkText(hc)}; ${timing}`,
    startup: hc.startPeriodSeconds > 0 ? `${hc.startPeriodSeconds}s start period: ${startupFailures} failures allowed` : NONE,
    liveness: hc.liveness ? `as readiness` : NONE,
  };
}

/** One gate in a line: what it waits for and how it checks. */
export function gateText(dep: ResolvedDependency): string {
  const check = dep.check;
  if (!check) return `${dep.service} completed (an earlier sync wave)`;
  const condition = dep.condition === 'service_healthy' ? 'healthy' : 'started';
  const how = check.kind === 'http' ? `GET ${check.url}` : check.kind === 'tcp' ? `TCP ${check.host}:${check.port}` : `${check.command.join(' ')} in ${check.image}`;
  return `${dep.service} ${condition} (${how})`;
}

export function servicesTable(system: ResolvedSystem): Table {
  return {
    title: 'Services',
    columns: ['service', 'workload', 'image', 'replicas', 'ports', 'claims', 'requests / limits', 'tier', 'wave'],
    rows: system.services.map((s) => [s.name, workloadText(s), s.image, replicasText(s), portsText(s), claimsText(s), resourcesText(s), priorityClassName(s.tier), String(s.wave)]),
  };
}

export function startupTable(system: ResolvedSystem): Table {
  return {
    title: `Probes and gates (each gate gives up after ${GATE.timeoutSeconds}s, less inside a Job's deadline)`,
    columns: ['service', 'readiness', 'startup', 'liveness', 'waits for'],
    rows: system.services.map((s) => {
      const p = probesText(s);
      return [s.name, p.readiness, p.startup, p.liveness, s.dependsOn.length > 0 ? s.dependsOn.map(gateText).join('; ') : NONE];
    }),
  };
}

export function routesTable(system: ResolvedSystem): Table {
  return {
    title: 'Routes',
    columns: ['host', 'path', 'service:port', 'TLS issuer', 'read / send timeout', 'body limit', 'wave'],
    rows: system.ingresses.flatMap((ingress) =>
      ingress.paths.map((p) => [
        p.host,
        `${p.path} (${p.pathType})`,
        `${p.service}:${p.port}`,
        `${system.settings.clusterIssuer} (${system.settings.acmeChallenge})`,
        `${p.readTimeoutSeconds}s / ${p.sendTimeoutSeconds}s`,
        `${p.maxBodyMi}Mi`,
        String(ingress.wave),
      ]),
    ),
  };
}

export function externalsTable(system: ResolvedSystem): Table {
  const users = (name: string) => system.services.filter((s) => s.externals.some((e) => e.name === name)).map((s) => s.name);
  return {
    title: 'External dependencies',
    columns: ['external', 'what', 'reached at', 'egress allowed to', 'used by'],
    rows: system.externals.map((e) => [
      e.name,
      e.description,
      `${e.host ?? 'any host'}:${e.port}`,
      e.cidr ?? `the internet except ${system.settings.clusterNetworks.join(', ')}`,
      list(users(e.name)),
    ]),
  };
}

export function volumesTable(system: ResolvedSystem): Table {
  return {
    title: 'Volumes',
    columns: ['claim', 'size', 'access mode', 'storage class', 'backup', 'protection', 'mounted by', 'wave'],
    rows: system.volumes.map((v) => [
      v.name,
      `${v.sizeGi}Gi`,
      v.accessMode,
      v.storageClass ?? 'cluster default',
      v.backup,
      v.unprotectedBecause === undefined ? 'kept (Prune=false, Delete=false)' : `may be deleted: ${v.unprotectedBecause}`,
      list(v.consumers),
      String(v.wave),
    ]),
  };
}

/** Every table of the overview, in reading order; empty tables are left out. */
export function overviewTables(system: ResolvedSystem): Table[] {
  return [servicesTable(system), startupTable(system), routesTable(system), externalsTable(system), volumesTable(system)].filter((t) => t.rows.length > 0);
}
