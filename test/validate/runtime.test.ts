/* eslint-disable @typescript-eslint/no-explicit-any */
import { specHash } from '../../lib/spec-hash';
import {
  acmeHttp01,
  celery,
  claimProtection,
  embeddedStore,
  gateDeadline,
  httpProbeSource,
  imageEntrypoint,
  imageKnownBad,
  imageMemory,
  imageShadowed,
  ingressNginx,
  ingressWave,
  internetEgress,
  namespaceProtection,
  pgIsReadyTcp,
  redisMemory,
  redisProbe,
  syncHooks,
  workerAfterMigration,
} from '../../lib/validate/runtime';
import { configMap, cronJob, defaultDeny, deployment, expectOne, ingress, job, lines, namespace, NS, obj, policy, pvc, service, wave } from './runtime-fixtures';

const SYNC_OPTIONS = 'metadata.annotations["argocd.argoproj.io/sync-options"]';
const SYNC_WAVE = 'metadata.annotations["argocd.argoproj.io/sync-wave"]';
const PROTECTED = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
const C0 = 'spec.template.spec.containers[0]';
const I0 = 'spec.template.spec.initContainers[0]';

describe('[namespace-protection]', () => {
  test('a Namespace holding claims without Prune=false,Delete=false', () => {
    const findings = namespaceProtection([namespace(), pvc('data', PROTECTED)]);
    expectOne(
      findings,
      'namespace-protection',
      `Namespace/${NS}`,
      SYNC_OPTIONS,
      'holds PersistentVolumeClaims (data)',
      'has no sync-options',
      'namespace controller deletes every claim',
      'set argocd.argoproj.io/sync-options: Prune=false,Delete=false',
    );
    expect(findings).toHaveLength(1);
  });
  test('Prune=false alone is not enough', () => {
    expectOne(
      namespaceProtection([namespace({ 'argocd.argoproj.io/sync-options': 'Prune=false' }), pvc('data')]),
      'namespace-protection',
      `Namespace/${NS}`,
      SYNC_OPTIONS,
      'sync-options are "Prune=false"',
    );
  });
  test('passes: protected, or no claims, or the claims are in another namespace', () => {
    expect(namespaceProtection([namespace({ 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false,Delete=false' }), pvc('data')])).toEqual([]);
    expect(namespaceProtection([namespace(), service('web')])).toEqual([]);
    expect(namespaceProtection([namespace(undefined, 'other'), pvc('data')])).toEqual([]);
  });
});

describe('[claim-protection]', () => {
  test('an unprotected claim', () => {
    expectOne(
      claimProtection([pvc('data')]),
      'claim-protection',
      'PersistentVolumeClaim/data',
      SYNC_OPTIONS,
      'has no sync-options',
      'Prune=false,Delete=false',
      'berth.dev/unprotected-because',
    );
  });
  test('an opt-out without a real reason', () => {
    expectOne(
      claimProtection([pvc('cache', { 'berth.dev/unprotected-because': 'tmp' })]),
      'claim-protection',
      'PersistentVolumeClaim/cache',
      'metadata.annotations["berth.dev/unprotected-because"]',
      'reason "tmp" is shorter than 10 characters',
    );
  });
  test('passes: protected, or opted out with a reason', () => {
    expect(claimProtection([pvc('data', PROTECTED), pvc('cache', { 'berth.dev/unprotected-because': 'a cache, rebuilt from the database on start' })])).toEqual([]);
  });
});

describe('[acme-http01]', () => {
  const issued = (challenge?: string) =>
    ingress('shop', { 'cert-manager.io/cluster-issuer': 'letsencrypt', ...(challenge ? { 'berth.dev/acme-challenge': challenge } : {}) }, [['/', 'web']]);
  const solver = (port: number) =>
    policy('acme-solver', {
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port, protocol: 'TCP' }] }],
    });
  test('HTTP-01 under default-deny with no path to the solver', () => {
    const findings = acmeHttp01([issued('http01'), defaultDeny()]);
    expectOne(
      findings,
      'acme-http01',
      'Ingress/shop',
      'metadata.annotations["cert-manager.io/cluster-issuer"]',
      'default-deny NetworkPolicy default-deny',
      'TCP 8089',
      'stays pending forever',
      'add a NetworkPolicy',
    );
    expect(findings).toHaveLength(1);
  });
  test('a policy for the solver on the wrong port does not help', () => {
    expect(lines(acmeHttp01([issued('http01'), defaultDeny(), solver(80)]))).toHaveLength(1);
  });
  test('an issued Ingress that does not say its challenge type (and is then taken as HTTP-01)', () => {
    const findings = acmeHttp01([issued(), defaultDeny()]);
    expectOne(
      findings,
      'acme-http01',
      'Ingress/shop',
      'metadata.annotations["berth.dev/acme-challenge"]',
      'cluster-issuer letsencrypt',
      'set berth.dev/acme-challenge: http01 or dns01',
    );
    expect(findings).toHaveLength(2);
  });
  test('passes: a solver policy on 8089, a DNS-01 challenge, or no default-deny', () => {
    expect(acmeHttp01([issued('http01'), defaultDeny(), solver(8089)])).toEqual([]);
    expect(acmeHttp01([issued('dns01'), defaultDeny()])).toEqual([]);
    expect(acmeHttp01([issued('http01'), policy('egress-only', { podSelector: {}, policyTypes: ['Egress'] })])).toEqual([]);
    expect(acmeHttp01([ingress('plain', {}, [['/', 'web']]), defaultDeny()])).toEqual([]);
  });
});

describe('[image-entrypoint]', () => {
  test('a command that replaces the ENTRYPOINT of an image that needs it', () => {
    const findings = imageEntrypoint([deployment('redis', { containers: [{ image: 'redis:7.4.6-alpine', command: ['redis-server', '--appendonly', 'yes'] }] })]);
    expectOne(
      findings,
      'image-entrypoint',
      'Deployment/redis',
      `${C0}.command`,
      '"redis:7.4.6-alpine"',
      'docker-entrypoint.sh',
      '["redis-server","--appendonly","yes"]',
      'compose `command` is Kubernetes `args`',
      'move these words to args',
    );
  });
  test.each([
    'docker.io/library/postgres:16',
    'quay.io/minio/minio:RELEASE.2025-04-03T14-56-28Z',
    'bitnami/redis:7.2',
    'apache/airflow:2.9.3',
    'grafana/grafana:11.2.0',
    'edoburu/pgbouncer:1.23.1',
    'chromadb/chroma:0.5.5',
    'timescale/timescaledb:2.16.1-pg15',
  ])('%s is in the table', (image) => {
    expect(imageEntrypoint([deployment('x', { containers: [{ image, command: ['run'] }] })])).toHaveLength(1);
  });
  test('passes: args instead of command, a command that runs the entrypoint, init containers and other images', () => {
    expect(
      imageEntrypoint([
        deployment('a', { containers: [{ image: 'redis:7.4.6', args: ['redis-server', '--appendonly', 'yes'] }] }),
        deployment('b', { containers: [{ image: 'postgres:16', command: ['docker-entrypoint.sh', 'postgres', '-c', 'max_connections=200'] }] }),
        deployment('c', {
          containers: [{ image: 'example/app:1', command: ['gunicorn'] }],
          initContainers: [{ image: 'redis:7.4.6', command: ['sh', '-c', 'redis-cli -e ping'] }],
        }),
        deployment('d', { containers: [{ image: 'myredis/redis:1', command: ['x'] }] }),
      ]),
    ).toEqual([]);
  });
});

describe('[redis-probe]', () => {
  test('an exec probe running redis-cli ping', () => {
    const findings = redisProbe([deployment('redis', { containers: [{ image: 'redis:7.4.6', readinessProbe: { exec: { command: ['redis-cli', 'ping'] } } }] })]);
    expectOne(findings, 'redis-probe', 'Deployment/redis', `${C0}.readinessProbe.exec.command`, '"redis-cli ping"', 'exits 0 on error replies', 'pass -e', '= PONG');
  });
  test('a gate running redis-cli ping in a shell', () => {
    const gate = { image: 'redis:7.4.6', command: ['sh', '-c', 'until redis-cli -h cache ping; do sleep 2; done'] };
    expectOne(
      redisProbe([deployment('web', { containers: [{ image: 'app:1' }], initContainers: [gate] })]),
      'redis-probe',
      'Deployment/web',
      `${I0}.command`,
      'redis-cli -h cache ping',
    );
  });
  test('passes: -e, or the reply compared to PONG', () => {
    const probe = (command: string[]) => deployment(`r${command.length}`, { containers: [{ image: 'redis:7.4.6', livenessProbe: { exec: { command } } }] });
    expect(
      redisProbe([
        probe(['redis-cli', '-e', 'ping']),
        probe(['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 ping)" = PONG ]']),
        probe(['sh', '-c', 'redis-cli ping | grep -q PONG', 'x']),
        probe(['redis-cli', '-e', '-h', 'localhost', 'info', 'x']),
      ]),
    ).toEqual([]);
  });
});

describe('[pg-isready-tcp]', () => {
  test('a probe asking the Unix socket', () => {
    const findings = pgIsReadyTcp([deployment('db', { containers: [{ image: 'postgres:16', readinessProbe: { exec: { command: ['sh', '-c', 'pg_isready -U app -d app'] } } }] })]);
    expectOne(
      findings,
      'pg-isready-tcp',
      'Deployment/db',
      `${C0}.readinessProbe.exec.command`,
      'pg_isready -U app -d app',
      'Unix socket',
      'during initdb',
      'pg_isready -h 127.0.0.1',
    );
  });
  test('a gate without -h', () => {
    expectOne(
      pgIsReadyTcp([job('migrate', { containers: [{ image: 'app:1' }], initContainers: [{ image: 'postgres:16', args: ['pg_isready'] }] })]),
      'pg-isready-tcp',
      'Job/migrate',
      `${I0}.args`,
      '"pg_isready"',
    );
  });
  test('passes: -h, --host=, a host in the connection string, or PGHOST', () => {
    const probe = (name: string, command: string[], env?: any[]) => deployment(name, { containers: [{ image: 'postgres:16', env, startupProbe: { exec: { command } } }] });
    expect(
      pgIsReadyTcp([
        probe('a', ['pg_isready', '-h', '127.0.0.1', '-U', 'app']),
        probe('b', ['sh', '-c', 'pg_isready --host=localhost']),
        probe('c', ['pg_isready', '-d', 'postgresql://app@db:5432/app']),
        probe('d', ['pg_isready'], [{ name: 'PGHOST', value: '127.0.0.1' }]),
      ]),
    ).toEqual([]);
  });
});

describe('[http-probe-source]', () => {
  const web = (annotations?: Record<string, string>, probe: any = { httpGet: { path: '/healthz', port: 8080 } }) =>
    deployment('web', { annotations, containers: [{ image: 'app:1', readinessProbe: probe }] });
  test('an HTTP probe that does not say where its path comes from', () => {
    expectOne(
      httpProbeSource([web()]),
      'http-probe-source',
      'Deployment/web',
      'metadata.annotations["berth.dev/health-check-source"]',
      `${C0}.readinessProbe.httpGet.path "/healthz"`,
      'unready forever',
      'tcpSocket',
    );
  });
  test('passes: a source, or a TCP probe', () => {
    expect(httpProbeSource([web({ 'berth.dev/health-check-source': 'compose healthcheck in docker-compose.yml' })])).toEqual([]);
    expect(httpProbeSource([web(undefined, { tcpSocket: { port: 8080 } })])).toEqual([]);
  });
});

describe('[redis-memory]', () => {
  const redis = (args: string[], limit = '512Mi', annotations?: Record<string, string>) =>
    deployment('cache', { annotations, containers: [{ image: 'redis:7.4.6', args, resources: limit ? { limits: { memory: limit } } : {} }] });
  test('no --maxmemory', () => {
    expectOne(
      redisMemory([redis(['--appendonly', 'yes'])]),
      'redis-memory',
      'Deployment/cache',
      `${C0}.args`,
      'without --maxmemory',
      'OOM-killed',
      '--maxmemory 384mb (75 % of 512Mi)',
    );
  });
  test('--maxmemory above 75 % of the limit (Redis mb = MiB)', () => {
    expectOne(
      redisMemory([redis(['--maxmemory', '400mb'])]),
      'redis-memory',
      'Deployment/cache',
      `${C0}.args`,
      '--maxmemory 400mb (400Mi) is more than 75 % of memory limit 512Mi',
      'at most 384mb',
    );
  });
  test('no memory limit', () => {
    expectOne(redisMemory([redis(['--maxmemory', '100mb'], '')]), 'redis-memory', 'Deployment/cache', `${C0}.resources.limits.memory`, 'no memory limit');
  });
  test('redis-server as the first word of command, any image', () => {
    const findings = redisMemory([
      deployment('kv', { containers: [{ image: 'example/kv:1', command: ['redis-server', '--port', '6380'], resources: { limits: { memory: '1Gi' } } }] }),
    ]);
    expectOne(findings, 'redis-memory', 'Deployment/kv', `${C0}.command`, '--maxmemory 768mb');
  });
  test('allkeys eviction on a Celery broker named by a ConfigMap URL with credentials', () => {
    const objects = [
      redis(['--maxmemory', '384mb', '--maxmemory-policy', 'allkeys-lru']),
      service('cache'),
      configMap('app', { CELERY_BROKER_URL: 'redis://:s3cret@cache:6379/0' }),
    ];
    const f = expectOne(
      redisMemory(objects),
      'redis-memory',
      'Deployment/cache',
      `${C0}.args`,
      '--maxmemory-policy allkeys-lru on a Celery broker',
      'Service cache',
      'evicts queued tasks',
      'noeviction',
    );
    expect(f.message).not.toContain('s3cret');
  });
  test('allkeys eviction on a broker by role, or by a literal env value', () => {
    expect(redisMemory([redis(['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lfu'], '512Mi', { 'berth.dev/roles': 'cache, broker' })])).toHaveLength(1);
    const worker = deployment('worker', { containers: [{ image: 'app:1', env: [{ name: 'BROKER_URL', value: 'redis://cache.shop.svc.cluster.local:6379' }] }] });
    expect(redisMemory([redis(['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lru']), service('cache'), worker])).toHaveLength(1);
  });
  test('passes: within budget in any unit, noeviction on a broker, allkeys on a cache, and redis images that do not run the server', () => {
    expect(redisMemory([redis(['--maxmemory', '384mb'])])).toEqual([]);
    expect(redisMemory([redis(['--maxmemory', '1g'], '2Gi')])).toEqual([]);
    expect(redisMemory([redis(['--maxmemory', '402653184'])])).toEqual([]);
    expect(
      redisMemory([redis(['--maxmemory', '384mb', '--maxmemory-policy', 'noeviction']), service('cache'), configMap('app', { CELERY_BROKER_URL: 'redis://cache:6379/0' })]),
    ).toEqual([]);
    expect(redisMemory([redis(['--maxmemory', '384mb', '--maxmemory-policy', 'allkeys-lru']), service('cache'), configMap('app', { CACHE_URL: 'redis://cache:6379/1' })])).toEqual(
      [],
    );
    expect(
      redisMemory([deployment('web', { containers: [{ image: 'app:1' }], initContainers: [{ image: 'redis:7.4.6', command: ['sh', '-c', 'redis-cli -e -h cache ping'] }] })]),
    ).toEqual([]);
  });
});

describe('[celery]', () => {
  const worker = (command: string[], annotations?: Record<string, string>, grace?: number, extra: Record<string, any> = {}) =>
    deployment('worker', { annotations, terminationGracePeriodSeconds: grace, containers: [{ image: 'app:1', command, ...extra }] });
  test('a worker without --concurrency and without its longest task', () => {
    const findings = celery([worker(['celery', '-A', 'shop', 'worker', '-l', 'info'])]);
    expectOne(findings, 'celery', 'Deployment/worker', `${C0}.command`, 'without --concurrency', 'CPU of the node, not of the container', '--concurrency <n>');
    expectOne(findings, 'celery', 'Deployment/worker', 'metadata.annotations["berth.dev/longest-task-seconds"]', 'does not say its longest task', 'terminationGracePeriodSeconds');
  });
  test('a grace period shorter than the longest task', () => {
    const findings = celery([worker(['celery', '-A', 'shop', 'worker', '--concurrency=2'], { 'berth.dev/longest-task-seconds': '600' })]);
    expectOne(findings, 'celery', 'Deployment/worker', 'spec.template.spec.terminationGracePeriodSeconds', '30s is shorter than the longest task', 'at least 600');
  });
  test('beat without --schedule, or with a schedule outside a writable mount', () => {
    const beat = (command: string[]) =>
      deployment('beat', {
        containers: [
          {
            image: 'app:1',
            command,
            volumeMounts: [
              { name: 'tmp', mountPath: '/tmp' },
              { name: 'cfg', mountPath: '/etc/app' },
            ],
          },
        ],
        volumes: [
          { name: 'tmp', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'cfg' } },
        ],
      });
    expectOne(celery([beat(['celery', '-A', 'shop', 'beat'])]), 'celery', 'Deployment/beat', `${C0}.command`, 'without --schedule', 'writable mounts: /tmp');
    expectOne(
      celery([beat(['celery', '-A', 'shop', 'beat', '-s', '/etc/app/schedule'])]),
      'celery',
      'Deployment/beat',
      `${C0}.command`,
      '--schedule /etc/app/schedule is not inside',
    );
    expect(celery([beat(['sh', '-c', 'exec celery -A shop beat --schedule /tmp/celerybeat-schedule'])])).toEqual([]);
  });
  test('flower without the env and envFrom of the worker of the same app and image', () => {
    const env = [
      { name: 'CELERY_BROKER_URL', value: 'redis://cache' },
      { name: 'DB_HOST', value: 'db' },
    ];
    const workerWithEnv = worker(['celery', '-A', 'shop', 'worker', '-c', '2'], { 'berth.dev/longest-task-seconds': '20' }, 30, { env, envFrom: [{ secretRef: { name: 'db' } }] });
    const flower = (image: string, extra: Record<string, any>) =>
      deployment('flower', { containers: [{ image, command: ['celery', '-A', 'shop', 'flower', '--port=5555'], ...extra }] });
    const findings = celery([workerWithEnv, flower('app:2', { env: [env[0]] })]);
    expectOne(findings, 'celery', 'Deployment/flower', `${C0}.env`, 'imports the same settings as the worker Deployment/worker', 'lacks env DB_HOST');
    expectOne(findings, 'celery', 'Deployment/flower', `${C0}.envFrom`, 'lacks envFrom secret db');
    expect(celery([workerWithEnv, flower('app:1', { env, envFrom: [{ secretRef: { name: 'db' } }] })])).toEqual([]);
    expect(celery([workerWithEnv, flower('mher/flower:2.0', {})])).toEqual([]);
  });
  test('passes: concurrency, longest task and a grace period that covers it', () => {
    expect(celery([worker(['celery', '--app', 'shop', 'worker', '-c', '4'], { 'berth.dev/longest-task-seconds': '300' }, 330)])).toEqual([]);
  });
});

