import type { Container, PodSpec, PodTemplateSpec } from '../../imports/k8s';
import type { ResolvedContainer, ResolvedService, ResolvedSidecar, ResolvedSystem } from '../model/resolve';
import { priorityClassName, scratchVolumeName, sidecarScratchVolumeName } from '../model/names';
import { copyContainers } from './copies';
import { configChecksum, containerEnv, plainConfig, podConfigFiles } from './env';
import { gateContainers } from './gates';
import { objectLabels, selectorLabels } from './labels';
import { livenessProbe, readinessProbe, startupProbe } from './probes';
import { cpu, mebibytes } from './quantities';
import { containerSecurityContext, podSecurityContext } from './security';
import { podVolumes, volumeMounts } from './volumes';

/** How a container's parts are named in the pod: its keys of the service's ConfigMap, and its emptyDirs. */
interface ContainerKeys {
  readonly envKey: (name: string) => string;
  readonly scratchVolume: (path: string) => string;
  /** Read-only host directories: only the service's own container mounts them. @default none */
  readonly hostPaths?: ResolvedService['hostPaths'];
}

export function podTemplate(system: ResolvedSystem, svc: ResolvedService, restartPolicy: 'Always' | 'Never' | 'OnFailure'): PodTemplateSpec {
  const config = plainConfig(svc);
  const files = podConfigFiles(svc);
  const configured = Object.keys(config).length > 0 || files.length > 0;
  // compose labels first: validation keeps them off berth's own keys, so nothing here overrides another.
  const annotations: Record<string, string> = { ...svc.annotations, ...(configured ? { 'checksum/config': configChecksum(config, files) } : {}) };
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
    // Sidecars (compose `network_mode: service:<this>`) after the service's own container, by name.
    containers: [mainContainer(svc), ...svc.sidecars.map((sidecar) => sidecarContainer(svc, sidecar))],
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
  return container(svc.name, svc, svc, { envKey: (name) => name, scratchVolume: scratchVolumeName, hostPaths: svc.hostPaths });
}

/**
 * A sidecar: its own process and user in the pod's network, volumes and fsGroup. The pod's security context
 * holds the service's UID and GID, so the sidecar's are set on its container.
 */
function sidecarContainer(svc: ResolvedService, sidecar: ResolvedSidecar): Container {
  const c = container(sidecar.name, svc, sidecar, { envKey: (name) => `${sidecar.name}.${name}`, scratchVolume: (path) => sidecarScratchVolumeName(sidecar.name, path) });
  return { ...c, securityContext: { ...c.securityContext, runAsUser: sidecar.runAs.uid, runAsGroup: sidecar.runAs.gid } };
}

/** One container of the pod: what it runs, its resources and probes, and where it mounts the pod's volumes. */
function container(name: string, svc: ResolvedService, c: ResolvedContainer, keys: ContainerKeys): Container {
  // Jobs have no readiness: they run to completion. Everything else that keeps running is probed.
  const hc = svc.kind === 'long-running' || svc.kind === 'per-node' ? c.healthCheck : undefined;
  return {
    name,
    image: c.image,
    // Tags are pinned, so the node's copy is the right one.
    imagePullPolicy: 'IfNotPresent',
    // compose `entrypoint` replaces the image's ENTRYPOINT; compose `command` only its CMD, so the image's
    // entrypoint (docker-entrypoint.sh of redis, minio, postgres) still prepares the start.
    command: c.entrypoint ? [...c.entrypoint] : undefined,
    args: c.args ? [...c.args] : undefined,
    workingDir: c.workingDir,
    ports: orUndefined(c.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }))),
    env: orUndefined(containerEnv(svc.name, c.env, keys.envKey)),
    // compose `env_file`: the whole file, from its Secret.
    envFrom: orUndefined(c.envFiles.map((secret) => ({ secretRef: { name: secret } }))),
    resources: {
      requests: { cpu: cpu(c.resources.cpu), memory: mebibytes(c.resources.memoryMi) },
      limits: {
        ...(c.resources.cpuLimit !== undefined ? { cpu: cpu(c.resources.cpuLimit) } : {}),
        memory: mebibytes(c.resources.memoryLimitMi),
      },
    },
    readinessProbe: hc && readinessProbe(hc, c.ports),
    startupProbe: hc && startupProbe(hc, c.ports),
    livenessProbe: hc && livenessProbe(hc, c.ports),
    securityContext: containerSecurityContext(),
    volumeMounts: orUndefined(volumeMounts(c, keys.scratchVolume, keys.hostPaths)),
  };
}

function orUndefined<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
