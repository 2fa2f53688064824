import { GATE } from './defaults';
import type { ReadinessCheck, ResolvedPort, ResolvedService } from './resolved';
import type { Port, Service } from './types';

/**
 * Which objects a resolved service becomes, decided once: the constructs render exactly these, the name checks
 * and the tests read them from here.
 */

/** The workload object of each kind of service. */
export const WORKLOAD_KIND = { 'long-running': 'Deployment', 'per-node': 'DaemonSet', scheduled: 'CronJob', 'one-shot': 'Job' } as const;

/** The ports of a service's pod, as the chart declares them: its own, then each sidecar's (in key order). */
export function servicePorts(svc: Service): Port[] {
  const sidecars = svc.sidecars ?? {};
  return [
    ...(svc.ports ?? []),
    ...Object.keys(sidecars)
      .sort()
      .flatMap((name) => sidecars[name].ports ?? []),
  ];
}

/** The named volumes a service's pod mounts (its own and its sidecars'), each once, in the order first mounted. */
export function podVolumes(svc: Service): string[] {
  const sidecars = svc.sidecars ?? {};
  const mounts = [...(svc.mounts ?? []), ...Object.keys(sidecars).flatMap((name) => sidecars[name].mounts ?? [])];
  return [...new Set(mounts.map((m) => m.volume))];
}

/** The ports of a resolved service's pod: its container's, then its sidecars' (by name). Its Service serves them all. */
export function podPorts(svc: ResolvedService): ResolvedPort[] {
  return [...svc.ports, ...svc.sidecars.flatMap((s) => s.ports)];
}

/** A Service in front of its ports: only servers (long-running, per-node) are reached by name. */
export function hasService(svc: ResolvedService): boolean {
  return podPorts(svc).length > 0 && (svc.kind === 'long-running' || svc.kind === 'per-node');
}

/** A ConfigMap of plain configuration values (the service's and its sidecars'). */
export function hasConfigMap(svc: ResolvedService): boolean {
  return [svc, ...svc.sidecars].some((c) => c.env.some((e) => e.value.kind === 'plain'));
}

/** A ConfigMap of configuration files (the service's and its sidecars'). */
export function hasFilesConfigMap(svc: ResolvedService): boolean {
  return [svc, ...svc.sidecars].some((c) => c.configFiles.length > 0);
}

/** The image of the init container that runs a readiness check: the check's client, or the gate image. */
export function gateImage(check: ReadinessCheck): string {
  return check.kind === 'client' ? check.image : GATE.image;
}
