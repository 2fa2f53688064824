import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { assumed } from '../model/assumed';
import { heapMi } from '../model/check-heap';
import { SAFE_SYSCTLS } from '../model/sysctls';
import { annotationKeyProblem } from '../model/validate-pod-settings';
import type { Port } from '../model/types';
import { type DraftValue, type ImportContext, warn } from './context';
import type { MappedStorage } from './storage';

const MiB = 1024 * 1024;

/** Users the common base images create, by name. */
const NAMED_USERS: Readonly<Record<string, number>> = { nobody: 65534, 'www-data': 33, node: 1000, nginx: 101, app: 1000 };

/**
 * The process: resources, user and writable paths, and the pod settings compose has (working_dir, hostname,
 * extra_hosts, init, sysctls, stop_grace_period, labels). Whatever has no place in a restricted pod is a warning.
 */
export function mapProcess(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined, storage: MappedStorage, ports: readonly Port[]): Record<string, DraftValue> {
  unmapped(ctx, svc);
  const lowPorts = ports.some((p) => p.port < 1024);
  const sysctls = { ...safeSysctls(ctx, svc), ...(lowPorts ? { 'net.ipv4.ip_unprivileged_port_start': '0' } : {}) };
  return {
    resources: resources(svc, image, heapOf(svc)),
    runAs: runAs(ctx, svc, image, storage),
    ...(svc.workingDir !== undefined ? { workingDir: svc.workingDir } : {}),
    ...(svc.hostname !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(svc.hostname) ? { hostname: svc.hostname } : {}),
    ...hostAliases(ctx, svc),
    ...(svc.init === true ? { init: true } : {}),
    ...(Object.keys(sysctls).length > 0 ? { sysctls } : {}),
    ...(svc.stopGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: Math.ceil(svc.stopGracePeriodSeconds) } : {}),
    ...annotations(ctx, svc),
  };
}

/**
 * Requests and limits: compose's reservations and limits where it has them. Where it has none, an assumed
 * size: at least what the image catalog says the image needs.
 */
export function resources(svc: ComposeService, image: ResolvedImage | undefined, heap: number | undefined): DraftValue {
  const limitBytes = svc.deploy?.limits.memoryBytes ?? svc.memLimitBytes;
  const requestBytes = svc.deploy?.reservations.memoryBytes ?? svc.memReservationBytes;
  const cpuLimit = svc.deploy?.limits.cpus ?? svc.cpus;
  const cpuRequest = svc.deploy?.reservations.cpus;
  if (limitBytes === undefined && requestBytes === undefined) {
    // A heap set in the environment (-Xmx, --max-old-space-size) needs room beside it: request 1.25×, limit 1.5×.
    const memoryMi = Math.max(256, image?.minimumMemoryMi ?? 0, heap === undefined ? 0 : Math.ceil(heap * 1.25));
    const memoryLimitMi = Math.max(memoryMi * 2, heap === undefined ? 0 : Math.ceil(heap * 1.5));
    return assumed({ cpu: cpuRequest ?? 0.1, memoryMi, memoryLimitMi, ...(cpuLimit !== undefined ? { cpuLimit } : {}) }, 'compose sets no memory reservation or limit');
  }
  const limitMi = limitBytes !== undefined ? Math.ceil(limitBytes / MiB) : undefined;
  const memoryMi = requestBytes !== undefined ? Math.ceil(requestBytes / MiB) : limitMi!;
  return {
    cpu: cpuRequest ?? (cpuLimit !== undefined ? Math.min(cpuLimit, 0.1) : 0.1),
    memoryMi,
    ...(cpuLimit !== undefined ? { cpuLimit } : {}),
    ...(limitMi !== undefined && limitMi !== memoryMi ? { memoryLimitMi: Math.max(limitMi, memoryMi) } : {}),
  };
}

