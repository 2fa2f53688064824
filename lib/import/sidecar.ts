import type { ComposeService } from '../compose/types';
import { assumed } from '../model/assumed';
import { isIanaServiceName } from '../model/names';
import type { Dependency, EnvValue, Exemption, Port } from '../model/types';
import { type DraftValue, type ImportContext, settled, warn } from './context';
import { configuredPeers, mapEnvironment } from './environment';
import { mapPorts } from './ports';
import { mapHealthCheck } from './probes';
import { heapOf, resources, runAs, unmapped } from './process';
import { catalogEnv, celeryCommand, clean, describe, envFiles, imageOf, isCeleryWorker, mapDependsOn, nonEmpty, storeCommand } from './service';
import { mapStorage } from './storage';

/**
 * compose `network_mode: "service:vpn"` (or `"container:<vpn's container_name>"`): the service runs in vpn's
 * network namespace, which in Kubernetes is one more container of vpn's pod. What a container has of its own
 * (image, command, env, mounts, resources, user, check) becomes a sidecar of the root's chart service; what a pod
 * has once (its network identity: dependencies, peers, externals; its exemptions and kernel settings) joins the
 * root's; what compose sets per container that a pod has once (replicas, restart policy, host name) is warned about.
 */
export function addSidecars(ctx: ImportContext, services: Record<string, DraftValue>): void {
  for (const [root, names] of [...ctx.sidecarsOf].sort(([a], [b]) => a.localeCompare(b))) {
    const chart = services[ctx.chartName(root)] as Record<string, DraftValue> | undefined;
    if (chart === undefined) continue;
    const taken: PortsTaken = { numbers: new Set(), names: new Set() };
    for (const p of (chart.ports ?? []) as Port[]) take(taken, p);
    const sidecars: Record<string, DraftValue> = {};
    for (const name of names) {
      const svc = ctx.project.services[name];
      if (!svc.active) {
        warn(ctx, `services.${name}`, `inactive (profiles ${svc.profiles.join(', ')}): not added to ${root}'s pod`);
        continue;
      }
      const container = containerName(ctx, name, root, Object.keys(sidecars));
      warn(ctx, `services.${name}.network_mode`, `${name} shares ${root}'s network: it is container ${container} of ${root}'s pod`);
      const mapped = mapSidecar(ctx, svc, root, chart, taken);
      sidecars[container] = clean(mapped.sidecar);
      joinPod(ctx, chart, mapped);
    }
    if (Object.keys(sidecars).length > 0) chart.sidecars = sidecars;
  }
}

