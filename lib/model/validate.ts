import { checkKeys } from './check-keys';
import { isDns1035Label, isDns1123Label, kubeName } from './names';
import { PLACEHOLDERS, placeholderProblems } from './placeholders';
import { ProblemList, known, show } from './problems';
import type { System } from './types';
import { checkAliases } from './validate-pod-settings';
import { checkEnv, checkResources, checkService } from './validate-service';
import { checkDelivery } from './validate-delivery';
import { checkSidecars } from './validate-sidecars';
import { servicePorts } from './objects';

export { isPinnedImage } from './validate-service';

/**
 * Description-level checks of a whole description: names, references, types, cycles, values. Throws one
 * InvalidSystemError listing every problem. The rules that depend on an environment run on what resolution
 * decides for it (`check-resolved.ts`).
 */
export function validateSystem(system: System): void {
  descriptionProblems(system).throwIfAny(system.id);
}

export function descriptionProblems(system: System): ProblemList {
  const problems = new ProblemList();
  const envNames = Object.keys(system.environments).sort();
  if (!isDns1123Label(system.id)) problems.add('id', `${show(system.id)} is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)`);
  if (envNames.length === 0) problems.add('environments', 'at least one environment is required');
  for (const env of envNames) if (!isDns1123Label(env)) problems.add(`environments.${env}`, `${show(env)} is not a DNS-1123 label`);
  checkKeys(system, problems);
  checkNames(system, problems);
  checkAliases(system, problems);
  for (const name of Object.keys(system.services).sort()) {
    checkService(system, name, system.services[name], envNames, problems);
    checkSidecars(system, name, system.services[name], problems);
  }
  checkCycles(system, problems);
  checkVolumes(system, problems);
  checkSecrets(system, problems);
  checkRoutes(system, problems);
  checkEnvironments(system, envNames, problems);
  checkDelivery(system, envNames, problems);
  return problems;
}

function checkNames(system: System, problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const name of Object.keys(system.services).sort()) {
    const kube = kubeName(name);
    if (!isDns1035Label(kube)) {
      problems.add(`services.${name}`, `name becomes ${show(kube)}, which is not a DNS-1035 label (start with a letter; lowercase letters, digits, "-" and "_"; at most 63)`);
    }
    const clash = seen.get(kube);
    if (clash) problems.add(`services.${name}`, `becomes ${show(kube)}, the same Kubernetes name as ${show(clash)}`);
    seen.set(kube, name);
  }
  const volumes = new Map<string, string>();
  for (const name of Object.keys(system.volumes ?? {}).sort()) {
    const kube = kubeName(name);
    if (!isDns1123Label(kube)) problems.add(`volumes.${name}`, `name becomes ${show(kube)}, which is not a DNS-1123 label`);
    const clash = volumes.get(kube);
    if (clash) problems.add(`volumes.${name}`, `becomes ${show(kube)}, the same claim as ${show(clash)}`);
    volumes.set(kube, name);
  }
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
    if (!(volume.sizeGi > 0)) problems.add(`volumes.${name}.sizeGi`, `${show(volume.sizeGi)} must be more than 0`);
    if (volume.unprotectedBecause !== undefined && volume.unprotectedBecause.trim().length < 10) {
      problems.add(
        `volumes.${name}.unprotectedBecause`,
        'write why this data may be lost with the Application (for example: rebuilt at start-up), or leave it out to keep the claim',
      );
    }
  }
}

function checkSecrets(system: System, problems: ProblemList): void {
  for (const [name, secret] of Object.entries(system.secrets ?? {})) {
    if (!isDns1123Label(name)) problems.add(`secrets.${name}`, `${show(name)} is not a DNS-1123 label (it names a Secret)`);
    const keys = 'envFile' in secret ? [['envFile', secret.envFile]] : Object.entries(secret.keys).map(([k, v]) => [`keys.${k}.remoteKey`, v.remoteKey]);
    for (const [field, remoteKey] of keys) {
      for (const message of placeholderProblems(remoteKey, PLACEHOLDERS.secretKey)) problems.add(`secrets.${name}.${field}`, message);
    }
  }
}

function checkRoutes(system: System, problems: ProblemList): void {
  (system.routes ?? []).forEach((route, r) => {
    route.paths.forEach((p, i) => {
      const at = `routes[${r}].paths[${i}]`;
      const target = system.services[p.service];
      if (!target) problems.add(`${at}.service`, `unknown service ${show(p.service)} (${known(Object.keys(system.services))})`);
      else if (!servicePorts(target).some((port) => port.port === p.port)) {
        problems.add(
          `${at}.port`,
          `${p.service} does not expose port ${p.port} (ports: ${
            servicePorts(target)
              .map((x) => x.port)
              .join(', ') || 'none'
          })`,
        );
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

/** Per environment: overrides name real services, networks are ranges, externals have endpoints. */
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
      const longRunning = svc.kind === undefined || svc.kind === 'long-running';
      for (const field of ['replicas', 'autoscaling'] as const) {
        if (override[field] !== undefined && !longRunning) problems.add(`${at}.services.${svcName}.${field}`, `${svcName} is ${svc.kind}: only long-running services run copies`);
      }
    }
    checkNetworks(system, envName, problems);
  }
}

function checkNetworks(system: System, envName: string, problems: ProblemList): void {
  const env = system.environments[envName];
  const at = `environments.${envName}`;
  (env.clusterNetworks ?? []).forEach((cidr, i) => {
    if (!isCidr(cidr)) problems.add(`${at}.clusterNetworks[${i}]`, `${show(cidr)} is not a CIDR range (e.g. "10.0.0.0/8")`);
  });
  if ((env.clusterNetworks ?? []).length === 0)
    problems.add(`${at}.clusterNetworks`, "name the cluster's pod, service and node ranges (or the RFC 1918 ranges): internet egress excepts them");
  for (const ext of Object.keys(system.externals ?? {})) {
    const endpoint = env.externals?.[ext];
    if (endpoint && 'cidr' in endpoint && endpoint.cidr !== undefined && !isCidr(endpoint.cidr)) {
      problems.add(`${at}.externals.${ext}.cidr`, `${show(endpoint.cidr)} is not a CIDR range`);
    }
    if (!endpoint) problems.add(`${at}.externals`, `no endpoint for external ${show(ext)}`);
    else if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535)
      problems.add(`${at}.externals.${ext}.port`, `${show(endpoint.port)} is not a port number (1-65535)`);
  }
}

function isCidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d+$/.test(bits)) return false;
  const octets = ip.split('.');
  return octets.length === 4 && octets.every((o) => /^\d+$/.test(o) && Number(o) <= 255) && Number(bits) <= 32;
}
