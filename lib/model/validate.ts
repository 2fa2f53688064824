import { isDns1035Label, isDns1123Label, isIanaServiceName, kubeName } from './names';
import { ProblemList, show } from './problems';
import type { Dependency, DependencyCondition, EnvValue, HealthCheck, Resources, Service, System } from './types';

/**
 * Checks a whole description, every environment included, and throws one InvalidSystemError listing every
 * problem. Returns normally only when the description can be synthesized for each environment.
 */
export function validateSystem(system: System): void {
  const problems = new ProblemList();
  const names = Object.keys(system.services).sort();
  const envNames = Object.keys(system.environments).sort();

  if (!isDns1123Label(system.id)) {
    problems.add('id', `${show(system.id)} is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)`);
  }
  if (envNames.length === 0) problems.add('environments', 'at least one environment is required');
  for (const env of envNames) {
    if (!isDns1123Label(env)) problems.add(`environments.${env}`, `${show(env)} is not a DNS-1123 label`);
  }

  checkNames(system, problems);
  for (const name of names) checkService(system, name, system.services[name], envNames, problems);
  checkCycles(system, problems);
  checkVolumes(system, problems);
  checkRoutes(system, problems);
  checkEnvironments(system, envNames, problems);

  problems.throwIfAny(system.id);
}

function checkNames(system: System, problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const name of Object.keys(system.services).sort()) {
    const kube = kubeName(name);
    if (!isDns1035Label(kube)) {
      problems.add(
        `services.${name}`,
        `name becomes ${show(kube)}, which is not a DNS-1035 label (start with a letter; lowercase letters, digits, "-" and "_"; at most 63)`,
      );
    }
    const clash = seen.get(kube);
    if (clash) problems.add(`services.${name}`, `becomes ${show(kube)}, the same Kubernetes name as ${show(clash)}`);
    seen.set(kube, name);
  }
  for (const name of Object.keys(system.volumes ?? {}).sort()) {
    if (!isDns1123Label(kubeName(name))) {
      problems.add(`volumes.${name}`, `name becomes ${show(kubeName(name))}, which is not a DNS-1123 label`);
    }
  }
}

function known(keys: Iterable<string>): string {
  return `known: ${[...keys].sort().join(', ') || 'none'}`;
}

