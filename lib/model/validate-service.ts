import { conditionOf } from './deployed';
import { isIanaServiceName, kubeName } from './names';
import { PLACEHOLDERS, placeholderProblems } from './placeholders';
import { checkPaths } from './validate-paths';
import { checkPodSettings } from './validate-pod-settings';
import { type ProblemList, known, show } from './problems';
import { servicePorts } from './objects';
import type { EnvValue, HealthCheck, PolicyCheck, Port, Resources, Service, System } from './types';

/** Description-level checks of one service: names, references, types and values, every problem at once. */
export function checkService(system: System, name: string, svc: Service, envNames: readonly string[], problems: ProblemList): void {
  const at = `services.${name}`;
  // An image the team builds names a repository; validate-delivery.ts checks it with the releases. An unpinned
  // image is allowed only with a written reason (an imported chart, before its release is pinned).
  const pinExempt = (svc.exemptions ?? []).some((e) => e.check === 'pinned-image');
  if (typeof svc.image === 'string' && !pinExempt) checkImage(`${at}.image`, svc.image, problems);
  checkPortList(system, at, svc.ports ?? [], newPortsSeen(), problems);
  // A check may probe any port of the pod: its containers share one network namespace.
  const podPorts = new Set(servicePorts(svc).map((p) => p.port));
  if (svc.healthCheck) checkHealthCheck(`${at}.healthCheck`, svc.healthCheck, podPorts, pinExempt, problems);
  // What `npm run validate` would find in the manifests, said here in chart terms before anything is written.
  if (keepsRunning(svc) && !svc.healthCheck && !hasExemption(svc, 'probes')) {
    problems.add(
      at,
      `a service that keeps running needs a readiness check: add healthCheck to ${at} (a tcp check on one of its ports at least) or an exemption for probes with the reason`,
    );
  }
  checkDependencies(system, name, svc, problems);
  checkReferences(system, at, svc, problems);
  checkPaths(system, at, svc, problems);
  checkPodSettings(name, svc, problems);
  checkEnv(system, `${at}.env`, svc.env ?? {}, problems);
  if (svc.healthCheck?.remote) checkEnv(system, `${at}.healthCheck.remote.env`, svc.healthCheck.remote.env ?? {}, problems);
  checkResources(`${at}.resources`, svc.resources, problems);
  checkKind(name, svc, problems);
  checkProcess(at, svc, problems);
  (svc.onlyIn ?? []).forEach((env, i) => {
    if (!envNames.includes(env)) problems.add(`${at}.onlyIn[${i}]`, `unknown environment ${show(env)} (${known(envNames)})`);
  });
}

/** Ports already taken in one pod, by `port/protocol` and by name, each with where it was declared. */
export interface PortsSeen {
  readonly keys: Map<string, string>;
  readonly names: Map<string, string>;
}

export const newPortsSeen = (): PortsSeen => ({ keys: new Map(), names: new Map() });

/**
 * The ports of one container. Its pod has one network namespace and one Service, so a number (per protocol) and
 * a name are taken once in the whole pod: `seen` carries what the other containers took.
 */
export function checkPortList(system: System, at: string, ports: readonly Port[], seen: PortsSeen, problems: ProblemList): void {
  const again = (first: string, what: string) =>
    first.startsWith(`${at}.`) ? `duplicate ${what}` : `${what} is also ${first}: the containers of a pod share its network and its Service; use another`;
  ports.forEach((p, i) => {
    const here = `${at}.ports[${i}]`;
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) problems.add(`${here}.port`, `${show(p.port)} is not a port number (1-65535)`);
    // The same number on TCP and UDP is two ports (DNS on 53); twice on one protocol is a mistake.
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    const first = seen.keys.get(key);
    if (first !== undefined) problems.add(`${here}.port`, again(first, `port ${key}`));
    else seen.keys.set(key, here);
    if (!isIanaServiceName(p.name)) problems.add(`${here}.name`, `${show(p.name)} is not an IANA service name (lowercase, at most 15, a letter)`);
    const named = seen.names.get(p.name);
    if (named !== undefined) problems.add(`${here}.name`, again(named, `port name ${show(p.name)}`));
    else seen.names.set(p.name, here);
    (p.reachableFrom ?? []).forEach((peer, j) => {
      if (!system.services[peer]) problems.add(`${here}.reachableFrom[${j}]`, `unknown service ${show(peer)} (${known(Object.keys(system.services))})`);
    });
  });
}

