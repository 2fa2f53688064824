import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { assumed } from '../model/assumed';
import { GATE } from '../model/defaults';
import type { EnvValue, HealthCheck, HealthCheckTest, Port } from '../model/types';
import { withoutCredentialValues } from './environment';
import { type DraftValue, type ImportContext, warn } from './context';
import { isPinnedImage } from '../model/validate';

/**
 * compose `healthcheck` as the chart's health check, exactly: `CMD` runs as it is, `CMD-SHELL` in `sh -c`, with
 * compose's timings. Without one, the image catalog's documented check; without that, the first port accepts
 * connections. Dependents that wait for `service_healthy` need to see the check from outside: the catalog's
 * client command, or (assumed) the port.
 */
export function mapHealthCheck(
  ctx: ImportContext,
  svc: ComposeService,
  image: ResolvedImage | undefined,
  ports: readonly Port[],
  gated: boolean,
  env: Record<string, EnvValue>,
): DraftValue {
  const hc = svc.healthcheck;
  const at = `services.${svc.name}.healthcheck`;
  if (hc !== undefined && !hc.disable && hc.test !== undefined && hc.test.length > 0 && hc.test[0] !== 'NONE') {
    const test = withoutSecrets(ctx, at, withoutTraps(ctx, at, composeTest(hc.test), ownNames(svc)), env);
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
  // The client runs in each dependent's pod: only a pinned client image (the gates' own pin otherwise).
  if (image?.remoteCheck !== undefined && isPinnedImage(image.remoteCheck.image)) return { image: image.remoteCheck.image, command: image.remoteCheck.command };
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

/**
 * Compose checks that pass while the service is not serving, made to test what they mean: `pg_isready`
 * without a host asks the socket the first-boot temporary server answers on; `redis-cli ping` exits 0 on error
 * replies. Each rewrite is a warning.
 */
function withoutTraps(ctx: ImportContext, at: string, test: HealthCheckTest | undefined, own: readonly string[]): HealthCheckTest | undefined {
  if (test === undefined || (test.kind !== 'exec' && test.kind !== 'shell')) return test;
  let fixed = viaLoopback(ctx, at, test, own);
  const line = fixed.kind === 'exec' ? fixed.command.join(' ') : fixed.kind === 'shell' ? fixed.script : '';
  if (/\bpg_isready\b/.test(line) && !/(\s-h|--host|host=)/.test(line)) {
    warn(ctx, at, 'pg_isready gets -h 127.0.0.1: without a host it asks the Unix socket, where the first-boot temporary server already answers');
    fixed =
      fixed.kind === 'exec'
        ? { kind: 'exec', command: fixed.command.flatMap((w) => (w === 'pg_isready' ? [w, '-h', '127.0.0.1'] : [w])) }
        : { kind: 'shell', script: fixed.script.replace(/\bpg_isready\b/g, 'pg_isready -h 127.0.0.1') };
  }
  const fixedLine = fixed.kind === 'exec' ? fixed.command.join(' ') : fixed.kind === 'shell' ? fixed.script : '';
  if (/\b(redis|valkey)-cli\b/.test(fixedLine) && /\bping\b/i.test(fixedLine) && !/PONG/.test(fixedLine) && !/\s-e(\s|$)/.test(fixedLine)) {
    warn(ctx, at, 'redis-cli ping is compared with PONG: it exits 0 on error replies (LOADING, NOAUTH), so it would pass while Redis is not serving');
    const command = fixed.kind === 'exec' ? fixed.command.map(shellWord).join(' ') : fixed.kind === 'shell' ? fixed.script : '';
    fixed = { kind: 'shell', script: `[ "$(${command})" = PONG ]` };
  }
  return fixed;
}

/**
 * A check compose interpolated a credential into (`-H "Authorization: Bearer ${ANON_KEY}"`): the value moves to
 * the store and the check, run by a shell, reads it from the service's environment (a probe's exec command is
 * not expanded by Kubernetes, a shell expands `${NAME}`).
 */
function withoutSecrets(ctx: ImportContext, at: string, test: HealthCheckTest | undefined, env: Record<string, EnvValue>): HealthCheckTest | undefined {
  if (test === undefined || (test.kind !== 'exec' && test.kind !== 'shell')) return test;
  const found: Record<string, EnvValue> = {};
  const script = test.kind === 'shell' ? withoutCredentialValues(ctx, test.script, 'shell', found) : test.command.map((w) => quotedWithout(ctx, w, found)).join(' ');
  if (Object.keys(found).length === 0) return test;
  Object.assign(env, found);
  warn(ctx, at, `the check carries the value of ${Object.keys(found).sort().join(', ')}: it reads it from the environment, which takes it from the secret store`);
  return { kind: 'shell', script };
}

/** One word of an exec check for a shell: as it is, or in double quotes around the `${NAME}` that replaced a value. */
function quotedWithout(ctx: ImportContext, word: string, found: Record<string, EnvValue>): string {
  const marker = '\u0000';
  const names: string[] = [];
  const replaced = withoutCredentialValues(ctx, word, 'shell', found).replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => (names.push(name), marker));
  if (names.length === 0) return shellWord(word);
  const parts = replaced.split(marker).map((part) => part.replace(/[\\"$`]/g, '\\$&'));
  return `"${parts.map((part, i) => (i < names.length ? `${part}\${${names[i]}}` : part)).join('')}"`;
}

/** The names a service answers to in compose: its own, its container name, hostname and aliases. */
function ownNames(svc: ComposeService): string[] {
  return [svc.name, svc.containerName, svc.hostname, ...Object.values(svc.networks).flatMap((n) => n.aliases)].filter((n): n is string => n !== undefined && n !== '');
}

/**
 * A check that calls the service by its own name (`http://storage:5000/status`) asks its Service, which sends
 * traffic only to ready pods: the pod could never become ready. It asks the loopback instead, as compose's DNS
 * answer (the container itself) meant.
 */
function viaLoopback(ctx: ImportContext, at: string, test: Extract<HealthCheckTest, { kind: 'exec' | 'shell' }>, own: readonly string[]): typeof test {
  const names = own.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const url = new RegExp(`(://)(${names})(?=[:/"'\\s]|$)`, 'g');
  const words = test.kind === 'exec' ? test.command : [test.script];
  if (!words.some((w) => new RegExp(url.source).test(w))) return test;
  warn(ctx, at, 'the check calls the service by its own name, which in a cluster is its Service (ready pods only): it asks 127.0.0.1 instead');
  return test.kind === 'exec'
    ? { kind: 'exec', command: test.command.map((w) => w.replace(url, '$1127.0.0.1')) }
    : { kind: 'shell', script: test.script.replace(url, '$1127.0.0.1') };
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