function checkService(system: System, name: string, svc: Service, envNames: string[], problems: ProblemList): void {
  const at = `services.${name}`;
  const kind = svc.kind ?? 'long-running';
  const ports = svc.ports ?? [];

  checkImage(`${at}.image`, svc.image, problems);

  const portNumbers = new Set<number>();
  const portNames = new Set<string>();
  ports.forEach((p, i) => {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      problems.add(`${at}.ports[${i}].port`, `${show(p.port)} is not a port number (1-65535)`);
    }
    if (portNumbers.has(p.port)) problems.add(`${at}.ports[${i}].port`, `duplicate port ${p.port}`);
    portNumbers.add(p.port);
    if (!isIanaServiceName(p.name)) {
      problems.add(`${at}.ports[${i}].name`, `${show(p.name)} is not an IANA service name (lowercase, at most 15, a letter)`);
    }
    if (portNames.has(p.name)) problems.add(`${at}.ports[${i}].name`, `duplicate port name ${show(p.name)}`);
    portNames.add(p.name);
  });

  if (svc.healthCheck) checkHealthCheck(`${at}.healthCheck`, svc.healthCheck, portNumbers, problems);

  for (const [dep, entry] of Object.entries(svc.dependsOn ?? {})) {
    const path = `${at}.dependsOn.${dep}`;
    const condition = conditionOf(entry);
    const target = system.services[dep];
    if (!target) {
      problems.add(path, `unknown service ${show(dep)} (${known(Object.keys(system.services))})`);
      continue;
    }
    if (dep === name) problems.add(path, 'a service cannot depend on itself');
    const targetKind = target.kind ?? 'long-running';
    if (condition === 'service_healthy') {
      if (!target.healthCheck) {
        problems.add(path, `condition service_healthy, but ${show(dep)} has no healthCheck; use service_started or add one`);
      } else if (isInContainerCheck(target.healthCheck) && !target.healthCheck.remote) {
        problems.add(
          path,
          `condition service_healthy, but ${show(dep)}'s health check runs inside its container; give it healthCheck.remote (a client image and command)`,
        );
      }
    } else if (condition === 'service_started') {
      if ((target.ports ?? []).length === 0) {
        problems.add(path, `condition service_started, but ${show(dep)} exposes no port to wait for; use a dependency with ports`);
      }
    } else if (condition === 'service_completed_successfully') {
      if (targetKind !== 'one-shot') {
        problems.add(path, `condition service_completed_successfully needs a one-shot service, but ${show(dep)} is ${targetKind}`);
      }
    } else {
      problems.add(path, `${show(condition)} is not a condition (allowed: service_started, service_healthy, service_completed_successfully)`);
    }
  }

  (svc.envFiles ?? []).forEach((name, i) => {
    const secret = system.secrets?.[name];
    if (!secret) problems.add(`${at}.envFiles[${i}]`, `unknown secret ${show(name)} (${known(Object.keys(system.secrets ?? {}))})`);
    else if (!('envFile' in secret)) problems.add(`${at}.envFiles[${i}]`, `secret ${show(name)} has named keys; an env file is a secret with \`envFile\``);
  });
  ports.forEach((p, i) =>
    (p.reachableFrom ?? []).forEach((peer, j) => {
      if (!system.services[peer]) problems.add(`${at}.ports[${i}].reachableFrom[${j}]`, `unknown service ${show(peer)} (${known(Object.keys(system.services))})`);
    }),
  );
  for (const field of ['entrypoint', 'command'] as const) {
    if (svc[field] !== undefined && svc[field]!.length === 0) problems.add(`${at}.${field}`, `an empty ${field} is not allowed; leave it out to keep the image's`);
  }
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
  (svc.talksTo ?? []).forEach((peer, i) => {
    if (!system.services[peer]) problems.add(`${at}.talksTo[${i}]`, `unknown service ${show(peer)} (${known(Object.keys(system.services))})`);
  });
  (svc.usesExternals ?? []).forEach((ext, i) => {
    if (!system.externals?.[ext]) problems.add(`${at}.usesExternals[${i}]`, `unknown external ${show(ext)} (${known(Object.keys(system.externals ?? {}))})`);
  });

  const mountPaths = new Set<string>();
  (svc.mounts ?? []).forEach((m, i) => {
    if (!system.volumes?.[m.volume]) {
      problems.add(`${at}.mounts[${i}].volume`, `volume ${show(m.volume)} is mounted but not declared (${known(Object.keys(system.volumes ?? {}))})`);
    }
    if (!m.path.startsWith('/')) problems.add(`${at}.mounts[${i}].path`, `${show(m.path)} is not an absolute path`);
    if (mountPaths.has(m.path)) problems.add(`${at}.mounts[${i}].path`, `${show(m.path)} is mounted twice`);
    mountPaths.add(m.path);
  });
  (svc.runAs.writablePaths ?? []).forEach((p, i) => {
    if (!p.startsWith('/')) problems.add(`${at}.runAs.writablePaths[${i}]`, `${show(p)} is not an absolute path`);
    if (mountPaths.has(p)) problems.add(`${at}.runAs.writablePaths[${i}]`, `${show(p)} is already a volume mount`);
  });

  const filePaths = new Set<string>();
  (svc.configFiles ?? []).forEach((f, i) => {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    if (!f.path.startsWith('/') || !/^[-._a-zA-Z0-9]+$/.test(name)) {
      problems.add(`${at}.configFiles[${i}].path`, `${show(f.path)} must be an absolute path ending in a file name of letters, digits, "-", "_" and "."`);
    }
    if (filePaths.has(name)) problems.add(`${at}.configFiles[${i}].path`, `another config file is also named ${show(name)}`);
    if (mountPaths.has(f.path)) problems.add(`${at}.configFiles[${i}].path`, `${show(f.path)} is already a volume mount`);
    filePaths.add(name);
  });
  if (svc.hostAccess) {
    if (!(svc.exemptions ?? []).some((e) => e.check === 'host-access')) {
      problems.add(`${at}.hostAccess`, 'host access needs a host-access exemption with a written reason');
    }
    for (const [hostPath, path] of Object.entries(svc.hostAccess.paths)) {
      if (!hostPath.startsWith('/') || !path.startsWith('/')) problems.add(`${at}.hostAccess.paths.${hostPath}`, 'host and container paths must be absolute');
    }
  }

  checkEnv(system, `${at}.env`, svc.env ?? {}, problems);
  if (svc.healthCheck?.remote) checkEnv(system, `${at}.healthCheck.remote.env`, svc.healthCheck.remote.env ?? {}, problems);
  checkResources(`${at}.resources`, svc.resources, problems);

  if (!Number.isInteger(svc.runAs.uid) || svc.runAs.uid <= 0) {
    problems.add(`${at}.runAs.uid`, `${show(svc.runAs.uid)} is not allowed: the restricted Pod Security Standard needs a non-zero UID`);
  }
  if (kind === 'scheduled' && !svc.schedule) problems.add(`${at}.schedule`, 'a scheduled service needs a cron schedule');
  if (kind !== 'scheduled' && svc.schedule) problems.add(`${at}.schedule`, `only scheduled services take a schedule (kind is ${kind})`);
  if (svc.oneShot && kind !== 'one-shot') problems.add(`${at}.oneShot`, `only one-shot services take oneShot settings (kind is ${kind})`);
  if (kind === 'one-shot') {
    const runs = svc.oneShot?.runs;
    if (!runs) {
      problems.add(
        `${at}.oneShot.runs`,
        "say how often the step runs under Argo CD: { every: 'sync', idempotentBecause: '<why repeating it is safe>' } or { every: 'change' } (once per change of its spec)",
      );
    } else if (runs.every === 'sync' && runs.idempotentBecause.trim().length < 10) {
      problems.add(`${at}.oneShot.runs.idempotentBecause`, 'Argo CD runs sync hooks on every sync: write why running this step again is safe, or use { every: \'change\' }');
    } else if (runs.every === 'change' && kubeName(name).length > 52) {
      problems.add(`services.${name}`, `a step that runs once per change is named <name>-<10-char hash>; ${show(kubeName(name))} leaves no room (at most 52 characters)`);
    }
    const deadline = svc.oneShot?.activeDeadlineSeconds;
    if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 60)) {
      problems.add(`${at}.oneShot.activeDeadlineSeconds`, `${show(deadline)} must be a whole number of seconds, at least 60`);
    }
  }
  const replicas = svc.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) problems.add(`${at}.replicas`, `${show(replicas)} is not a replica count (0 or more)`);
  if (kind !== 'long-running' && svc.replicas !== undefined) problems.add(`${at}.replicas`, `replicas apply to long-running services only (kind is ${kind})`);
  if (svc.singleton && replicas !== 1) problems.add(`${at}.replicas`, `a singleton runs exactly 1 replica, got ${replicas}`);
  if (svc.singleton && svc.autoscaling) problems.add(`${at}.autoscaling`, 'a singleton cannot autoscale');
  if (svc.autoscaling) checkAutoscaling(`${at}.autoscaling`, svc.autoscaling, problems);
  (svc.onlyIn ?? []).forEach((env, i) => {
    if (!envNames.includes(env)) problems.add(`${at}.onlyIn[${i}]`, `unknown environment ${show(env)} (${known(envNames)})`);
  });
  (svc.exemptions ?? []).forEach((e, i) => {
    if (e.reason.trim().length < 10) problems.add(`${at}.exemptions[${i}].reason`, `exemption from ${show(e.check)} needs a written reason`);
    if (e.reason.includes(';')) problems.add(`${at}.exemptions[${i}].reason`, 'a reason may not contain ";" (it separates exemptions in the annotation)');
  });
  if (svc.scrapedBy) {
    if (!system.services[svc.scrapedBy.service]) problems.add(`${at}.scrapedBy.service`, `unknown service ${show(svc.scrapedBy.service)}`);
    if (!ports.some((p) => p.name === svc.scrapedBy?.port)) problems.add(`${at}.scrapedBy.port`, `no port named ${show(svc.scrapedBy.port)} (${known(ports.map((p) => p.name))})`);
  }
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

