import { images } from './platform';
import { dataDirectoryOf, healthCheckOf, httpCheckOf, portOf, remoteScriptOf, requireImage, runAsOf, shellCheckOf } from '../lib/images';
import type { HealthCheck, LongRunningService, Mount, Resources, SecretKey, SecretRef, Service, StoreRole, Tier } from '../lib/model/types';

/**
 * Descriptions of the official images that several systems run, so each chart states only what its document
 * says (timings, database names, volumes). The image facts (UIDs, writable paths, data directories, ports, health
 * checks and the client each dependent uses to check health from outside) come from the image catalog
 * (lib/images).
 */

interface Timing {
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly startPeriodSeconds?: number;
}

export interface PostgresOptions {
  readonly description: string;
  /** @default the official postgres 15 alpine image */
  readonly image?: string;
  /** UID/GID the image's postgres user has. @default the image catalog's user of the image (alpine: 70) */
  readonly runAs?: { readonly uid: number; readonly gid: number };
  readonly database: string;
  /** The compose health check's `pg_isready` arguments after the command, e.g. `-U app -d app`. */
  readonly readyArgs: string;
  readonly credentials: { readonly user: SecretRef; readonly password: SecretRef };
  readonly volume: string;
  /** The compose health check's timing. @default compose's */
  readonly timing?: Timing;
  readonly resources: Resources;
  readonly tier: Tier;
  /** compose's host port, where it differs from 5432. @default 5432 */
  readonly published?: number;
}

/**
 * PostgreSQL on the official image (or one built on it), under a read-only root with its data on a claim. The
 * compose check's arguments follow the catalog's `pg_isready`, which asks over TCP: the entrypoint's first-boot
 * server listens on the socket only, so a socket probe says ready while initdb and the init scripts still run.
 */
export function postgres(o: PostgresOptions): Service {
  const image = o.image ?? images.postgres15;
  const facts = requireImage(image);
  const port = portOf(facts, 'postgres');
  const remote = remoteScriptOf(facts);
  const data = dataDirectoryOf(facts);
  return {
    description: o.description,
    image,
    component: facts.component,
    ports: [{ name: 'postgres', port, published: o.published }],
    env: {
      POSTGRES_DB: o.database,
      POSTGRES_USER: o.credentials.user,
      POSTGRES_PASSWORD: o.credentials.password,
      // The claim's root holds lost+found, and initdb refuses a non-empty directory.
      PGDATA: `${data}/pgdata`,
    },
    healthCheck: {
      test: { kind: 'shell', script: `${shellCheckOf(facts)} ${o.readyArgs}` },
      ...o.timing,
      remote: { image: remote.image, command: ['sh', '-c', `${remote.script} ${o.readyArgs}`] },
    },
    mounts: [{ volume: o.volume, path: data }],
    resources: o.resources,
    runAs: { ...runAsOf(facts), ...o.runAs },
    terminationGracePeriodSeconds: facts.terminationGracePeriodSeconds,
    tier: o.tier,
  };
}

export interface RedisOptions {
  readonly description: string;
  /** compose `redis-cli ping` timing. @default compose's */
  readonly timing?: Timing;
  /** What the systems use it for. A broker holds queued tasks: it must never evict. */
  readonly roles: readonly StoreRole[];
  /** Extra `redis-server` arguments (persistence). @default none */
  readonly args?: readonly string[];
  /**
   * `--maxmemory-policy` once `maxmemory` is reached. A broker's queues have no TTL, so `volatile-lru` evicts
   * only expiring cache keys; `allkeys-*` would drop queued tasks. @default noeviction (writes fail instead)
   */
  readonly evict?: 'allkeys-lru' | 'volatile-lru' | 'noeviction';
  /** `requirepass`, by reference. @default no password */
  readonly password?: SecretRef;
  /** @default no volume (a cache) */
  readonly mount?: Mount;
  readonly resources: Resources;
  readonly tier: Tier;
}

/**
 * The compose `command` of a Redis: `redis-server` and its settings, passed to the image's docker-entrypoint.sh.
 * `--maxmemory` is `{{berth.maxmemory}}`, three quarters of each environment's memory limit, so Redis evicts or
 * refuses writes before the kernel kills it, and an environment's resources need no second mention.
 */
function redisCommand(o: RedisOptions): string[] {
  return [
    'redis-server',
    // $(VAR) is expanded by the kubelet from the container's env, so the password is never in the manifest.
    ...(o.password ? ['--requirepass', '$(REDISCLI_AUTH)'] : []),
    ...(o.args ?? []),
    '--maxmemory',
    '{{berth.maxmemory}}',
    ...(o.evict && o.evict !== 'noeviction' ? ['--maxmemory-policy', o.evict] : []),
  ];
}

/**
 * Redis on the official alpine image. With a password, redis-cli reads it from REDISCLI_AUTH. The checks are the
 * catalog's: redis-cli exits 0 on an error reply (LOADING while it reads its data, NOAUTH), so they compare the
 * answer with PONG; compose's own `redis-cli ping` would say ready too early.
 */
export function redis(o: RedisOptions): Service {
  const facts = requireImage(images.redis);
  const auth = o.password ? { REDISCLI_AUTH: o.password } : undefined;
  const healthCheck: HealthCheck = {
    test: healthCheckOf(facts).test,
    ...o.timing,
    remote: { image: remoteScriptOf(facts).image, command: ['sh', '-c', remoteScriptOf(facts).script], env: auth },
  };
  return {
    description: o.description,
    image: images.redis,
    command: redisCommand(o),
    component: facts.component,
    ports: [{ name: 'redis', port: portOf(facts, 'redis') }],
    env: auth,
    healthCheck,
    mounts: o.mount ? [o.mount] : undefined,
    resources: o.resources,
    runAs: runAsOf(facts, { dataOnVolume: o.mount !== undefined }),
    // One Redis at a time: a surge pod during a rollout would split clients between two servers.
    singleton: true,
    tier: o.tier,
    roles: o.roles,
  };
}

