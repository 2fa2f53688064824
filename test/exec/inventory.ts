/**
 * The inventory of what test:exec runs, read from dist/: every init container ("gate") with the server it
 * waits for, and every exec probe with the server it runs beside. Nothing here is hard-coded per system: the
 * target of a gate is its Service, the Service's selector names the workload, the workload's image and
 * environment say which server to start and how.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Container, ValueSource, containerArgv, fakeSecretValue, probeArgv, resolveEnv } from './kube';

export type ServerKind = 'redis' | 'postgres' | 'generic';
export type ImageKind = 'busybox' | 'redis' | 'postgres';

export interface Use {
  dir: string; // dist/<system>/<env>
  workload: string; // Kind/name
  container: string;
}

/** A server as its container would run it, with the Service ports that lead to it. */
export interface ServerSpec {
  kind: ServerKind;
  image: string;
  workload: string;
  /** The argv the container runs (command/args expanded); for postgres the args after `postgres`. */
  argv: string[];
  env: Map<string, string>;
  /** Service port → the container port it forwards to. */
  ports: { port: number; targetPort: number }[];
}

export interface Gate {
  key: string;
  name: string;
  image: string;
  imageKind?: ImageKind;
  argv: string[];
  env: Map<string, string>;
  uid: number;
  target: string;
  condition?: string;
  /** Host names the namespace's Services answer to. */
  hosts: string[];
  server?: ServerSpec;
  problems: string[];
  uses: Use[];
}

export interface ExecProbe {
  key: string;
  name: string;
  image: string;
  imageKind?: ImageKind;
  types: string[];
  argv: string[];
  env: Map<string, string>;
  uid: number;
  timeoutSeconds: number;
  server: ServerSpec;
  hosts: string[];
  problems: string[];
  uses: Use[];
}

export interface Inventory {
  gatesFound: number;
  probesFound: number;
  gates: Gate[];
  probes: ExecProbe[];
}

interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsUser?: number };
}

interface Workload {
  kind: string;
  name: string;
  labels: Record<string, string>;
  pod: PodSpec;
}

/** The last path segment of an image reference, without tag or digest: `timescale/timescaledb:2` → `timescaledb`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop() ?? noDigest;
  return last.split(':')[0];
}

export function serverKind(image: string): ServerKind {
  const name = imageName(image);
  if (/^redis(-stack-server|-stack)?$/.test(name)) return 'redis';
  if (/^(postgres|postgresql|postgis|timescaledb(-ha)?)$/.test(name)) return 'postgres';
  return 'generic';
}

/** Which local stand-in can run commands "in" an image: its sh is BusyBox in all three. */
export function imageKind(image: string): ImageKind | undefined {
  const name = imageName(image);
  if (name === 'busybox') return 'busybox';
  const server = serverKind(image);
  return server === 'generic' ? undefined : server;
}

function podTemplate(o: K8sObject): { labels: Record<string, string>; pod: PodSpec } | undefined {
  const template =
    o.kind === 'CronJob'
      ? o.spec?.jobTemplate?.spec?.template
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind ?? '')
        ? o.spec?.template
        : undefined;
  if (!template?.spec?.containers) return undefined;
  return { labels: template.metadata?.labels ?? {}, pod: template.spec };
}

class Namespace implements ValueSource {
  configMaps = new Map<string, Record<string, string>>();
  secrets = new Map<string, string[] | null>();
  services: K8sObject[] = [];
  workloads: Workload[] = [];
  name = '';

  constructor(readonly dir: string) {}

  configMap(name: string) {
    return this.configMaps.get(name);
  }
  secretKeys(name: string) {
    return this.secrets.get(name);
  }
  secretValue(name: string, key: string) {
    return fakeSecretValue(name, key);
  }
  field(fieldPath: string) {
    const fields: Record<string, string> = {
      'metadata.namespace': this.name,
      'status.podIP': '127.0.0.1',
      'status.hostIP': '127.0.0.1',
      'spec.nodeName': 'node',
      'spec.serviceAccountName': 'default',
    };
    return fields[fieldPath];
  }

  /** Service names as a pod in the namespace resolves them. */
  hosts(): string[] {
    const names: string[] = [];
    for (const s of this.services) {
      const n = s.metadata?.name;
      if (!n || s.spec?.type === 'ExternalName') continue;
      names.push(n, `${n}.${this.name}`, `${n}.${this.name}.svc`, `${n}.${this.name}.svc.cluster.local`);
    }
    return names;
  }
}