describe('[sync-hooks]', () => {
  const spec = { containers: [{ image: 'app:1', command: ['python', 'manage.py', 'migrate'] }] };
  test('a hook that does not say why re-running it is safe', () => {
    expectOne(
      syncHooks([job('migrate', { annotations: { 'argocd.argoproj.io/hook': 'Sync' }, ...spec })]),
      'sync-hooks',
      'Job/migrate',
      'metadata.annotations["berth.dev/idempotent-because"]',
      'runs on every sync',
      'set berth.dev/idempotent-because',
    );
    expect(syncHooks([job('migrate', { annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'berth.dev/idempotent-because': 'safe' }, ...spec })])).toHaveLength(1);
  });
  test('a plain Job without its spec hash in name and annotation', () => {
    const plain = job('migrate', spec);
    const hash = specHash(plain.body.spec);
    const findings = syncHooks([plain]);
    expectOne(
      findings,
      'sync-hooks',
      'Job/migrate',
      'metadata.annotations["berth.dev/spec-hash"]',
      'has no spec hash',
      `hashes to ${hash}`,
      `set berth.dev/spec-hash: "${hash}"`,
      'immutable',
    );
    expectOne(findings, 'sync-hooks', 'Job/migrate', 'metadata.name', `does not end in -${hash}`);
  });
  test('a stale hash: the spec changed, the name did not', () => {
    const old = job('migrate', spec);
    const hash = specHash(old.body.spec);
    const changed = job(`migrate-${hash}`, { annotations: { 'berth.dev/spec-hash': hash }, containers: [{ image: 'app:2', command: ['python', 'manage.py', 'migrate'] }] });
    expect(syncHooks([changed]).map((f) => f.field)).toEqual(['metadata.annotations["berth.dev/spec-hash"]', 'metadata.name']);
  });
  test('sample data in a production namespace', () => {
    const seed = job('seed', {
      annotations: { 'argocd.argoproj.io/hook': 'Sync', 'berth.dev/idempotent-because': 'loaddata upserts by primary key', 'berth.dev/sample-data': 'true' },
      ...spec,
    });
    expectOne(
      syncHooks([namespace({ 'berth.dev/production': 'true' }), seed]),
      'sync-hooks',
      'Job/seed',
      'metadata.annotations["berth.dev/sample-data"]',
      'production namespace',
      'development environments only',
    );
    expect(syncHooks([namespace({ 'berth.dev/production': 'false' }), seed])).toEqual([]);
  });
  test('passes: a hook with its reason, and a plain Job named by its hash', () => {
    const plain = job('migrate', spec);
    const hash = specHash(plain.body.spec);
    const named = {
      ...plain,
      name: `migrate-${hash}`,
      body: { ...plain.body, metadata: { ...plain.body.metadata, name: `migrate-${hash}`, annotations: { 'berth.dev/spec-hash': hash } } },
    };
    expect(
      syncHooks([
        job('setup', { annotations: { 'argocd.argoproj.io/hook': 'Sync', 'berth.dev/idempotent-because': 'migrate applies only unapplied migrations' }, ...spec }),
        named,
      ]),
    ).toEqual([]);
  });
});

