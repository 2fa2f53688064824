/** The kubelet's rules that test:exec relies on to run containers as a cluster would (fast; no processes). */
import { Container, ValueSource, containerArgv, expand, fakeSecretValue, probeArgv, resolveEnv } from './kube';

const source = (configMaps: Record<string, Record<string, string>>, secrets: Record<string, string[] | null> = {}): ValueSource => ({
  configMap: (n) => configMaps[n],
  secretKeys: (n) => secrets[n],
  secretValue: fakeSecretValue,
  field: (p) => (p === 'metadata.namespace' ? 'ns' : undefined),
});

describe('$(VAR) expansion', () => {
  const env = new Map([
    ['A', 'x'],
    ['EMPTY', ''],
  ]);
  const lookup = (n: string) => env.get(n);

  test.each([
    ['$(A)', 'x'],
    ['pre-$(A)-post', 'pre-x-post'],
    ['$(EMPTY)', ''],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$$(A)', '$(A)'],
    ['$$', '$'],
    ['$A', '$A'],
    ['$(A', '$(A'],
    ['$', '$'],
    // shell in a gate script is left alone
    ['deadline=$(( $(date +%s) + 300 ))', 'deadline=$(( $(date +%s) + 300 ))'],
    ['[ "$(redis-cli -h redis ping)" = PONG ]', '[ "$(redis-cli -h redis ping)" = PONG ]'],
  ])('%s → %s', (input, out) => expect(expand(input, lookup)).toBe(out));
});

describe('container environment and argv', () => {
  const c: Container = {
    name: 'redis',
    image: 'redis:7-alpine',
    envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'bulk' }, prefix: 'S_' }],
    env: [
      { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: 'redis', key: 'password' } } },
      { name: 'PORT', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'PORT' } } },
      { name: 'URL', value: 'redis://:$(REDISCLI_AUTH)@redis:$(PORT)/0' },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ],
    command: ['redis-server', '--requirepass', '$(REDISCLI_AUTH)'],
    args: ['--port', '$(PORT)'],
  };
  const s = source({ cfg: { PORT: '6380', FROM_CM: 'y' } }, { redis: ['password'], bulk: ['k'] });

  test('envFrom, then env in order, values expanded against what came before', () => {
    const { vars, errors } = resolveEnv(c, s);
    expect(errors).toEqual([]);
    expect(Object.fromEntries(vars)).toEqual({
      FROM_CM: 'y',
      PORT: '6380',
      S_k: 'test-bulk-k',
      REDISCLI_AUTH: 'test-redis-password',
      URL: 'redis://:test-redis-password@redis:6380/0',
      NS: 'ns',
    });
  });

  test('command and args expand against the whole environment', () => {
    const { vars } = resolveEnv(c, s);
    expect(containerArgv(c, vars)).toEqual(['redis-server', '--requirepass', 'test-redis-password', '--port', '6380']);
  });

  test('without command, the image entrypoint gets args', () => {
    const { vars } = resolveEnv(c, s);
    const entry = (args: string[] | undefined) => ['entry', ...(args ?? ['cmd'])];
    expect(containerArgv({ ...c, command: undefined }, vars, entry)).toEqual(['entry', '--port', '6380']);
    expect(containerArgv({ ...c, command: undefined, args: undefined }, vars, entry)).toEqual(['entry', 'cmd']);
  });

  test('exec probes expand against env as written: valueFrom variables become empty', () => {
    expect(probeArgv(c, ['redis-cli', '-a', '$(REDISCLI_AUTH)', '-p', '$(PORT)', '$(FROM_CM)'])).toEqual(['redis-cli', '-a', '', '-p', '', '$(FROM_CM)']);
  });

  test('a missing ConfigMap key or a key the ExternalSecret does not make is an error', () => {
    const bad: Container = {
      name: 'x',
      image: 'busybox',
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE' } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'redis', key: 'nope' } } },
        { name: 'C', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE', optional: true } } },
      ],
    };
    expect(resolveEnv(bad, s).errors).toEqual(['env A: ConfigMap cfg has no key NOPE', 'env B: Secret redis will have no key nope']);
  });
});