/** Kinds whose containers keep running, and so need readiness. */
export function keepsRunning(svc: Service): boolean {
  return svc.kind === undefined || svc.kind === 'long-running' || svc.kind === 'per-node';
}

export function hasExemption(svc: Service, check: PolicyCheck): boolean {
  return (svc.exemptions ?? []).some((e) => e.check === check);
}

function checkDependencies(system: System, name: string, svc: Service, problems: ProblemList): void {
  for (const [dep, entry] of Object.entries(svc.dependsOn ?? {})) {
    const path = `services.${name}.dependsOn.${dep}`;
    const condition = conditionOf(entry);
    const target = system.services[dep];
    if (!target) {
      problems.add(path, `unknown service ${show(dep)} (${known(Object.keys(system.services))})`);
      continue;
    }
    if (dep === name) problems.add(path, 'a service cannot depend on itself');
    const targetKind = target.kind ?? 'long-running';
    if ((condition === 'service_started' || condition === 'service_healthy') && (targetKind === 'one-shot' || targetKind === 'scheduled')) {
      problems.add(
        path,
        `condition ${condition}, but ${show(dep)} is ${targetKind} and gets no Service to wait for; use service_completed_successfully (one-shot) or depend on a server`,
      );
      continue;
    }
    if (condition === 'service_healthy') {
      if (!target.healthCheck) problems.add(path, `condition service_healthy, but ${show(dep)} has no healthCheck; use service_started or add one`);
      else if (isInContainerCheck(target.healthCheck) && !target.healthCheck.remote) {
        problems.add(path, `condition service_healthy, but ${show(dep)}'s health check runs inside its container; give it healthCheck.remote (a client image and command)`);
      }
    } else if (condition === 'service_started') {
      if (servicePorts(target).length === 0) problems.add(path, `condition service_started, but ${show(dep)} exposes no port to wait for; use a dependency with ports`);
    } else if (condition === 'service_completed_successfully') {
      if (targetKind !== 'one-shot') problems.add(path, `condition service_completed_successfully needs a one-shot service, but ${show(dep)} is ${targetKind}`);
    } else {
      problems.add(path, `${show(condition)} is not a condition (allowed: service_started, service_healthy, service_completed_successfully)`);
    }
  }
}

/** Names of other parts of the description: peers, externals, volumes, env files, scrapers. */
function checkReferences(system: System, at: string, svc: Service, problems: ProblemList): void {
  (svc.talksTo ?? []).forEach((peer, i) => {
    if (!system.services[peer]) problems.add(`${at}.talksTo[${i}]`, `unknown service ${show(peer)} (${known(Object.keys(system.services))})`);
  });
  (svc.usesExternals ?? []).forEach((ext, i) => {
    if (!system.externals?.[ext]) problems.add(`${at}.usesExternals[${i}]`, `unknown external ${show(ext)} (${known(Object.keys(system.externals ?? {}))})`);
  });
  (svc.mounts ?? []).forEach((m, i) => {
    if (!system.volumes?.[m.volume])
      problems.add(`${at}.mounts[${i}].volume`, `volume ${show(m.volume)} is mounted but not declared (${known(Object.keys(system.volumes ?? {}))})`);
  });
  (svc.envFiles ?? []).forEach((name, i) => {
    const secret = system.secrets?.[name];
    if (!secret) problems.add(`${at}.envFiles[${i}]`, `unknown secret ${show(name)} (${known(Object.keys(system.secrets ?? {}))})`);
    else if (!('envFile' in secret)) problems.add(`${at}.envFiles[${i}]`, `secret ${show(name)} has named keys; an env file is a secret with \`envFile\``);
  });
  if (svc.scrapedBy) {
    if (!system.services[svc.scrapedBy.service]) problems.add(`${at}.scrapedBy.service`, `unknown service ${show(svc.scrapedBy.service)}`);
    // An exporter may be a sidecar of the pod it reports on.
    if (!servicePorts(svc).some((p) => p.name === svc.scrapedBy?.port))
      problems.add(`${at}.scrapedBy.port`, `no port named ${show(svc.scrapedBy.port)} (${known(servicePorts(svc).map((p) => p.name))})`);
  }
}