function checkImage(path: string, image: string, problems: ProblemList): void {
  if (!isPinnedImage(image)) problems.add(path, `${show(image)} is not pinned; give it an explicit tag other than "latest"`);
}

function isInContainerCheck(hc: HealthCheck): boolean {
  return hc.test.kind === 'exec' || hc.test.kind === 'shell';
}

function checkHealthCheck(path: string, hc: HealthCheck, ports: Set<number>, problems: ProblemList): void {
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
  if (hc.remote) checkImage(`${path}.remote.image`, hc.remote.image, problems);
}

function checkEnv(system: System, path: string, env: Readonly<Record<string, EnvValue>>, problems: ProblemList): void {
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) problems.add(`${path}.${key}`, 'is not a valid environment variable name');
    if (typeof value === 'string') continue;
    if ('secret' in value) {
      const secret = system.secrets?.[value.secret];
      if (!secret) problems.add(`${path}.${key}`, `unknown secret ${show(value.secret)} (${known(Object.keys(system.secrets ?? {}))})`);
      else if ('envFile' in secret) problems.add(`${path}.${key}`, `secret ${show(value.secret)} is an env file; list it in envFiles instead`);
      else if (!secret.keys[value.key]) problems.add(`${path}.${key}`, `secret ${show(value.secret)} has no key ${show(value.key)} (${known(Object.keys(secret.keys))})`);
    } else if (!system.externals?.[value.external]) {
      problems.add(`${path}.${key}`, `unknown external ${show(value.external)} (${known(Object.keys(system.externals ?? {}))})`);
    }
  }
}

