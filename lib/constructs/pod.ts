import type { Container, PodSpec, PodTemplateSpec } from '../../imports/k8s';
import type { ResolvedService, ResolvedSystem } from '../model/resolve';
import { priorityClassName } from '../model/names';
import { copyContainers } from './copies';
import { configChecksum, containerEnv, plainConfig } from './env';
import { gateContainers } from './gates';
import { objectLabels, selectorLabels } from './labels';
import { livenessProbe, readinessProbe, startupProbe } from './probes';
import { cpu, mebibytes } from './quantities';
import { containerSecurityContext, podSecurityContext } from './security';
import { podVolumes, volumeMounts } from './volumes';

export function podTemplate(system: ResolvedSystem, svc: ResolvedService, restartPolicy: 'Always' | 'Never' | 'OnFailure'): PodTemplateSpec {
  const config = plainConfig(svc);
  const configured = Object.keys(config).length > 0 || svc.configFiles.length > 0;
  // compose labels first: validation keeps them off berth's own keys, so nothing here overrides another.
  const annotations: Record<string, string> = { ...svc.annotations, ...(configured ? { 'checksum/config': configChecksum(config, svc.configFiles) } : {}) };
  const spec: PodSpec = {
    // No Kubernetes API access: none of these workloads talks to the API server.
    automountServiceAccountToken: false,
    // Without this, every Service injects <NAME>_PORT=tcp://… variables; a Service named `flower` breaks
    // Flower, which reads FLOWER_PORT as its own port.
    enableServiceLinks: false,
    // Credentials of the private registries this pod's containers (gates included) pull from.
    imagePullSecrets: orUndefined(svc.imagePullSecrets.map((name) => ({ name }))),
    priorityClassName: priorityClassName(svc.tier),
    restartPolicy,
    securityContext: podSecurityContext(svc.runAs, svc.sysctls),
    hostname: svc.hostname,
    hostAliases: orUndefined(svc.hostAliases.map((h) => ({ ip: h.ip, hostnames: [...h.hostnames] }))),
    // compose `init`: with one process namespace the pause container is PID 1 and reaps orphaned zombies, which
    // a server that forks (and is not written to be PID 1) would otherwise leave behind.
    ...(svc.shareProcessNamespace ? { shareProcessNamespace: true } : {}),
    terminationGracePeriodSeconds: svc.terminationGracePeriodSeconds,
    initContainers: orUndefined([...copyContainers(svc), ...gateContainers(svc.dependsOn, svc.gateTimeoutSeconds)]),
    containers: [mainContainer(svc)],
    volumes: orUndefined(podVolumes(svc)),
    ...(svc.kind === 'long-running' && svc.replicated
      ? {
          // Spread replicas over nodes, but still schedule when there are fewer nodes than replicas.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorLabels(system, svc.name) },
            },
          ],
        }
      : {}),
  };
  return {
    metadata: {
      labels: objectLabels(system, svc.name, svc.component),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec,
  };
}

function mainContainer(svc: ResolvedService): Container {
  // Jobs have no readiness: they run to completion. Everything else that keeps running is probed.
  const hc = svc.kind === 'long-running' || svc.kind === 'per-node' ? svc.healthCheck : undefined;
  return {
    name: svc.name,
    image: svc.image,
    // Tags are pinned, so the node's copy is the right one.
    imagePullPolicy: 'IfNotPresent',
    // compose `entrypoint` replaces the image's ENTRYPOINT; compose `command` only its CMD, so the image's
    // entrypoint (docker-entrypoint.sh of redis, minio, postgres) still prepares the start.
    command: svc.entrypoint ? [...svc.entrypoint] : undefined,
    args: svc.args ? [...svc.args] : undefined,
    workingDir: svc.workingDir,
    ports: orUndefined(svc.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }))),
    env: orUndefined(containerEnv(svc.name, svc.env)),
    // compose `env_file`: the whole file, from its Secret.
    envFrom: orUndefined(svc.envFiles.map((name) => ({ secretRef: { name } }))),
    resources: {
      requests: { cpu: cpu(svc.resources.cpu), memory: mebibytes(svc.resources.memoryMi) },
      limits: {
        ...(svc.resources.cpuLimit !== undefined ? { cpu: cpu(svc.resources.cpuLimit) } : {}),
        memory: mebibytes(svc.resources.memoryLimitMi),
      },
    },
    readinessProbe: hc && readinessProbe(hc, svc.ports),
    startupProbe: hc && startupProbe(hc, svc.ports),
    livenessProbe: hc && livenessProbe(hc, svc.ports),
    securityContext: containerSecurityContext(),
    volumeMounts: orUndefined(volumeMounts(svc)),
  };
}

function orUndefined<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