/** Settings that belong to one kind: replicas to long-running services, how often a step runs to one-shots. */
function checkKind(name: string, svc: Service, problems: ProblemList): void {
  const at = `services.${name}`;
  if (svc.kind === 'scheduled' && !svc.schedule) problems.add(`${at}.schedule`, 'a scheduled service needs a cron schedule');
  if (svc.kind === 'one-shot') checkOneShot(name, svc, problems);
  // Replicas, singletons and autoscaling are judged per environment, on what resolution decided (check-resolved).
}

function checkOneShot(name: string, svc: Service & { kind: 'one-shot' }, problems: ProblemList): void {
  const at = `services.${name}`;
  const runs = svc.oneShot?.runs;
  if (!runs) {
    problems.add(
      `${at}.oneShot.runs`,
      "say how often the step runs under Argo CD: { every: 'sync', idempotentBecause: '<why repeating it is safe>' } or { every: 'change' } (once per change of its spec)",
    );
  } else if (runs.every === 'sync' && runs.idempotentBecause.trim().length < 10) {
    problems.add(`${at}.oneShot.runs.idempotentBecause`, "Argo CD runs sync hooks on every sync: write why running this step again is safe, or use { every: 'change' }");
  } else if (runs.every === 'change' && kubeName(name).length > 52) {
    problems.add(at, `a step that runs once per change is named <name>-<10-char hash>; ${show(kubeName(name))} leaves no room (at most 52 characters)`);
  }
  const deadline = svc.oneShot?.activeDeadlineSeconds;
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 60)) {
    problems.add(`${at}.oneShot.activeDeadlineSeconds`, `${show(deadline)} must be a whole number of seconds, at least 60`);
  }
}

/** The process: its command lines, its shutdown, its exemptions. */
function checkProcess(at: string, svc: Service, problems: ProblemList): void {
  checkCommandLines(at, svc, problems);
  if (svc.longestTaskSeconds !== undefined) {
    if (!Number.isInteger(svc.longestTaskSeconds) || svc.longestTaskSeconds < 1) {
      problems.add(`${at}.longestTaskSeconds`, `${show(svc.longestTaskSeconds)} must be a whole number of seconds, at least 1`);
    } else if (svc.terminationGracePeriodSeconds !== undefined && svc.terminationGracePeriodSeconds < svc.longestTaskSeconds) {
      problems.add(
        `${at}.terminationGracePeriodSeconds`,
        `${svc.terminationGracePeriodSeconds} is shorter than longestTaskSeconds ${svc.longestTaskSeconds}: a task still running is killed; leave it out to get ${svc.longestTaskSeconds + 30}`,
      );
    }
  }
  checkUid(at, svc.runAs.uid, problems);
  (svc.exemptions ?? []).forEach((e, i) => {
    if (e.reason.trim().length < 10) problems.add(`${at}.exemptions[${i}].reason`, `exemption from ${show(e.check)} needs a written reason`);
    if (e.reason.includes(';')) problems.add(`${at}.exemptions[${i}].reason`, 'a reason may not contain ";" (it separates exemptions in the annotation)');
  });
}

/** compose `entrypoint` and `command`: not empty, and only the placeholders a command may hold. */
export function checkCommandLines(at: string, process: Pick<Service, 'entrypoint' | 'command'>, problems: ProblemList): void {
  for (const field of ['entrypoint', 'command'] as const) {
    if (process[field] !== undefined && process[field]!.length === 0) problems.add(`${at}.${field}`, `an empty ${field} is not allowed; leave it out to keep the image's`);
    (process[field] ?? []).forEach((part, i) => {
      for (const message of placeholderProblems(part, PLACEHOLDERS.command)) problems.add(`${at}.${field}[${i}]`, message);
    });
  }
}

export function checkUid(at: string, uid: number, problems: ProblemList): void {
  if (!Number.isInteger(uid) || uid <= 0) problems.add(`${at}.runAs.uid`, `${show(uid)} is not allowed: the restricted Pod Security Standard needs a non-zero UID`);
}

/** Pinned means an explicit tag (or digest) that is not `latest`. */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest';
}

export function checkImage(path: string, image: string, problems: ProblemList): void {
  if (!isPinnedImage(image)) problems.add(path, `${show(image)} is not pinned; give it an explicit tag other than "latest"`);
}

export function isInContainerCheck(hc: HealthCheck): boolean {
  return hc.test.kind === 'exec' || hc.test.kind === 'shell';
}