describe('[worker-after-migration]', () => {
  const migrate = (annotations: Record<string, string>) => job('migrate', { annotations, containers: [{ image: 'shop/app:1.2.0' }] });
  const worker = (n: number, image = 'shop/app:1.2.0') => deployment('worker', { annotations: wave(n), containers: [{ image }] });
  test('a worker of the release image in the same wave as the migration', () => {
    expectOne(
      workerAfterMigration([migrate(wave(1)), worker(1)]),
      'worker-after-migration',
      'Deployment/worker',
      SYNC_WAVE,
      'wave 1, but Job migrate (wave 1) runs the same image shop/app:1.2.0',
      'sync-wave: "2" or later',
    );
  });
  test('the smallest wave among the Jobs of that image counts', () => {
    const seed = job('seed', { annotations: wave(4), containers: [{ image: 'shop/app:1.2.0' }] });
    expect(workerAfterMigration([migrate(wave(2)), seed, worker(3)])).toEqual([]);
    expect(lines(workerAfterMigration([migrate(wave(2)), seed, worker(2)]))).toHaveLength(1);
  });
  test('passes: a later wave, another image, or a PreSync hook (which runs before every wave)', () => {
    expect(workerAfterMigration([migrate(wave(1)), worker(2)])).toEqual([]);
    expect(workerAfterMigration([migrate(wave(1)), worker(0, 'redis:7.4.6')])).toEqual([]);
    expect(workerAfterMigration([migrate(wave(5, { 'argocd.argoproj.io/hook': 'PreSync' })), worker(0)])).toEqual([]);
  });
  test('passes: a step that itself waits for the workload (it configures the running service) comes after it', () => {
    expect(workerAfterMigration([migrate(wave(2, { 'berth.dev/depends-on': 'worker: service_started' })), worker(1)])).toEqual([]);
    expect(lines(workerAfterMigration([migrate(wave(2, { 'berth.dev/depends-on': 'db: service_started' })), worker(1)]))).toHaveLength(1);
  });
});