function loadNamespace(dir: string): Namespace {
  const ns = new Namespace(dir);
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const o = doc.toJS() as K8sObject | null;
      if (!o || typeof o !== 'object') continue;
      const name = o.metadata?.name ?? '';
      if (o.metadata?.namespace && !ns.name) ns.name = o.metadata.namespace;
      if (o.kind === 'ConfigMap') ns.configMaps.set(name, o.data ?? {});
      else if (o.kind === 'Secret') ns.secrets.set(name, Object.keys({ ...(o.data ?? {}), ...(o.spec ?? {}) }));
      else if (o.kind === 'ExternalSecret') {
        const target = o.spec?.target?.name ?? name;
        const templated = o.spec?.target?.template?.data;
        const keys = templated ? Object.keys(templated) : o.spec?.dataFrom ? null : (o.spec?.data ?? []).map((d: { secretKey: string }) => d.secretKey);
        ns.secrets.set(target, keys);
      } else if (o.kind === 'Service') ns.services.push(o);
      else {
        const t = podTemplate(o);
        if (t) ns.workloads.push({ kind: o.kind!, name, labels: t.labels, pod: t.pod });
      }
    }
  }
  return ns;
}

/** The uid a container runs as; one this machine has no account for runs as nobody (65534). */
function runAsUid(container: Container, pod: PodSpec, accounts: Set<number>): number {
  const uid = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser ?? 0;
  return accounts.has(uid) ? uid : 65534;
}

function hostAccounts(): Set<number> {
  const uids = new Set<number>();
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const uid = Number(line.split(':')[2]);
      if (Number.isInteger(uid)) uids.add(uid);
    }
  } catch {
    uids.add(0);
  }
  return uids;
}

function sortedEnv(env: Map<string, string>): [string, string][] {
  return [...env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * What the redis and postgres images' docker-entrypoint.sh ends up exec'ing for the given args (CMD when none):
 * a first argument that is an option (or, for redis, a .conf file) is the server's.
 */
const ENTRYPOINTS: Record<'redis' | 'postgres', (args: string[] | undefined) => string[]> = {
  redis: (args) => {
    const a = args ?? ['redis-server'];
    return a.length === 0 || a[0].startsWith('-') || a[0].endsWith('.conf') ? ['redis-server', ...a] : a;
  },
  postgres: (args) => {
    const a = args ?? ['postgres'];
    return a.length === 0 || a[0].startsWith('-') ? ['postgres', ...a] : a;
  },
};

/** The server spec of one container: what it runs, in which environment. */
function serverSpec(ns: Namespace, w: Workload, c: Container, ports: ServerSpec['ports'], problems: string[]): ServerSpec {
  const kind = serverKind(c.image);
  const { vars, errors } = resolveEnv(c, ns);
  // A stand-in listener ignores the environment; a real server's must resolve.
  if (kind !== 'generic') problems.push(...errors.map((e) => `${w.kind}/${w.name} ${c.name}: ${e}`));
  const argv = kind === 'generic' ? [] : containerArgv(c, vars, ENTRYPOINTS[kind]);
  if (kind === 'redis' && !/(^|\/)redis-server$/.test(argv[0])) problems.push(`${w.kind}/${w.name} ${c.name}: runs ${argv[0]}, not redis-server`);
  if (kind === 'postgres' && !/(^|\/)(postgres|postmaster)$/.test(argv[0])) problems.push(`${w.kind}/${w.name} ${c.name}: runs ${argv[0]}, not postgres`);
  return { kind, image: c.image, workload: `${w.kind}/${w.name}`, argv, env: vars, ports };
}

function serverKey(s: ServerSpec | undefined): unknown {
  if (!s) return null;
  if (s.kind === 'generic') return { kind: s.kind, ports: s.ports };
  return { kind: s.kind, image: s.image, argv: s.argv, env: sortedEnv(s.env), ports: s.ports };
}

/** The server behind a Service: the selected workload's container that owns the target port. */
function targetServer(ns: Namespace, target: string, problems: string[]): ServerSpec | undefined {
  const svc = ns.services.find((s) => s.metadata?.name === target);
  if (!svc) {
    problems.push(`no Service "${target}" in ${ns.dir}`);
    return undefined;
  }
  const selector: Record<string, string> = svc.spec?.selector ?? {};
  const selected = ns.workloads.filter((w) => Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => w.labels[k] === v));
  if (selected.length === 0) {
    problems.push(`Service "${target}" selects no workload in ${ns.dir}`);
    return undefined;
  }
  const w = selected[0];
  const svcPorts: { port: number; targetPort?: number | string }[] = svc.spec?.ports ?? [];
  let owner: Container | undefined;
  const ports: ServerSpec['ports'] = [];
  for (const p of svcPorts) {
    const tp = p.targetPort ?? p.port;
    let number: number | undefined;
    for (const c of w.pod.containers) {
      const cp = (c.ports ?? []).find((x) => (typeof tp === 'number' ? x.containerPort === tp : x.name === tp));
      if (cp) {
        number = cp.containerPort;
        owner = owner ?? c;
      }
    }
    if (number === undefined && typeof tp === 'number') number = tp;
    if (number === undefined) {
      problems.push(`Service "${target}" port ${p.port}: no container port named "${tp}" in ${w.kind}/${w.name}`);
      continue;
    }
    ports.push({ port: p.port, targetPort: number });
  }
  return serverSpec(ns, w, owner ?? w.pod.containers[0], ports, problems);
}

export function listDirs(distDir: string): string[] {
  const dirs: string[] = [];
  for (const system of fs.readdirSync(distDir).sort()) {
    const sysDir = path.join(distDir, system);
    if (!fs.statSync(sysDir).isDirectory()) continue;
    for (const env of fs.readdirSync(sysDir).sort()) {
      const dir = path.join(sysDir, env);
      if (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).some((f) => /\.ya?ml$/.test(f))) dirs.push(dir);
    }
  }
  return dirs;
}