/** The UID: compose `user` when numeric and not root, else the catalog's, else assumed. */
export function runAs(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined, storage: MappedStorage): DraftValue {
  const mounted = new Set([...storage.mounts.map((m) => m.path), ...storage.scratch.map((s) => s.path)]);
  const catalogPaths = [...(image?.writablePaths ?? []), ...unmountedData(ctx, svc, image, mounted)].filter((p) => !mounted.has(p));
  const writable = image !== undefined ? catalogPaths : mounted.has('/tmp') ? [] : ['/tmp'];
  const copies = (image?.writableCopies ?? []).filter((p) => !mounted.has(p));
  const paths = {
    ...(writable.length > 0 ? { writablePaths: image !== undefined ? writable : assumed(writable, 'paths the image writes are not documented') } : {}),
    ...(copies.length > 0 ? { writableCopies: copies } : {}),
  };
  const user = parseUser(svc.user);
  const at = `services.${svc.name}.user`;
  if (user !== undefined && user.uid !== 0) return { uid: user.uid, ...(user.gid !== undefined && user.gid !== user.uid ? { gid: user.gid } : {}), ...paths };
  if (svc.user !== undefined && user?.uid === 0) warn(ctx, at, `${svc.user} is root; restricted pods never run as root, so it runs as ${image?.user.uid ?? 1000}`);
  else if (svc.user !== undefined)
    warn(ctx, at, `${svc.user} is not a number berth knows; ${image !== undefined ? `it runs as ${image.user.uid}, the image's user (image catalog)` : 'the UID is assumed'}`);
  if (image !== undefined) {
    const gid = image.user.gid !== image.user.uid ? { gid: image.user.gid } : {};
    const fsGroup = image.user.fsGroup !== undefined && image.user.fsGroup !== image.user.gid ? { fsGroup: image.user.fsGroup } : {};
    return { uid: image.user.uid, ...gid, ...fsGroup, ...paths };
  }
  return { uid: assumed(1000, 'the UID the image runs as is not documented'), gid: assumed(1000, 'the GID is not documented'), ...paths };
}

/**
 * The image's data directory where compose mounts nothing there (nor above it): under a read-only root the
 * process could not write it at all, so it gets an emptyDir, which lives as long as the pod; said, since its data
 * does not survive a restart.
 */
function unmountedData(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined, mounted: ReadonlySet<string>): string[] {
  const data = image?.dataDirectory;
  if (data === undefined || [...mounted].some((m) => m === data || data.startsWith(`${m}/`))) return [];
  warn(ctx, `services.${svc.name}.volumes`, `nothing is mounted at ${data}, where the image keeps its data: it is an emptyDir, lost with the pod (mount a volume to keep it)`);
  return [data];
}

function parseUser(user: string | undefined): { uid: number; gid?: number } | undefined {
  if (user === undefined) return undefined;
  const [u, g] = user.split(':');
  const uid = /^\d+$/.test(u) ? Number(u) : u === 'root' ? 0 : NAMED_USERS[u];
  if (uid === undefined) return undefined;
  const gid = g === undefined ? undefined : /^\d+$/.test(g) ? Number(g) : NAMED_USERS[g];
  return { uid, gid };
}

function hostAliases(ctx: ImportContext, svc: ComposeService): Record<string, DraftValue> {
  const byIp = new Map<string, string[]>();
  svc.extraHosts.forEach((h, i) => {
    if (h.ip === 'host-gateway') {
      warn(ctx, `services.${svc.name}.extra_hosts[${i}]`, `${h.host}:host-gateway is not mapped: a pod has no Docker host; reach the service through the cluster`);
      return;
    }
    byIp.set(h.ip, [...(byIp.get(h.ip) ?? []), h.host]);
  });
  const list = [...byIp.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ip, hostnames]) => ({ ip, hostnames: hostnames.sort() }));
  return list.length > 0 ? { hostAliases: list } : {};
}

function safeSysctls(ctx: ImportContext, svc: ComposeService): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(svc.sysctls).sort(([a], [b]) => a.localeCompare(b))) {
    if (SAFE_SYSCTLS.includes(name)) out[name] = value;
    else
      warn(
        ctx,
        `services.${svc.name}.sysctls.${name}`,
        'not mapped: the restricted Pod Security Standard allows only the safe sysctls; set it on the nodes if the service needs it',
      );
  }
  return out;
}

/** What a restricted pod has no place for, each with why. */
const NOT_MAPPED: Readonly<Record<string, string>> = {
  ulimits: 'Kubernetes has no per-container ulimits; the node runtime’s limits apply',
  privileged: 'restricted pods are never privileged',
  devices: 'restricted pods get no host devices',
  pid: 'restricted pods never share the host’s process namespace',
  ipc: 'restricted pods never share an IPC namespace',
  security_opt: 'berth sets the security options (seccomp RuntimeDefault, no privilege escalation)',
  cgroup_parent: 'the kubelet places pods in cgroups',
  dns: 'pods use the cluster DNS',
  dns_search: 'pods use the cluster DNS search path',
  dns_opt: 'pods use the cluster DNS options',
  mac_address: 'pods get their address from the cluster network',
  runtime: 'the node’s container runtime runs every pod',
  platform: 'nodes pull the image for their own platform',
  logging: 'the cluster collects stdout and stderr',
  stop_signal: 'Kubernetes sends SIGTERM (or the image’s STOPSIGNAL)',
  group_add: 'pods get supplementary groups from fsGroup',
  external_links: 'containers outside the project do not exist in the cluster',
  domainname: 'pods get the cluster domain',
  develop: 'a development file-watch setting',
  attach: 'a `docker compose up` console setting',
  container_name: 'Kubernetes names pods after the workload (clients that use it get it as an extra Service name)',
  tty: 'a console setting',
  stdin_open: 'a console setting',
  read_only: 'berth runs every container with a read-only root file system',
  cap_drop: 'berth drops every capability',
  volumes_from: 'mount the named volumes in this service as well',
  mem_swappiness: 'the kubelet manages swap',
  oom_kill_disable: 'the kubelet manages out-of-memory handling',
  oom_score_adj: 'the kubelet sets the OOM score by QoS class',
  pids_limit: 'the kubelet sets the PID limit per node',
  userns_mode: 'pods use the node’s user namespace settings',
  pull_policy: 'berth pulls pinned images IfNotPresent',
  storage_opt: 'storage is set per claim',
  isolation: 'a Windows container setting',
  cpu_shares: 'requests set the CPU share',
  cpu_quota: 'limits set the CPU quota',
  cpu_period: 'limits set the CPU period',
  cpuset: 'the kubelet’s CPU manager pins CPUs',
  blkio_config: 'Kubernetes has no block-I/O weights',
  scale: 'mapped to replicas',
  annotations: 'mapped to annotations with labels',
};