describe('[gate-deadline]', () => {
  const gate = (target: string, timeout?: number) => ({
    image: 'busybox:1.36.1',
    env: [{ name: 'GATE_TARGET', value: target }, ...(timeout === undefined ? [] : [{ name: 'GATE_TIMEOUT_SECONDS', value: String(timeout) }])],
  });
  test('gates that may wait longer than the Job may run', () => {
    const findings = gateDeadline([job('migrate', { activeDeadlineSeconds: 300, containers: [{ image: 'app:1' }], initContainers: [gate('db', 200), gate('cache', 120)] })]);
    expectOne(
      findings,
      'gate-deadline',
      'Job/migrate',
      'spec.activeDeadlineSeconds',
      '300s, but the gates may wait 320s (init-0 200s + init-1 120s)',
      'killed silently',
      'above 320',
    );
  });
  test('a CronJob, at its jobTemplate', () => {
    expectOne(
      gateDeadline([cronJob('report', { activeDeadlineSeconds: 60, containers: [{ image: 'app:1' }], initContainers: [gate('db', 60)] })]),
      'gate-deadline',
      'CronJob/report',
      'spec.jobTemplate.spec.activeDeadlineSeconds',
      '60s, but the gates may wait 60s',
    );
  });
  test('a gate without GATE_TIMEOUT_SECONDS', () => {
    expectOne(
      gateDeadline([job('migrate', { activeDeadlineSeconds: 900, containers: [{ image: 'app:1' }], initContainers: [gate('db')] })]),
      'gate-deadline',
      'Job/migrate',
      `${I0}.env`,
      'is a gate (GATE_TARGET) without GATE_TIMEOUT_SECONDS',
    );
  });
  test('passes: gates that give up before the deadline', () => {
    expect(
      gateDeadline([
        job('migrate', {
          activeDeadlineSeconds: 600,
          containers: [{ image: 'app:1' }],
          initContainers: [gate('db', 200), gate('cache', 120), { image: 'busybox:1.36.1', command: ['true'] }],
        }),
      ]),
    ).toEqual([]);
  });
});