function checkResources(path: string, r: Resources, problems: ProblemList): void {
  if (!(r.cpu > 0)) problems.add(`${path}.cpu`, `${show(r.cpu)} must be more than 0 cores`);
  if (!(r.memoryMi > 0)) problems.add(`${path}.memoryMi`, `${show(r.memoryMi)} must be more than 0 MiB`);
  if (r.cpuLimit !== undefined && r.cpuLimit < r.cpu) problems.add(`${path}.cpuLimit`, `${r.cpuLimit} is below the request ${r.cpu}`);
  if (r.memoryLimitMi !== undefined && r.memoryLimitMi < r.memoryMi) problems.add(`${path}.memoryLimitMi`, `${r.memoryLimitMi} is below the request ${r.memoryMi}`);
}

function checkAutoscaling(path: string, a: { minReplicas: number; maxReplicas: number; cpuUtilizationPercent: number }, problems: ProblemList): void {
  if (a.minReplicas < 1 || a.maxReplicas < a.minReplicas) problems.add(path, `needs 1 <= minReplicas <= maxReplicas, got ${a.minReplicas}..${a.maxReplicas}`);
  if (a.cpuUtilizationPercent < 1) problems.add(`${path}.cpuUtilizationPercent`, `${a.cpuUtilizationPercent} must be at least 1`);
}