/** Keys of one secret-store entry: each Secret key is the same-named property of the JSON value at `remoteKey`. */
export function propertiesOf(remoteKey: string, properties: readonly string[]): Record<string, SecretKey> {
  return Object.fromEntries(properties.map((property) => [property, { remoteKey, property }]));
}

export interface PrometheusOptions {
  readonly description: string;
  /** prometheus.yml's `scrape_configs`. */
  readonly scrapeConfigs: readonly object[];
  /** prometheus.yml's `alerting`. @default none */
  readonly alerting?: object;
  readonly volume: string;
  readonly talksTo?: readonly string[];
  readonly onlyIn?: readonly string[];
}

/** Prometheus on the official image; its TSDB on a claim. */
export function prometheus(o: PrometheusOptions): Service {
  const facts = requireImage(images.prometheus);
  return {
    description: o.description,
    image: images.prometheus,
    component: facts.component,
    onlyIn: o.onlyIn,
    ports: [{ name: 'http', port: portOf(facts, 'http') }],
    configFiles: [
      {
        path: '/etc/prometheus/prometheus.yml',
        yaml: { global: { scrape_interval: '30s' }, scrape_configs: o.scrapeConfigs, ...(o.alerting ? { alerting: o.alerting } : {}) },
      },
    ],
    talksTo: o.talksTo,
    // Not in the documents: Prometheus' own readiness endpoint (the catalog's), compose default timing.
    healthCheck: healthCheckOf(facts),
    mounts: [{ volume: o.volume, path: dataDirectoryOf(facts) }],
    resources: { cpu: 0.25, memoryMi: 512, memoryLimitMi: 1024 },
    // USER nobody is not numeric; the kubelet needs the catalog's 65534 to verify it is not root.
    runAs: runAsOf(facts),
    tier: 'non-critical',
  };
}

export interface GrafanaOptions {
  readonly description: string;
  readonly volume: string;
  readonly adminPassword: SecretRef;
  /** Extra settings (`GF_SERVER_*` for a sub-path). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** compose's host port, where it differs from 3000. @default 3000 */
  readonly published?: number;
  /** Path prefix Grafana serves from (its health endpoint moves with it). @default '' */
  readonly subPath?: string;
  readonly onlyIn?: readonly string[];
}

/** Grafana on the official image, with Prometheus provisioned as its data source. */
export function grafana(o: GrafanaOptions): Service {
  const facts = requireImage(images.grafana);
  const check = httpCheckOf(facts);
  return {
    description: o.description,
    image: images.grafana,
    component: facts.component,
    onlyIn: o.onlyIn,
    ports: [{ name: 'http', port: portOf(facts, 'http'), published: o.published }],
    // The catalog's settings for a read-only root (console logging only), then the chart's.
    env: { ...o.env, ...facts.env, GF_SECURITY_ADMIN_PASSWORD: o.adminPassword },
    configFiles: [
      {
        path: '/etc/grafana/provisioning/datasources/prometheus.yaml',
        yaml: {
          apiVersion: 1,
          datasources: [{ name: 'Prometheus', type: 'prometheus', url: `http://prometheus:${portOf(requireImage(images.prometheus), 'http')}`, isDefault: true }],
        },
      },
    ],
    // Not in the documents: Grafana's own health endpoint (the catalog's, under the sub-path), compose default timing.
    healthCheck: { test: { ...check.test, path: `${o.subPath ?? ''}${check.test.path}` }, source: check.source },
    dependsOn: { prometheus: 'service_started' },
    mounts: [{ volume: o.volume, path: dataDirectoryOf(facts) }],
    resources: { cpu: 0.1, memoryMi: 256, memoryLimitMi: 512 },
    runAs: runAsOf(facts),
    tier: 'non-critical',
  };
}

/** Settings a Celery process shares with the rest of its application image. */
export type CeleryOptions = Omit<LongRunningService, 'command' | 'component' | 'exemptions' | 'singleton' | 'kind'> & {
  /** `-A`: the Celery application module. */
  readonly app: string;
};

/** The exemption every Celery process takes: it has no port, and compose gives it no health check. */
const celeryProbes = {
  check: 'probes',
  reason: 'no port and no compose health check, and celery inspect ping takes seconds and loads the broker',
} as const;

/**
 * A Celery worker. Concurrency is explicit: by default Celery starts one process per CPU of the node, not of the
 * container, and outgrows its memory limit on a big node. `longestTaskSeconds` sets the grace period, so a
 * rollout lets running tasks finish.
 */
export function celeryWorker(o: CeleryOptions & { readonly concurrency: number; readonly longestTaskSeconds: number; readonly queues?: readonly string[] }): LongRunningService {
  const { app, concurrency, queues, ...service } = o;
  return {
    ...service,
    command: ['celery', '-A', app, 'worker', '-l', 'info', ...(queues ? ['-Q', queues.join(',')] : []), '--concurrency', String(concurrency)],
    component: 'worker',
    exemptions: [celeryProbes],
  };
}

/** Celery beat: exactly one, writing its schedule to /tmp (its working directory is read-only). */
export function celeryBeat(o: CeleryOptions): LongRunningService {
  const { app, ...service } = o;
  return {
    ...service,
    command: ['celery', '-A', app, 'beat', '-l', 'info', '--schedule', '/tmp/celerybeat-schedule'],
    component: 'scheduler',
    // Two schedulers would fire every task twice.
    singleton: true,
    exemptions: [{ check: 'probes', reason: 'no port and no compose health check, and a scheduler has nothing to serve' }],
  };
}