describe('[ingress-wave]', () => {
  const depends = (n: number, on: string) => wave(n, { 'berth.dev/depends-on': on });
  const system = (waves: { worker: number; grafana: number; ingress: number }) => [
    deployment('db', { annotations: wave(0), containers: [{ image: 'postgres:16' }] }),
    service('db'),
    job('migrate', { annotations: depends(1, 'db: service_healthy'), containers: [{ image: 'app:1' }] }),
    deployment('api', { annotations: depends(2, 'cache: service_started, db: service_healthy, migrate: service_completed_successfully'), containers: [{ image: 'app:1' }] }),
    service('api'),
    deployment('cache', { annotations: wave(0), containers: [{ image: 'redis:7.4.6' }] }),
    service('cache'),
    deployment('web', { annotations: depends(2, 'api: service_started'), containers: [{ image: 'web:1' }] }),
    service('web'),
    deployment('worker', { annotations: wave(waves.worker), containers: [{ image: 'app:1' }] }),
    deployment('grafana', { annotations: wave(waves.grafana), priorityClassName: 'berth-non-critical', containers: [{ image: 'grafana/grafana:11.2.0' }] }),
    service('grafana'),
    ingress('shop', wave(waves.ingress), [
      ['/', 'web'],
      ['/grafana', 'grafana'],
    ]),
  ];
  test('an unneeded workload and a non-critical one before the Ingress', () => {
    const findings = ingressWave(system({ worker: 1, grafana: 3, ingress: 3 }));
    expectOne(
      findings,
      'ingress-wave',
      'Deployment/worker',
      SYNC_WAVE,
      'runs in wave 1, before Ingress shop (wave 3)',
      'neither behind its backends (web, grafana) nor reachable',
      'keeps Argo CD from ever applying the Ingress',
      'berth.dev/depends-on',
      'sync-wave: "4" or later',
    );
    expectOne(
      findings,
      'ingress-wave',
      'Deployment/grafana',
      SYNC_WAVE,
      'non-critical (priorityClassName berth-non-critical) but runs in wave 3, not after Ingress shop (wave 3)',
      'sync-wave: "4" or later',
    );
    expect(findings).toHaveLength(2);
  });
  test('an Ingress later or earlier than right after its critical backends', () => {
    expectOne(
      ingressWave(system({ worker: 6, grafana: 6, ingress: 5 })),
      'ingress-wave',
      'Ingress/shop',
      SYNC_WAVE,
      'wave 5',
      '1 + the largest wave among its critical backends (Deployment/web wave 2) = 3',
      'sync-wave: "3"',
    );
    const early = ingressWave(system({ worker: 6, grafana: 6, ingress: 2 }));
    expectOne(early, 'ingress-wave', 'Ingress/shop', SYNC_WAVE, 'wave 2', '= 3');
  });
  test('an Ingress with only non-critical backends belongs in wave 0', () => {
    const objects = [
      deployment('docs', { annotations: wave(1), priorityClassName: 'berth-non-critical', containers: [{ image: 'docs:1' }] }),
      service('docs'),
      ingress('docs', wave(1), [['/', 'docs']]),
    ];
    expectOne(ingressWave(objects), 'ingress-wave', 'Ingress/docs', SYNC_WAVE, 'it has no critical backends = 0');
  });
  test('passes: backends and their depends-on chain (a Job named by its hash included) before, everything else after', () => {
    expect(ingressWave(system({ worker: 4, grafana: 4, ingress: 3 }))).toEqual([]);
    const hashed = system({ worker: 4, grafana: 4, ingress: 3 }).map((o) =>
      o.name === 'migrate'
        ? {
            ...o,
            name: 'migrate-0123456789',
            body: { ...o.body, metadata: { ...o.body.metadata, name: 'migrate-0123456789', annotations: { ...o.body.metadata.annotations, 'berth.dev/spec-hash': '0123456789' } } },
          }
        : o,
    );
    expect(ingressWave(hashed)).toEqual([]);
  });
  test('each Ingress of a namespace is checked on its own backends', () => {
    const objects = [...system({ worker: 4, grafana: 4, ingress: 3 }), ingress('uploads', wave(3), [['/upload', 'api']])];
    const findings = ingressWave(objects);
    expectOne(findings, 'ingress-wave', 'Deployment/web', SYNC_WAVE, 'runs in wave 2, before Ingress uploads (wave 3)', 'neither behind its backends (api)');
    expect(findings).toHaveLength(1);
  });
});

