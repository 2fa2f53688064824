import { IntOrString, type Probe } from '../../imports/k8s';
import type { ResolvedHealthCheck, ResolvedPort } from '../model/resolve';

/**
 * compose health checks → probes, timing for timing:
 *   interval → periodSeconds, timeout → timeoutSeconds, retries → failureThreshold.
 * A start period becomes a startupProbe, so slow starts don't count against readiness; readiness and liveness
 * only begin once it passes. The startup probe allows the start period plus the usual retries.
 */
function handler(check: ResolvedHealthCheck, ports: readonly ResolvedPort[]): Probe {
  const test = check.test;
  // A probe names a port of its own container (the kubelet looks the name up there); a port another container
  // of the pod declares is probed by number, which reaches it in the pod's one network namespace.
  const portName = (port: number) => {
    const own = ports.find((p) => p.port === port);
    return own ? IntOrString.fromString(own.name) : IntOrString.fromNumber(port);
  };
  switch (test.kind) {
    case 'exec':
      return { exec: { command: [...test.command] } };
    case 'shell':
      // CMD-SHELL runs its string with /bin/sh -c, as compose does.
      return { exec: { command: ['sh', '-c', test.script] } };
    case 'http':
      return {
        httpGet: {
          path: test.path,
          port: portName(test.port),
          ...(test.hostHeader ? { httpHeaders: [{ name: 'Host', value: test.hostHeader }] } : {}),
        },
      };
    case 'tcp':
      return { tcpSocket: { port: portName(test.port) } };
  }
}

export function readinessProbe(check: ResolvedHealthCheck, ports: readonly ResolvedPort[]): Probe {
  return {
    ...handler(check, ports),
    periodSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    failureThreshold: check.retries,
    successThreshold: 1,
  };
}

export function startupProbe(check: ResolvedHealthCheck, ports: readonly ResolvedPort[]): Probe | undefined {
  if (check.startPeriodSeconds === 0) return undefined;
  return {
    ...handler(check, ports),
    periodSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    failureThreshold: Math.ceil(check.startPeriodSeconds / check.intervalSeconds) + check.retries,
    successThreshold: 1,
  };
}

export function livenessProbe(check: ResolvedHealthCheck, ports: readonly ResolvedPort[]): Probe | undefined {
  if (!check.liveness) return undefined;
  return readinessProbe(check, ports);
}