export function unmapped(ctx: ImportContext, svc: ComposeService): void {
  for (const key of Object.keys(svc.other).sort()) {
    if (key.startsWith('x-') || key === 'scale' || onlyHostMountOptions(key, svc.other[key])) continue;
    warn(ctx, `services.${svc.name}.${key}`, `not mapped: ${NOT_MAPPED[key] ?? 'berth has no equivalent'}`);
  }
  if (svc.capAdd.length > 0)
    warn(
      ctx,
      `services.${svc.name}.cap_add`,
      `${svc.capAdd.join(', ')} not added: restricted pods drop every capability (berth lets non-root processes bind low ports with a safe sysctl)`,
    );
  // A network shared with another service of the project is a pod with sidecars (pods.ts).
  const shared = ctx.podOf(svc.name) !== svc.name;
  if (svc.networkMode !== undefined && svc.networkMode !== 'bridge' && svc.networkMode !== 'none' && !shared) {
    warn(ctx, `services.${svc.name}.network_mode`, `${svc.networkMode} is not mapped: every pod has its own network; it reaches others through their Services`);
  }
  for (const key of ['container_name', 'tty', 'stdin_open', 'read_only', 'privileged', 'domainname'] as const) {
    const value = { container_name: svc.containerName, tty: svc.tty, stdin_open: svc.stdinOpen, read_only: svc.readOnly, privileged: svc.privileged, domainname: svc.domainname }[
      key
    ];
    if (value !== undefined && value !== false) warn(ctx, `services.${svc.name}.${key}`, `not mapped: ${NOT_MAPPED[key]}`);
  }
  if (Object.keys(svc.ulimits).length > 0) warn(ctx, `services.${svc.name}.ulimits`, `not mapped: ${NOT_MAPPED.ulimits}`);
  if (svc.volumesFrom.length > 0) warn(ctx, `services.${svc.name}.volumes_from`, `not mapped: ${NOT_MAPPED.volumes_from}`);
  if (svc.stopSignal !== undefined) warn(ctx, `services.${svc.name}.stop_signal`, `not mapped: ${NOT_MAPPED.stop_signal}`);
  if (svc.hostname !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(svc.hostname))
    warn(ctx, `services.${svc.name}.hostname`, `${svc.hostname} is not a DNS label; the pod keeps its own name`);
}

/**
 * Mount options that only tell the Docker host how to mount (SELinux relabelling `z`/`Z`, macOS consistency,
 * `nocopy`): a claim needs none of them, so they are not worth a warning.
 */
function onlyHostMountOptions(key: string, value: unknown): boolean {
  const harmless = ['z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy'];
  return /^volumes\[\d+\]\.options$/.test(key) && Array.isArray(value) && value.every((o) => harmless.includes(String(o)));
}

/** compose `labels` as annotations; keys Kubernetes cannot hold (a proxy's long routing labels) are warned about. */
function annotations(ctx: ImportContext, svc: ComposeService): Record<string, DraftValue> {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.labels).sort(([a], [b]) => a.localeCompare(b))) {
    const problem = annotationKeyProblem(k);
    if (problem === undefined) kept[k] = v;
    else warn(ctx, `services.${svc.name}.labels.${k}`, `not kept: ${problem}`);
  }
  return Object.keys(kept).length > 0 ? { annotations: kept } : {};
}

/** The largest JVM or Node heap the service's environment sets, in MiB. */
export function heapOf(svc: ComposeService): number | undefined {
  const heaps = Object.values(svc.environment).flatMap((v) => (v === null ? [] : [heapMi(v)?.mi ?? 0]));
  const largest = Math.max(0, ...heaps);
  return largest > 0 ? largest : undefined;
}