describe('[ingress-nginx]', () => {
  const NGINX = 'nginx.ingress.kubernetes.io';
  test('no proxy-body-size', () => {
    expectOne(
      ingressNginx([ingress('shop', {}, [['/', 'web']])]),
      'ingress-nginx',
      'Ingress/shop',
      `metadata.annotations["${NGINX}/proxy-body-size"]`,
      'default 1m with 413',
      `set ${NGINX}/proxy-body-size`,
    );
  });
  test('a WebSocket path with the default timeouts', () => {
    const findings = ingressNginx([
      ingress('shop', { [`${NGINX}/proxy-body-size`]: '20m', [`${NGINX}/proxy-read-timeout`]: '120' }, [
        ['/', 'web'],
        ['/ws', 'api'],
        ['/api/socket.io/', 'api'],
      ]),
    ]);
    expectOne(
      findings,
      'ingress-nginx',
      'Ingress/shop',
      `metadata.annotations["${NGINX}/proxy-read-timeout"]`,
      'paths /ws, /api/socket.io/ look like WebSockets',
      'is "120"',
      '"3600" or more',
    );
    expectOne(findings, 'ingress-nginx', 'Ingress/shop', `metadata.annotations["${NGINX}/proxy-send-timeout"]`, 'unset (ingress-nginx default 60 s)');
  });
  test('passes: body size and long timeouts set; other classes; paths that only start like ws', () => {
    const all = { [`${NGINX}/proxy-body-size`]: '20m', [`${NGINX}/proxy-read-timeout`]: '3600', [`${NGINX}/proxy-send-timeout`]: '7200' };
    expect(ingressNginx([ingress('shop', all, [['/cable', 'web']])])).toEqual([]);
    expect(
      ingressNginx([
        ingress('shop', { [`${NGINX}/proxy-body-size`]: '20m' }, [
          ['/wsdl', 'web'],
          ['/news', 'web'],
        ]),
      ]),
    ).toEqual([]);
    expect(ingressNginx([ingress('shop', {}, [['/ws', 'web']], 'traefik')])).toEqual([]);
  });
});