/** What a sidecar adds to its pod besides its container. */
interface MappedSidecar {
  readonly sidecar: Record<string, DraftValue>;
  readonly dependsOn: Readonly<Record<string, Dependency>>;
  readonly peers: readonly string[];
  readonly externals: readonly string[];
  readonly exemptions: readonly Exemption[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly longestTask: boolean;
}

function mapSidecar(ctx: ImportContext, svc: ComposeService, root: string, chart: Record<string, DraftValue>, taken: PortsTaken): MappedSidecar {
  const image = imageOf(ctx, svc);
  const catalog = ctx.image(image.ref);
  const declared = mapPorts(ctx, svc, catalog);
  const ports = podPorts(ctx, svc, root, declared, taken);
  const storage = mapStorage(ctx, svc, catalog?.dataDirectory);
  const { peers, externals } = configuredPeers(ctx, svc);
  /** A credential compose wrote in the sidecar's check moves to the store (see service.ts). */
  const sidecarSecretArgs: Record<string, EnvValue> = {};
  const keepsRunning = settled(chart.kind) === undefined || settled(chart.kind) === 'per-node';
  // The pod's own checks are the root's; a sidecar is only probed for its readiness, never gated on: on a port
  // of its own where it has one, else on one it shares with the pod.
  const healthCheck = keepsRunning ? mapHealthCheck(ctx, svc, catalog, ports.length > 0 ? ports : declared, false, sidecarSecretArgs) : undefined;
  const exemptions: Exemption[] = [
    ...(image.unpinned ? [{ check: 'pinned-image' as const, reason: `compose names ${image.ref} (sidecar ${svc.name}) without a version: pin one before production` }] : []),
    ...(keepsRunning && healthCheck === undefined
      ? [{ check: 'probes' as const, reason: `sidecar ${svc.name}: compose has no health check for it and names no port of its own, so there is nothing to probe` }]
      : []),
  ];
  unmapped(ctx, svc);
  podSettings(ctx, svc, root);
  if (!keepsRunning) {
    warn(
      ctx,
      `services.${svc.name}`,
      `${root} runs as a ${String(settled(chart.kind))} step, whose pod completes only when every container has exited: ${svc.name} must exit when ${root} does`,
    );
  }
  const { fsGroup, ...user } = runAs(ctx, svc, catalog, storage) as Record<string, DraftValue>;
  if (fsGroup !== undefined) {
    warn(
      ctx,
      `services.${svc.name}.user`,
      `its image's files group ${String(fsGroup)} is not the pod's: the pod has one fsGroup, ${root}'s, which every container gets as a supplementary group`,
    );
  }
  const command = storeCommand(ctx, svc, catalog);
  const sidecar: Record<string, DraftValue> = {
    description: describe(svc, catalog),
    image: image.value,
    entrypoint: svc.entrypoint,
    command: celeryCommand(ctx, svc, command),
    ...(svc.workingDir !== undefined ? { workingDir: svc.workingDir } : {}),
    ports: nonEmpty(ports),
    env: nonEmpty({ ...catalogEnv(ctx, svc, catalog), ...mapEnvironment(ctx, svc, catalog), ...sidecarSecretArgs }),
    envFiles: nonEmpty(envFiles(ctx, svc)),
    mounts: nonEmpty(storage.mounts),
    configFiles: nonEmpty(storage.configFiles),
    secretFiles: nonEmpty(storage.secretFiles),
    scratch: nonEmpty(storage.scratch),
    resources: resources(svc, catalog, heapOf(svc)),
    runAs: user,
    healthCheck,
  };
  return {
    sidecar,
    dependsOn: mapDependsOn(ctx, svc),
    peers,
    externals,
    exemptions,
    // The pod's network namespace is one: a sidecar's low port needs the pod to allow it.
    sysctls: ports.some((p) => p.port < 1024) ? { 'net.ipv4.ip_unprivileged_port_start': '0' } : {},
    longestTask: isCeleryWorker(svc.command),
  };
}

/** A container name (DNS-1123 label) for a sidecar, unlike the root's and any other container's of the pod. */
function containerName(ctx: ImportContext, name: string, root: string, taken: readonly string[]): string {
  const label =
    ctx
      .chartName(name)
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 55)
      .replace(/-+$/, '') || 'sidecar';
  const rootName = ctx.chartName(root).replace(/_/g, '-');
  let candidate = label === rootName || label.startsWith('wait-for-') ? `sidecar-${label}`.slice(0, 63).replace(/-+$/, '') : label;
  for (let i = 2; taken.includes(candidate); i++) candidate = `${label.slice(0, 55)}-${i}`;
  return candidate;
}

const portKey = (p: Port) => `${p.port}/${p.protocol ?? 'TCP'}`;

/** The port numbers (per protocol) and names a pod's containers took so far. */
interface PortsTaken {
  readonly numbers: Set<string>;
  readonly names: Set<string>;
}

function take(taken: PortsTaken, p: Port): void {
  taken.numbers.add(portKey(p));
  taken.names.add(p.name);
}

/**
 * A sidecar's ports as ports of the pod: a number the pod already serves is the same port (one network
 * namespace), and a name another container took gets the number beside it.
 */
function podPorts(ctx: ImportContext, svc: ComposeService, root: string, ports: readonly Port[], taken: PortsTaken): Port[] {
  const out: Port[] = [];
  for (const p of ports) {
    if (taken.numbers.has(portKey(p))) {
      const field = svc.ports.some((c) => c.target === p.port) ? 'ports' : 'expose';
      warn(ctx, `services.${svc.name}.${field}`, `${portKey(p)} is already a port of ${root}'s pod (they share one network namespace); it is listed once`);
      continue;
    }
    const candidates = [p.name, `${p.name}-${p.port}`, `${(p.protocol ?? 'TCP') === 'UDP' ? 'u' : 'p'}${p.port}`];
    const unique = candidates.find((c) => isIanaServiceName(c) && !taken.names.has(c)) ?? `p${p.port}-${taken.names.size}`;
    const port = { ...p, name: unique };
    take(taken, port);
    out.push(port);
  }
  return out;
}