export function readInventory(distDir: string): Inventory {
  const accounts = hostAccounts();
  const gates = new Map<string, Gate>();
  const probes = new Map<string, ExecProbe>();
  let gatesFound = 0;
  let probesFound = 0;
  for (const dir of listDirs(distDir)) {
    const ns = loadNamespace(dir);
    const rel = path.relative(path.dirname(distDir), dir);
    for (const w of ns.workloads) {
      for (const c of w.pod.initContainers ?? []) {
        gatesFound++;
        const problems: string[] = [];
        const { vars, errors } = resolveEnv(c, ns);
        problems.push(...errors);
        const argv = containerArgv(c, vars);
        if (argv.length === 0) problems.push('no command: the image entrypoint is not known here');
        const target = vars.get('GATE_TARGET') ?? c.name.replace(/^wait-for-/, '');
        const server = targetServer(ns, target, problems);
        const uid = runAsUid(c, w.pod, accounts);
        const key = JSON.stringify({ image: c.image, argv, env: sortedEnv(vars), uid, target, server: serverKey(server) });
        const use = { dir: rel, workload: `${w.kind}/${w.name}`, container: c.name };
        const known = gates.get(key);
        if (known) {
          known.uses.push(use);
          continue;
        }
        gates.set(key, {
          key,
          name: c.name,
          image: c.image,
          imageKind: imageKind(c.image),
          argv,
          env: vars,
          uid,
          target,
          condition: vars.get('GATE_CONDITION'),
          hosts: ns.hosts(),
          server,
          problems,
          uses: [use],
        });
      }
      for (const c of w.pod.containers) {
        for (const type of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
          const probe = c[type];
          if (!probe?.exec) continue;
          probesFound++;
          const problems: string[] = [];
          const argv = probeArgv(c, probe.exec.command ?? []);
          if (argv.length === 0) problems.push('exec probe without a command');
          const ports = (c.ports ?? []).map((p) => ({ port: p.containerPort, targetPort: p.containerPort }));
          const server = serverSpec(ns, w, c, ports, problems);
          const uid = runAsUid(c, w.pod, accounts);
          const timeoutSeconds = probe.timeoutSeconds ?? 1;
          const key = JSON.stringify({ argv, timeoutSeconds, uid, server: serverKey(server) });
          const use = { dir: rel, workload: `${w.kind}/${w.name}`, container: c.name };
          const known = probes.get(key);
          if (known) {
            if (!known.types.includes(type)) known.types.push(type);
            if (!known.uses.some((u) => u.dir === use.dir && u.workload === use.workload)) known.uses.push(use);
            continue;
          }
          probes.set(key, {
            key,
            name: `${c.name} ${type}`,
            image: c.image,
            imageKind: imageKind(c.image),
            types: [type],
            argv,
            env: server.env,
            uid,
            timeoutSeconds,
            server,
            hosts: ns.hosts(),
            problems,
            uses: [use],
          });
        }
      }
    }
  }
  return { gatesFound, probesFound, gates: [...gates.values()], probes: [...probes.values()] };
}