describe('[internet-egress]', () => {
  const egress = (ipBlock: Record<string, any>) =>
    policy('web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }], ports: [{ port: 443, protocol: 'TCP' }] }] });
  const EXCEPT = 'spec.egress[0].to[0].ipBlock.except';
  test('0.0.0.0/0 without except', () => {
    expectOne(
      internetEgress([egress({ cidr: '0.0.0.0/0' })]),
      'internet-egress',
      'NetworkPolicy/web',
      EXCEPT,
      'without except also opens the cluster',
      'except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
    );
  });
  test('an except that leaves private ranges open', () => {
    expectOne(
      internetEgress([egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })]),
      'internet-egress',
      'NetworkPolicy/web',
      EXCEPT,
      'leaves 172.16.0.0/12, 192.168.0.0/16 open',
      'add 172.16.0.0/12, 192.168.0.0/16 to except',
    );
  });
  test('the Namespace names the cluster ranges', () => {
    const ns = namespace({ 'berth.dev/cluster-cidrs': '100.64.0.0/10, 10.96.0.0/12' });
    expectOne(
      internetEgress([ns, egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })]),
      'internet-egress',
      'NetworkPolicy/web',
      EXCEPT,
      'leaves 100.64.0.0/10 open (the cluster ranges of berth.dev/cluster-cidrs)',
    );
    expect(internetEgress([ns, egress({ cidr: '0.0.0.0/0', except: ['100.64.0.0/10', '10.0.0.0/8'] })])).toEqual([]);
  });
  test('::/0 without except', () => {
    expectOne(internetEgress([egress({ cidr: '::/0' })]), 'internet-egress', 'NetworkPolicy/web', EXCEPT, 'ipBlock ::/0 without except');
    expect(internetEgress([egress({ cidr: '::/0', except: ['fd00::/8'] })])).toEqual([]);
    const v6 = namespace({ 'berth.dev/cluster-cidrs': 'fd00:10::/56' });
    expect(internetEgress([v6, egress({ cidr: '::/0', except: ['fd00::/8'] })])).toEqual([]);
    expect(internetEgress([v6, egress({ cidr: '::/0', except: ['fe80::/10'] })])).toHaveLength(1);
  });
  test('pod or namespace peers without ports', () => {
    const open = policy('db', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }, { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }],
    });
    expectOne(internetEgress([open]), 'internet-egress', 'NetworkPolicy/db', 'spec.ingress[0].ports', 'opens every port', 'list the ports');
    expect(internetEgress([open])).toHaveLength(1);
  });
  test('passes: the private ranges excepted (by supersets too), narrow blocks, and peers with ports', () => {
    expect(internetEgress([egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] })])).toEqual([]);
    expect(internetEgress([egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.0.0.0/8', '192.168.0.0/16'] })])).toEqual([]);
    expect(internetEgress([egress({ cidr: '203.0.113.0/24' })])).toEqual([]);
  });
});

describe('[image-known-bad]', () => {
  test.each([
    ['bitnami/redis:7.2.4', 'Bitnami stopped serving versioned tags'],
    ['docker.io/bitnami/postgresql:16.4.0-debian-12-r0', 'Bitnami stopped serving versioned tags'],
    ['redis:7.2.4-alpine', 'use redis:7.2.11-alpine or later'],
    ['docker.io/library/redis:7.4.5', 'CVE-2025-49844'],
    ['redis:6.2.19', 'use redis:6.2.20'],
    ['redis:8.0.3', 'use redis:8.0.4'],
    ['redis:8.2.1', 'use redis:8.2.2'],
    ['redis:7.0.15', 'this line has no fixed release'],
    ['redis:6.0', 'this line has no fixed release'],
    ['redis:5', 'CVE-2025-49844'],
    ['minio/minio:RELEASE.2024-11-07T00-52-20Z', 'CVE-2025-31489'],
    ['quay.io/minio/minio:RELEASE.2025-04-03T14-56-27Z', 'use quay.io/minio/minio:RELEASE.2025-04-03T14-56-28Z or later'],
  ])('%s', (image, fragment) => {
    expectOne(imageKnownBad([deployment('x', { containers: [{ image }] })]), 'image-known-bad', 'Deployment/x', `${C0}.image`, `"${image}"`, fragment);
  });
  test('init containers too (gates use redis images)', () => {
    expectOne(
      imageKnownBad([deployment('web', { containers: [{ image: 'app:1' }], initContainers: [{ image: 'redis:7.2.4-alpine' }] })]),
      'image-known-bad',
      'Deployment/web',
      `${I0}.image`,
      'CVE-2025-49844',
    );
  });
  test.each([
    'bitnami/redis:latest',
    'bitnamilegacy/redis:7.2.4',
    'redis:7.2.11-alpine',
    'redis:7.2',
    'redis:7',
    'redis:6.2.20',
    'redis:7.4.6',
    'redis:8.0.4',
    'redis:8.2.2',
    'redis:8.4.0',
    'redis:alpine',
    'minio/minio:RELEASE.2025-04-03T14-56-28Z',
    'minio/mc:RELEASE.2024-11-21T17-21-54Z',
    'example.com/redis:7.2.4',
  ])('passes: %s', (image) => {
    expect(imageKnownBad([deployment('x', { containers: [{ image }] })])).toEqual([]);
  });
});