function checkCycles(system: System, problems: ProblemList): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      const key = [...cycle].sort().join();
      if (!reported.has(key)) problems.add(`services.${name}.dependsOn`, `dependency cycle: ${cycle.join(' → ')}`);
      reported.add(key);
      return;
    }
    state.set(name, 'visiting');
    for (const dep of Object.keys(system.services[name]?.dependsOn ?? {}).sort()) {
      if (system.services[dep]) visit(dep, [...trail, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(system.services).sort()) visit(name, []);
}

function checkVolumes(system: System, problems: ProblemList): void {
  for (const [name, volume] of Object.entries(system.volumes ?? {})) {
    const consumers = mountersOf(system, name);
    if (!(volume.sizeGi > 0)) problems.add(`volumes.${name}.sizeGi`, `${show(volume.sizeGi)} must be more than 0`);
    if (volume.unprotectedBecause !== undefined && volume.unprotectedBecause.trim().length < 10) {
      problems.add(`volumes.${name}.unprotectedBecause`, 'write why this data may be lost with the Application (for example: rebuilt at start-up), or leave it out to keep the claim');
    }
    if (volume.accessMode === 'ReadWriteOnce' && consumers.length > 1) {
      problems.add(
        `volumes.${name}`,
        `mounted by ${consumers.join(' and ')} but accessMode is ReadWriteOnce; use ReadWriteMany`,
      );
    }
  }
}

function checkRoutes(system: System, problems: ProblemList): void {
  (system.routes ?? []).forEach((route, r) => {
    route.paths.forEach((p, i) => {
      const at = `routes[${r}].paths[${i}]`;
      const target = system.services[p.service];
      if (!target) problems.add(`${at}.service`, `unknown service ${show(p.service)} (${known(Object.keys(system.services))})`);
      else if (!(target.ports ?? []).some((port) => port.port === p.port)) {
        problems.add(`${at}.port`, `${p.service} does not expose port ${p.port} (ports: ${(target.ports ?? []).map((x) => x.port).join(', ') || 'none'})`);
      }
      if (!p.path.startsWith('/')) problems.add(`${at}.path`, `${show(p.path)} must start with "/"`);
      for (const field of ['readTimeoutSeconds', 'sendTimeoutSeconds', 'maxBodyMi'] as const) {
        const value = p[field];
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) problems.add(`${at}.${field}`, `${show(value)} must be a whole number of at least 1`);
      }
      if (target?.hostAccess) problems.add(`${at}.service`, `${show(p.service)} runs in the host namespace and cannot be routed publicly`);
    });
  });
}

/** Per environment: overrides name real services, externals have endpoints, and dependencies are deployed. */
function checkEnvironments(system: System, envNames: string[], problems: ProblemList): void {
  for (const envName of envNames) {
    const env = system.environments[envName];
    const at = `environments.${envName}`;
    for (const [svcName, override] of Object.entries(env.services ?? {})) {
      const svc = system.services[svcName];
      if (!svc) {
        problems.add(`${at}.services.${svcName}`, `unknown service ${show(svcName)} (${known(Object.keys(system.services))})`);
        continue;
      }
      if (override.resources) checkResources(`${at}.services.${svcName}.resources`, override.resources, problems);
      if (override.env) checkEnv(system, `${at}.services.${svcName}.env`, override.env, problems);
      if (override.autoscaling) checkAutoscaling(`${at}.services.${svcName}.autoscaling`, override.autoscaling, problems);
      if (svc.singleton && override.replicas !== undefined && override.replicas !== 1) {
        problems.add(`${at}.services.${svcName}.replicas`, `a singleton runs exactly 1 replica, got ${override.replicas}`);
      }
    }
    (env.clusterNetworks ?? []).forEach((cidr, i) => {
      if (!isCidr(cidr)) problems.add(`${at}.clusterNetworks[${i}]`, `${show(cidr)} is not a CIDR range (e.g. "10.0.0.0/8")`);
    });
    if ((env.clusterNetworks ?? []).length === 0) {
      problems.add(`${at}.clusterNetworks`, 'name the cluster\'s pod, service and node ranges (or the RFC 1918 ranges): internet egress excepts them');
    }
    for (const ext of Object.keys(system.externals ?? {})) {
      const endpoint = env.externals?.[ext];
      if (endpoint?.cidr !== undefined && !isCidr(endpoint.cidr)) problems.add(`${at}.externals.${ext}.cidr`, `${show(endpoint.cidr)} is not a CIDR range`);
      if (!endpoint) problems.add(`${at}.externals`, `no endpoint for external ${show(ext)}`);
      else if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
        problems.add(`${at}.externals.${ext}.port`, `${show(endpoint.port)} is not a port number (1-65535)`);
      }
    }
    const deployed = new Set(Object.keys(system.services).filter((n) => isDeployedIn(system, n, envName)));
    for (const name of [...deployed].sort()) {
      const svc = system.services[name];
      const replicas = env.services?.[name]?.replicas ?? svc.replicas ?? 1;
      for (const m of svc.mounts ?? []) {
        const volume = system.volumes?.[m.volume];
        if (volume && volume.accessMode !== 'ReadWriteMany' && replicas > 1 && mountersOf(system, m.volume).length <= 1) {
          problems.add(
            `${at}.services.${name}.replicas`,
            `${replicas} replicas share the ReadWriteOnce volume ${show(m.volume)}, which only one node can mount; use 1 replica or ReadWriteMany`,
          );
        }
      }
      for (const [dep, entry] of Object.entries(svc.dependsOn ?? {})) {
        if (system.services[dep] && !deployed.has(dep) && isRequired(entry)) {
          problems.add(
            `services.${name}.dependsOn.${dep}`,
            `${show(dep)} is not deployed in ${envName}, but ${show(name)} is; deploy it there, or make the dependency optional with { condition, required: false }`,
          );
        }
      }
      if (env.production && svc.oneShot?.sampleData) {
        problems.add(`services.${name}.onlyIn`, `loads sample data but ${envName} is a production environment; limit it with onlyIn to the others`);
      }
    }
    (system.routes ?? []).forEach((route, r) =>
      route.paths.forEach((p, i) => {
        if (system.services[p.service] && !deployed.has(p.service)) {
          problems.add(`routes[${r}].paths[${i}].service`, `${show(p.service)} is not deployed in ${envName}`);
        }
      }),
    );
    checkEntryPath(system, envName, deployed, problems);
  }
}