/** What a sidecar brings to its pod: dependencies, peers, externals, exemptions, kernel settings, a task's grace. */
function joinPod(ctx: ImportContext, chart: Record<string, DraftValue>, mapped: MappedSidecar): void {
  const rank = (d: Dependency) => ['service_started', 'service_healthy', 'service_completed_successfully'].indexOf(typeof d === 'string' ? d : d.condition);
  const dependsOn = { ...((chart.dependsOn ?? {}) as Record<string, Dependency>) };
  for (const [dep, d] of Object.entries(mapped.dependsOn)) {
    const key = ctx.chartName(dep);
    const known = dependsOn[key];
    if (known === undefined || rank(d) > rank(known)) dependsOn[key] = d;
  }
  if (Object.keys(dependsOn).length > 0) chart.dependsOn = Object.fromEntries(Object.entries(dependsOn).sort(([a], [b]) => a.localeCompare(b)));
  const talksTo = new Set([...((chart.talksTo ?? []) as string[]), ...mapped.peers.map(ctx.chartName)].filter((p) => !(p in dependsOn)));
  if (talksTo.size > 0) chart.talksTo = [...talksTo].sort();
  const externals = new Set([...((chart.usesExternals ?? []) as string[]), ...mapped.externals]);
  if (externals.size > 0) chart.usesExternals = [...externals].sort();
  // One exemption per check: a sidecar's reason joins the service's.
  const exemptions = [...((chart.exemptions ?? []) as Exemption[])];
  for (const e of mapped.exemptions) {
    const i = exemptions.findIndex((x) => x.check === e.check);
    if (i < 0) exemptions.push(e);
    else exemptions[i] = { check: e.check, reason: `${exemptions[i].reason}, and ${e.reason}` };
  }
  if (exemptions.length > 0) chart.exemptions = exemptions;
  if (Object.keys(mapped.sysctls).length > 0) chart.sysctls = { ...((chart.sysctls ?? {}) as object), ...mapped.sysctls };
  // The grace period is the pod's: it covers a Celery task the sidecar runs.
  if (mapped.longestTask && chart.longestTaskSeconds === undefined) chart.longestTaskSeconds = assumed(300, 'the longest Celery task is not in compose');
}

/** What compose sets per container that a pod has once: the root's settings stand, each difference is warned about. */
function podSettings(ctx: ImportContext, svc: ComposeService, root: string): void {
  const at = `services.${svc.name}`;
  const rootSvc = ctx.project.services[root];
  const replicas = svc.deploy?.replicas ?? (typeof svc.other.scale === 'number' ? svc.other.scale : undefined);
  if (replicas !== undefined && replicas !== 1) warn(ctx, `${at}.deploy.replicas`, `${replicas} replicas not mapped: a sidecar runs once in each of ${root}'s pods`);
  if (svc.deploy?.mode === 'global') warn(ctx, `${at}.deploy.mode`, `not mapped: a sidecar runs wherever ${root}'s pods run`);
  const restart = svc.restart ?? svc.deploy?.restartPolicy?.condition;
  if (restart !== undefined && restart !== (rootSvc.restart ?? rootSvc.deploy?.restartPolicy?.condition)) {
    warn(ctx, `${at}.restart`, `${restart} not mapped: the containers of a pod share its restart policy, ${root}'s`);
  }
  const settings: [string, boolean][] = [
    ['hostname', svc.hostname !== undefined],
    ['extra_hosts', svc.extraHosts.length > 0],
    ['sysctls', Object.keys(svc.sysctls).length > 0],
    ['init', svc.init === true],
    ['stop_grace_period', svc.stopGracePeriodSeconds !== undefined],
    ['labels', Object.keys(svc.labels).length > 0],
  ];
  for (const [key, set] of settings) if (set) warn(ctx, `${at}.${key}`, `not mapped: it is a setting of the pod, which is ${root}'s`);
}