describe('[image-shadowed]', () => {
  const airflow = (mountPath: string) =>
    deployment('airflow', { containers: [{ image: 'apache/airflow:2.9.3', volumeMounts: [{ name: 'home', mountPath }] }], volumes: [{ name: 'home', emptyDir: {} }] });
  test('a volume over AIRFLOW_HOME', () => {
    expectOne(
      imageShadowed([airflow('/opt/airflow')]),
      'image-shadowed',
      'Deployment/airflow',
      `${C0}.volumeMounts[0].mountPath`,
      'mounted over /opt/airflow',
      'hides them',
      'mount only the paths the program writes',
    );
    expect(imageShadowed([airflow('/opt/airflow/')])).toHaveLength(1);
  });
  test('passes: the paths it writes', () => {
    expect(imageShadowed([airflow('/opt/airflow/logs')])).toEqual([]);
  });
});

describe('[image-memory]', () => {
  const airflow = (args: string[], memory?: string) =>
    deployment('airflow', { containers: [{ image: 'apache/airflow:2.9.3', args, resources: memory ? { limits: { memory } } : {} }] });
  test('airflow standalone below 1536Mi', () => {
    expectOne(imageMemory([airflow(['standalone'], '768Mi')]), 'image-memory', 'Deployment/airflow', `${C0}.resources.limits.memory`, 'memory limit "768Mi"', 'at least 1536Mi');
    expectOne(imageMemory([airflow(['standalone'])]), 'image-memory', 'Deployment/airflow', `${C0}.resources.limits.memory`, 'no memory limit');
  });
  test('passes: enough memory, or a lighter command', () => {
    expect(imageMemory([airflow(['standalone'], '2Gi')])).toEqual([]);
    expect(imageMemory([airflow(['standalone'], '1536Mi')])).toEqual([]);
    expect(imageMemory([airflow(['scheduler'], '768Mi')])).toEqual([]);
  });
});

describe('[embedded-store] (warning)', () => {
  const store = { 'berth.dev/embedded-store': 'ChromaDB PersistentClient (SQLite)', ...PROTECTED };
  const mounting = (name: string, extra: Partial<{ replicas: number }> = {}) =>
    deployment(name, {
      ...extra,
      containers: [{ image: 'app:1', volumeMounts: [{ name: 'chroma', mountPath: '/data' }] }],
      volumes: [{ name: 'chroma', persistentVolumeClaim: { claimName: 'chroma' } }],
    });
  test('ReadWriteMany', () => {
    const f = expectOne(
      embeddedStore([pvc('chroma', store, ['ReadWriteMany']), mounting('web')]),
      'embedded-store',
      'PersistentVolumeClaim/chroma',
      'spec.accessModes',
      'is ReadWriteMany',
      'single-writer',
      'run one server process',
    );
    expect(f.severity).toBe('warning');
  });
  test('mounted by two workloads (a Job included)', () => {
    const indexer = job('build-index', { containers: [{ image: 'app:1' }], volumes: [{ name: 'chroma', persistentVolumeClaim: { claimName: 'chroma' } }] });
    expectOne(
      embeddedStore([pvc('chroma', store), mounting('web'), indexer]),
      'embedded-store',
      'PersistentVolumeClaim/chroma',
      'metadata.annotations["berth.dev/embedded-store"]',
      'mounted by 2 workloads (Deployment/web, Job/build-index)',
    );
  });
  test('replicas > 1, or an autoscaler', () => {
    expectOne(
      embeddedStore([pvc('chroma', store), mounting('web', { replicas: 3 })]),
      'embedded-store',
      'PersistentVolumeClaim/chroma',
      'metadata.annotations["berth.dev/embedded-store"]',
      'Deployment/web mounts it with more than one pod (replicas 3)',
    );
    const hpa = obj('HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4 } });
    expect(lines(embeddedStore([pvc('chroma', store), mounting('web'), hpa]))).toEqual([expect.stringContaining('HorizontalPodAutoscaler web scales it')]);
  });
  test('passes: one pod of one workload on a ReadWriteOnce claim; claims without the annotation', () => {
    expect(embeddedStore([pvc('chroma', store), mounting('web')])).toEqual([]);
    expect(embeddedStore([pvc('chroma', PROTECTED, ['ReadWriteMany']), mounting('web', { replicas: 3 }), mounting('worker')])).toEqual([]);
  });
});