export function checkHealthCheck(path: string, hc: HealthCheck, ports: Set<number>, pinExempt: boolean, problems: ProblemList): void {
  const test = hc.test;
  if (test.kind === 'http' && !(hc.source && hc.source.trim().length >= 10)) {
    problems.add(
      `${path}.source`,
      `an HTTP check on ${show(test.path)} needs its source (the compose file, a document, the image's docs); where none documents a path, use { kind: 'tcp', port: ${test.port} }`,
    );
  }
  if ((test.kind === 'http' || test.kind === 'tcp') && !ports.has(test.port)) {
    problems.add(`${path}.test.port`, `${test.kind} check on port ${test.port}, which the service does not expose (ports: ${[...ports].join(', ') || 'none'})`);
  }
  if (test.kind === 'http' && !test.path.startsWith('/')) problems.add(`${path}.test.path`, `${show(test.path)} must start with "/"`);
  if (test.kind === 'exec' && test.command.length === 0) problems.add(`${path}.test.command`, 'an exec check needs a command');
  for (const field of ['intervalSeconds', 'timeoutSeconds', 'retries'] as const) {
    const value = hc[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) problems.add(`${path}.${field}`, `${show(value)} must be a whole number of at least 1`);
  }
  if (hc.startPeriodSeconds !== undefined && (!Number.isInteger(hc.startPeriodSeconds) || hc.startPeriodSeconds < 0)) {
    problems.add(`${path}.startPeriodSeconds`, `${show(hc.startPeriodSeconds)} must be a whole number of at least 0`);
  }
  if (hc.remote) {
    if (!pinExempt) checkImage(`${path}.remote.image`, hc.remote.image, problems);
    hc.remote.command.forEach((part, i) => {
      for (const message of placeholderProblems(part, PLACEHOLDERS.remoteCheck)) problems.add(`${path}.remote.command[${i}]`, message);
    });
  }
}

export function checkEnv(system: System, path: string, env: Readonly<Record<string, EnvValue>>, problems: ProblemList): void {
  for (const [key, value] of Object.entries(env)) {
    // Kubernetes' rule (IsEnvVarName): compose files use dotted and dashed names (`bootstrap.memory_lock`).
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key))
      problems.add(`${path}.${key}`, 'is not a valid environment variable name (letters, digits, "_", "-" and ".", not starting with a digit)');
    // Valid to Kubernetes, but a key cdk8s drops from the ConfigMap the container would read it from.
    else if (key === '__proto__') problems.add(`${path}.${key}`, 'is a name no berth ConfigMap can hold; rename the variable');
    if (typeof value === 'string') continue;
    if ('secret' in value) {
      const secret = system.secrets?.[value.secret];
      if (!secret) problems.add(`${path}.${key}`, `unknown secret ${show(value.secret)} (${known(Object.keys(system.secrets ?? {}))})`);
      else if ('envFile' in secret) problems.add(`${path}.${key}`, `secret ${show(value.secret)} is an env file; list it in envFiles instead`);
      else if (!secret.keys[value.key]) problems.add(`${path}.${key}`, `secret ${show(value.secret)} has no key ${show(value.key)} (${known(Object.keys(secret.keys))})`);
    } else if (!system.externals?.[value.external]) {
      problems.add(`${path}.${key}`, `unknown external ${show(value.external)} (${known(Object.keys(system.externals ?? {}))})`);
    } else if (value.field === 'host') {
      const anywhere = Object.keys(system.environments).filter((env) => {
        const endpoint = system.environments[env].externals?.[value.external];
        return endpoint !== undefined && 'anyHost' in endpoint;
      });
      if (anywhere.length > 0)
        problems.add(`${path}.${key}`, `external ${show(value.external)} is any host in ${anywhere.join(', ')}: there is no host to configure; name one there`);
    }
  }
}

export function checkResources(path: string, r: Resources, problems: ProblemList): void {
  if (!(r.cpu > 0)) problems.add(`${path}.cpu`, `${show(r.cpu)} must be more than 0 cores`);
  if (!(r.memoryMi > 0)) problems.add(`${path}.memoryMi`, `${show(r.memoryMi)} must be more than 0 MiB`);
  if (r.cpuLimit !== undefined && r.cpuLimit < r.cpu) problems.add(`${path}.cpuLimit`, `${r.cpuLimit} is below the request ${r.cpu}`);
  if (r.memoryLimitMi !== undefined && r.memoryLimitMi < r.memoryMi) problems.add(`${path}.memoryLimitMi`, `${r.memoryLimitMi} is below the request ${r.memoryMi}`);
}
