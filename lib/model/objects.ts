import { GATE } from './defaults';
import type { ReadinessCheck, ResolvedService } from './resolved';

/**
 * Which objects a resolved service becomes, decided once: the constructs render exactly these, the name checks
 * and the tests read them from here.
 */

/** The workload object of each kind of service. */
export const WORKLOAD_KIND = { 'long-running': 'Deployment', 'per-node': 'DaemonSet', scheduled: 'CronJob', 'one-shot': 'Job' } as const;

/** A Service in front of its ports: only servers (long-running, per-node) are reached by name. */
export function hasService(svc: ResolvedService): boolean {
  return svc.ports.length > 0 && (svc.kind === 'long-running' || svc.kind === 'per-node');
}

/** A ConfigMap of plain configuration values. */
export function hasConfigMap(svc: ResolvedService): boolean {
  return svc.env.some((e) => e.value.kind === 'plain');
}

/** A ConfigMap of configuration files. */
export function hasFilesConfigMap(svc: ResolvedService): boolean {
  return svc.configFiles.length > 0;
}

/** The image of the init container that runs a readiness check: the check's client, or the gate image. */
export function gateImage(check: ReadinessCheck): string {
  return check.kind === 'client' ? check.image : GATE.image;
}
