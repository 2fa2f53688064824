import { GATE_NAME_PREFIX, isDns1123Label, kubeName } from './names';
import { servicePorts } from './objects';
import { ProblemList, known, show } from './problems';
import type { Service, Sidecar, System } from './types';
import { checkPaths } from './validate-paths';
import { checkCommandLines, checkEnv, checkHealthCheck, checkImage, checkPortList, checkResources, checkUid, hasExemption, keepsRunning, newPortsSeen } from './validate-service';

/**
 * The sidecars of one service, in chart terms: each is a container of the service's pod, so its name is a
 * container name no other container of the pod has, its ports are the pod's (one network namespace, one
 * Service), and it is held to what the service's own container is held to (pinned image, absolute paths,
 * declared volumes and secrets, a readiness check where the pod keeps running, a non-root UID).
 */
export function checkSidecars(system: System, name: string, svc: Service, problems: ProblemList): void {
  const sidecars = svc.sidecars ?? {};
  // The service's own ports come first (checkService reports their problems).
  const ports = newPortsSeen();
  checkPortList(system, `services.${name}`, svc.ports ?? [], ports, new ProblemList());
  const podPorts = new Set(servicePorts(svc).map((p) => p.port));
  for (const sidecar of Object.keys(sidecars).sort()) {
    const at = `services.${name}.sidecars.${sidecar}`;
    const spec = sidecars[sidecar];
    checkName(name, sidecar, at, problems);
    if (typeof spec.image === 'string' && !hasExemption(svc, 'pinned-image')) checkImage(`${at}.image`, spec.image, problems);
    checkPortList(system, at, spec.ports ?? [], ports, problems);
    checkReadiness(svc, spec, at, podPorts, problems);
    checkPaths(system, at, spec, problems);
    (spec.mounts ?? []).forEach((m, i) => {
      if (!system.volumes?.[m.volume])
        problems.add(`${at}.mounts[${i}].volume`, `volume ${show(m.volume)} is mounted but not declared (${known(Object.keys(system.volumes ?? {}))})`);
    });
    (spec.envFiles ?? []).forEach((file, i) => {
      const secret = system.secrets?.[file];
      if (!secret) problems.add(`${at}.envFiles[${i}]`, `unknown secret ${show(file)} (${known(Object.keys(system.secrets ?? {}))})`);
      else if (!('envFile' in secret)) problems.add(`${at}.envFiles[${i}]`, `secret ${show(file)} has named keys; an env file is a secret with \`envFile\``);
    });
    checkEnv(system, `${at}.env`, spec.env ?? {}, problems);
    checkResources(`${at}.resources`, spec.resources, problems);
    checkCommandLines(at, spec, problems);
    checkUid(at, spec.runAs.uid, problems);
    if (spec.runAs.gid !== undefined && !(Number.isInteger(spec.runAs.gid) && spec.runAs.gid >= 0)) {
      problems.add(`${at}.runAs.gid`, `${show(spec.runAs.gid)} is not a group id (a whole number, 0 or more)`);
    }
  }
}

/** A container name (DNS-1123 label) that neither the service's container nor a gate of the pod has. */
function checkName(service: string, sidecar: string, at: string, problems: ProblemList): void {
  if (!isDns1123Label(sidecar)) {
    problems.add(at, `${show(sidecar)} is not a container name: a DNS-1123 label (lowercase letters, digits and "-", at most 63)`);
  } else if (sidecar === kubeName(service)) {
    problems.add(at, `${show(sidecar)} is the name of the service's own container; give the sidecar a name of its own`);
  } else if (sidecar.startsWith(GATE_NAME_PREFIX)) {
    problems.add(at, `${show(sidecar)} starts with "${GATE_NAME_PREFIX}", which names the pod's init containers (gates); give the sidecar another name`);
  }
}

/**
 * A pod is ready when every container is: in a service that keeps running, each sidecar has a readiness check, or
 * the service is exempt from probes. Its check probes a port of the pod; dependents wait on the service's check.
 */
function checkReadiness(svc: Service, spec: Sidecar, at: string, podPorts: Set<number>, problems: ProblemList): void {
  if (spec.healthCheck) {
    checkHealthCheck(`${at}.healthCheck`, spec.healthCheck, podPorts, hasExemption(svc, 'pinned-image'), problems);
    if (spec.healthCheck.remote) {
      problems.add(`${at}.healthCheck.remote`, "dependents wait on the service's own check, never a sidecar's; leave it out (or give it to the service's healthCheck)");
    }
  } else if (keepsRunning(svc) && !hasExemption(svc, 'probes')) {
    problems.add(
      at,
      'a sidecar of a service that keeps running needs a readiness check (the pod is ready when every container is): add healthCheck (a tcp check on one of its ports at least) or an exemption for probes on the service with the reason',
    );
  }
}