/**
 * The public entry path (routed backends that are not non-critical, and everything they wait for) syncs before
 * the Ingress. A non-critical service on it would hold the Ingress back whenever it fails to get healthy.
 */
function checkEntryPath(system: System, envName: string, deployed: ReadonlySet<string>, problems: ProblemList): void {
  const seen = new Set<string>();
  const visit = (name: string, trail: string[]) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of dependenciesIn(system, name, envName)) {
      if (!system.services[dep.service]) continue;
      if (system.services[dep.service].tier === 'non-critical') {
        problems.add(
          `services.${name}.dependsOn.${dep.service}`,
          `${[...trail, name].join(' → ')} is routed publicly and waits for non-critical ${show(dep.service)}; its failure would keep Argo CD from ever applying the Ingress. Raise its tier or drop the dependency`,
        );
      }
      visit(dep.service, [...trail, name]);
    }
  };
  for (const route of system.routes ?? []) {
    for (const p of route.paths) {
      const svc = system.services[p.service];
      if (svc && deployed.has(p.service) && svc.tier !== 'non-critical') visit(p.service, []);
    }
  }
}

function isCidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d+$/.test(bits)) return false;
  const octets = ip.split('.');
  return octets.length === 4 && octets.every((o) => /^\d+$/.test(o) && Number(o) <= 255) && Number(bits) <= 32;
}

export function conditionOf(entry: Dependency): DependencyCondition {
  return typeof entry === 'string' ? entry : entry.condition;
}

function isRequired(entry: Dependency): boolean {
  return typeof entry === 'string' || entry.required !== false;
}

/**
 * The dependencies a service waits for in one environment, by compose name and sorted: every required one, and
 * the optional ones (`required: false`) that are deployed there.
 */
export function dependenciesIn(system: System, name: string, envName: string): { service: string; condition: DependencyCondition }[] {
  return Object.entries(system.services[name].dependsOn ?? {})
    .filter(([dep, entry]) => isRequired(entry) || (system.services[dep] && isDeployedIn(system, dep, envName)))
    .map(([service, entry]) => ({ service, condition: conditionOf(entry) }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** Compose names of the services that mount a volume, in any environment. */
function mountersOf(system: System, volume: string): string[] {
  return Object.keys(system.services).filter((n) => (system.services[n].mounts ?? []).some((m) => m.volume === volume));
}

/** Whether a service runs in an environment: `onlyIn`, then `enabled`, then the environment's switch. */
export function isDeployedIn(system: System, name: string, envName: string): boolean {
  const svc = system.services[name];
  if (svc.onlyIn && !svc.onlyIn.includes(envName)) return false;
  return system.environments[envName]?.services?.[name]?.enabled ?? svc.enabled ?? true;
}
