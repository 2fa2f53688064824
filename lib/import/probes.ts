import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { assumed } from '../model/assumed';
import { GATE } from '../model/defaults';
import type { HealthCheck, HealthCheckTest, Port } from '../model/types';
import { type DraftValue, type ImportContext, warn } from './context';

/**
 * compose `healthcheck` as the chart's health check, exactly: `CMD` runs as it is, `CMD-SHELL` in `sh -c`, with
 * compose's timings. Without one, the image catalog's documented check; without that, the first port accepts
 * connections. Dependents that wait for `service_healthy` need to see the check from outside: the catalog's
 * client command, or (assumed) the port.
 */
export function mapHealthCheck(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined, ports: readonly Port[], gated: boolean): DraftValue {
  const hc = svc.healthcheck;
  const at = `services.${svc.name}.healthcheck`;
  if (hc !== undefined && !hc.disable && hc.test !== undefined && hc.test.length > 0 && hc.test[0] !== 'NONE') {
    const test = composeTest(hc.test);
    if (test === undefined) {
      warn(ctx, at, `test ${JSON.stringify(hc.test)} is not a compose health check test; it is not mapped`);
      return fallback(image, ports, gated);
    }
    if (hc.startIntervalSeconds !== undefined) warn(ctx, `${at}.start_interval`, 'not mapped: the startup probe checks at the interval');
    const check: Record<string, DraftValue> = {
      test,
      source: `compose healthcheck of ${svc.name}`,
      ...timings(hc),
    };
    if (gated) check.remote = remoteCheck(image, ports);
    return check;
  }
  if (hc?.disable === true || hc?.test?.[0] === 'NONE')
    warn(ctx, at, 'compose disables the health check; berth probes the port instead, so a dependent never waits on a dead process');
  return fallback(image, ports, gated);
}

function composeTest(test: readonly string[]): HealthCheckTest | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD' && rest.length > 0) return { kind: 'exec', command: rest };
  if (kind === 'CMD-SHELL' && rest.length > 0) return { kind: 'shell', script: rest.join(' ') };
  return undefined;
}

function timings(hc: NonNullable<ComposeService['healthcheck']>): Partial<HealthCheck> {
  return {
    ...(hc.intervalSeconds !== undefined ? { intervalSeconds: Math.max(1, Math.round(hc.intervalSeconds)) } : {}),
    ...(hc.timeoutSeconds !== undefined ? { timeoutSeconds: Math.max(1, Math.round(hc.timeoutSeconds)) } : {}),
    ...(hc.retries !== undefined ? { retries: Math.max(1, hc.retries) } : {}),
    ...(hc.startPeriodSeconds !== undefined ? { startPeriodSeconds: Math.round(hc.startPeriodSeconds) } : {}),
  };
}

/** How a dependent sees from outside that an in-container check passes. */
function remoteCheck(image: ResolvedImage | undefined, ports: readonly Port[]): DraftValue {
  if (image?.remoteCheck !== undefined) return { image: image.remoteCheck.image, command: image.remoteCheck.command };
  if (ports.length === 0) return undefined;
  return assumed(
    { image: GATE.image, command: ['nc', '-z', '-w', '2', '{{berth.host}}', '{{berth.port}}'] },
    'the compose check runs inside the container; dependents only see that its port accepts connections',
  );
}

function fallback(image: ResolvedImage | undefined, ports: readonly Port[], gated: boolean): DraftValue {
  if (
    image?.healthCheck !== undefined &&
    (image.healthCheck.test.kind === 'exec' || image.healthCheck.test.kind === 'shell' || ports.some((p) => p.port === portOf(image.healthCheck!.test)))
  ) {
    const check: Record<string, DraftValue> = { test: image.healthCheck.test, source: image.healthCheck.source };
    if (gated && (image.healthCheck.test.kind === 'exec' || image.healthCheck.test.kind === 'shell')) check.remote = remoteCheck(image, ports);
    return check;
  }
  const first = ports.find((p) => (p.protocol ?? 'TCP') === 'TCP');
  if (first !== undefined) return { test: { kind: 'tcp', port: first.port } };
  return undefined;
}

function portOf(test: HealthCheckTest): number | undefined {
  return test.kind === 'http' || test.kind === 'tcp' ? test.port : undefined;
}
