import { celeryBeat, celeryWorker, grafana, postgres, prometheus, propertiesOf, redis, type RedisOptions } from './building-blocks';
import { appUser, cluster, images } from './platform';
import { healthCheckOf, portOf, requireImage, runAsOf } from '../lib/images';
import type { Resources, System } from '../lib/model/types';

/**
 * The market-data platform (document 003): FastAPI backend, React frontend, Celery worker and beat, Airflow,
 * PostgreSQL with TimescaleDB, Redis, and in production a Prometheus/Grafana/Alertmanager monitoring stack.
 *
 * TimescaleDB: the document lists `postgres` (postgres:15-alpine, port 5432) and `timescaledb`
 * (timescale/timescaledb, no port, "Time-series extension"). A database without a port serves nobody, so berth
 * reads timescaledb as the extension inside the one PostgreSQL: the postgres workload runs the TimescaleDB
 * image built on PostgreSQL 15, and there is no separate timescaledb workload.
 */

/** The team's images ("custom" in the document); tags are each environment's release (not documented: the registry). */
const app = (name: string) => ({ repository: `registry.example.com/market-data/${name}` });

/** Resource tables: CPU and memory per environment (dev | prod), as requests and limits alike. */
const table = (cpu: number, memoryMi: number): Resources => ({ cpu, memoryMi, cpuLimit: cpu, memoryLimitMi: memoryMi });
const resources = {
  dev: { postgres: table(0.75, 384), redis: table(0.2, 128), backend: table(0.5, 512), celery_worker: table(0.75, 512), airflow: table(0.5, 512) },
  prod: { postgres: table(1, 512), redis: table(0.25, 600), backend: table(1, 768), celery_worker: table(1, 768), airflow: table(0.75, 768) },
};

const appEnv = {
  DATABASE_URL: { secret: 'database', key: 'url' },
  REDIS_URL: { secret: 'redis', key: 'url' },
  SECRET_KEY: { secret: 'backend', key: 'secret-key' },
  ALPHA_VANTAGE_API_KEY: { secret: 'market-data-api-keys', key: 'alpha-vantage' },
  FINNHUB_API_KEY: { secret: 'market-data-api-keys', key: 'finnhub' },
  POLYGON_API_KEY: { secret: 'market-data-api-keys', key: 'polygon' },
  NEWS_API_KEY: { secret: 'market-data-api-keys', key: 'news' },
} as const;

/**
 * Redis is the cache and the Celery broker. The document's Quick Win #4 sets `maxmemory 512mb` with
 * `allkeys-lru`, which contradicts both its own tables and the broker: dev has a 128 MB limit and prod 600 MB,
 * and allkeys-lru evicts queued tasks. Resolved here: maxmemory is 75 % of each environment's limit (96 MiB,
 * 450 MiB), and volatile-lru evicts only the cache's expiring keys.
 */
const redisOptions: RedisOptions = {
  description: 'Cache and message broker',
  roles: ['cache', 'broker'],
  evict: 'volatile-lru',
  password: { secret: 'redis', key: 'password' },
  resources: resources.dev.redis,
  tier: 'critical',
};

/** What worker and beat share: the application settings, the stores, the market-data APIs. */
const celeryApp = {
  app: 'app',
  env: appEnv,
  dependsOn: { postgres: 'service_healthy', redis: 'service_healthy' },
  usesExternals: ['market-data-apis'],
  runAs: appUser,
  tier: 'important',
} as const;

/**
 * Airflow. AIRFLOW_HOME is where `airflow standalone` writes what it generates (airflow.cfg,
 * webserver_config.py, the admin password file, the webserver pid, logs); it moves to an emptyDir, and the
 * image's dags/ and plugins/ stay visible where they are. The fernet key (encrypts stored connections) and the
 * webserver's session key come from the secret store: generated per pod, they would change on every restart.
 */
const airflowFacts = requireImage(images.airflow);
const airflowEnv = {
  // The catalog's: AIRFLOW_HOME in /opt/airflow/run, the image's dags/ and plugins/ where they are.
  ...airflowFacts.env,
  AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
  AIRFLOW__CORE__FERNET_KEY: { secret: 'airflow', key: 'fernet-key' },
  AIRFLOW__WEBSERVER__SECRET_KEY: { secret: 'airflow', key: 'webserver-secret-key' },
  AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: { secret: 'airflow', key: 'sql-alchemy-conn' },
} as const;

/** The image's airflow user (the catalog's): UID 50000 with group 0, which its entrypoint insists on. */
const airflowRunAs = runAsOf(airflowFacts);

/**
 * The resource tables give Airflow 512 MB (dev) and 768 MB (prod), but `airflow standalone` runs the webserver
 * (gunicorn workers), the scheduler and the triggerer in one container and is OOM-killed there. Resolved: the
 * tables' CPU, 1.5 GiB requested and 2.5 GiB allowed, with 2 webserver workers and 1 parsing process.
 */
const airflowResources = {
  dev: { cpu: 0.5, memoryMi: 1536, cpuLimit: 0.5, memoryLimitMi: 2560 },
  prod: { cpu: 0.75, memoryMi: 1536, cpuLimit: 0.75, memoryLimitMi: 2560 },
};

/** The monitoring stack runs in production only (document: "Monitoring Stack (Production)"). */
const monitoring = { onlyIn: ['prod'], tier: 'non-critical', component: 'monitoring' } as const;

/** What the image catalog knows about Alertmanager. */
const alertmanagerFacts = requireImage(images.alertmanager);

export const marketDataPlatform: System = {
  id: 'market-data-platform',
  description: 'Market data platform: FastAPI, TimescaleDB, Airflow pipelines and monitoring',
  sources: ['seeds/003_43df46657d6b8efd.txt'],
  services: {
    postgres: postgres({
      description: 'Primary database with the TimescaleDB extension (time series) and pg_trgm full-text search',
      image: images.timescale15,
      // The timescaledb image is alpine-based: its postgres user is 70.
      database: 'market_data',
      readyArgs: '-d market_data',
      credentials: { user: { secret: 'database', key: 'username' }, password: { secret: 'database', key: 'password' } },
      volume: 'postgres_data',
      // Not documented beyond "all services have health checks": compose default timing.
      resources: resources.dev.postgres,
      tier: 'critical',
    }),
    redis: redis(redisOptions),
    backend: {
      description: 'FastAPI application',
      image: app('backend'),
      component: 'api',
      ports: [{ name: 'http', port: 8000 }],
      env: appEnv,
      healthCheck: {
        test: { kind: 'http', path: '/api/health', port: 8000 },
        source: 'compose health check (document 003, "Health Checks")',
        intervalSeconds: 30,
        timeoutSeconds: 10,
        retries: 3,
        startPeriodSeconds: 60,
      },
      dependsOn: { postgres: 'service_healthy', redis: 'service_healthy' },
      usesExternals: ['market-data-apis'],
      resources: resources.dev.backend,
      runAs: appUser,
      tier: 'critical',
      scrapedBy: { service: 'prometheus', port: 'http' },
    },
    frontend: {
      description: 'React application served by nginx',
      image: app('frontend'),
      component: 'web',
      ports: [{ name: 'http', port: 3000 }],
      // Not documented: the frontend's check. The port accepts connections once its nginx is up.
      healthCheck: { test: { kind: 'tcp', port: 3000 } },
      dependsOn: { backend: 'service_started' },
      // Not in the resource tables.
      resources: { cpu: 0.1, memoryMi: 64, cpuLimit: 0.25, memoryLimitMi: 128 },
      // An unprivileged nginx: UID 101, temp files and pid under /tmp, cache under /var/cache/nginx.
      runAs: { uid: 101, gid: 101, writablePaths: ['/tmp', '/var/cache/nginx'] },
      tier: 'critical',
    },
    // Not documented: the images' Celery application module (`-A app`).
    celery_worker: celeryWorker({
      ...celeryApp,
      description: 'Background tasks',
      image: app('celery-worker'),
      concurrency: 2,
      // Not documented: market-data fetches are assumed to finish within 5 minutes.
      longestTaskSeconds: 300,
      resources: resources.dev.celery_worker,
    }),
    celery_beat: celeryBeat({
      ...celeryApp,
      description: 'Scheduled tasks; one instance only',
      image: app('celery-beat'),
      dependsOn: { redis: 'service_healthy' },
      // Not in the resource tables.
      resources: table(0.1, 256),
    }),
    airflow_init: {
      description: "Creates and upgrades Airflow's metadata database before the scheduler and webserver start",
      image: images.airflow,
      kind: 'one-shot',
      // compose `command`: the image's entrypoint runs `airflow db migrate`.
      command: ['db', 'migrate'],
      component: 'orchestration',
      env: airflowEnv,
      dependsOn: { postgres: 'service_healthy' },
      oneShot: {
        runs: { every: 'sync', idempotentBecause: '`airflow db migrate` applies only the migrations the metadata database lacks' },
        backoffLimit: 2,
        activeDeadlineSeconds: 900,
      },
      resources: table(0.5, 768),
      runAs: airflowRunAs,
      tier: 'important',
    },
    airflow: {
      description: 'Pipeline orchestration (webserver, scheduler and triggerer in one `airflow standalone`)',
      image: images.airflow,
      // compose `command`: the image's entrypoint (dumb-init, then /entrypoint) runs `airflow standalone`.
      command: ['standalone'],
      component: 'orchestration',
      ports: [{ name: 'http', port: portOf(airflowFacts, 'http') }],
      // LocalExecutor runs tasks in parallel (standalone keeps the SequentialExecutor otherwise).
      env: { ...airflowEnv, AIRFLOW__CORE__EXECUTOR: 'LocalExecutor', AIRFLOW__WEBSERVER__WORKERS: '2', AIRFLOW__SCHEDULER__PARSING_PROCESSES: '1' },
      healthCheck: {
        ...healthCheckOf(airflowFacts),
        startPeriodSeconds: 120,
      },
      dependsOn: { postgres: 'service_healthy', airflow_init: 'service_completed_successfully' },
      // The pipelines call the market-data APIs.
      usesExternals: ['market-data-apis'],
      // One scheduler at a time: a surge pod would run a second standalone (scheduler and initdb) beside it.
      singleton: true,
      resources: airflowResources.dev,
      runAs: airflowRunAs,
      tier: 'important',
    },
    prometheus: prometheus({
      description: 'Metrics collection',
      onlyIn: monitoring.onlyIn,
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] },
      scrapeConfigs: [{ job_name: 'backend', static_configs: [{ targets: ['backend:8000'] }] }],
      talksTo: ['alertmanager'],
      volume: 'prometheus_data',
    }),
    grafana: grafana({
      description: 'Dashboards',
      published: 3001,
      onlyIn: monitoring.onlyIn,
      adminPassword: { secret: 'grafana', key: 'admin-password' },
      volume: 'grafana_data',
    }),
    alertmanager: {
      ...monitoring,
      description: 'Alert routing',
      image: images.alertmanager,
      ports: [{ name: 'http', port: portOf(alertmanagerFacts, 'http') }],
      configFiles: [{ path: '/etc/alertmanager/alertmanager.yml', yaml: { route: { receiver: 'default' }, receivers: [{ name: 'default' }] } }],
      healthCheck: healthCheckOf(alertmanagerFacts),
      resources: { cpu: 0.05, memoryMi: 64, memoryLimitMi: 128 },
      // No claim: its silences live in the data directory, an emptyDir.
      runAs: runAsOf(alertmanagerFacts, { dataOnVolume: false }),
    },
  },
  volumes: {
    // Not documented: sizes.
    postgres_data: { description: 'PostgreSQL and TimescaleDB data', sizeGi: 20, backup: 'CRITICAL' },
    prometheus_data: { description: 'Prometheus time series', sizeGi: 20, backup: 'LOW' },
    grafana_data: { description: 'Grafana state (users, dashboards saved in the UI)', sizeGi: 1, backup: 'MEDIUM' },
  },
  externals: {
    'market-data-apis': { description: 'Alpha Vantage, Finnhub, Polygon and News API over HTTPS' },
  },
  secrets: {
    database: {
      description: 'PostgreSQL user, password (DB_PASSWORD) and the backend DATABASE_URL',
      keys: propertiesOf('market-data-platform/{{berth.environment}}/database', ['username', 'password', 'url']),
    },
    redis: {
      description: 'REDIS_PASSWORD and the REDIS_URL that contains it',
      keys: propertiesOf('market-data-platform/{{berth.environment}}/redis', ['password', 'url']),
    },
    backend: { description: 'SECRET_KEY (JWT signing)', keys: propertiesOf('market-data-platform/{{berth.environment}}/backend', ['secret-key']) },
    'market-data-api-keys': {
      description: 'Provider API keys',
      keys: propertiesOf('market-data-platform/{{berth.environment}}/api-keys', ['alpha-vantage', 'finnhub', 'polygon', 'news']),
    },
    airflow: {
      description: 'Airflow metadata database connection, fernet key and webserver secret key',
      keys: propertiesOf('market-data-platform/{{berth.environment}}/airflow', ['sql-alchemy-conn', 'fernet-key', 'webserver-secret-key']),
    },
    grafana: { description: 'Grafana admin password', keys: propertiesOf('market-data-platform/{{berth.environment}}/grafana', ['admin-password']) },
  },
  routes: [
    {
      // The document names no domain; set each environment's host in `hosts`.
      host: 'markets.example.com',
      paths: [
        { path: '/', service: 'frontend', port: 3000 },
        { path: '/api', service: 'backend', port: 8000 },
      ],
    },
  ],
  contradictions: {
    redis: "maxmemory 512mb with allkeys-lru exceeds the 128 MB (dev) limit and evicts the broker's queued tasks: 75 % of each limit, volatile-lru",
    airflow: "airflow standalone is OOM-killed in the tables' 512/768 MB: 1.5 GiB requested, 2.5 GiB allowed, the tables' CPU",
  },
  replaced: {
    timescaledb: 'the TimescaleDB extension inside the postgres workload (see the chart header)',
    nginx: 'reverse proxy with SSL: an Ingress with cert-manager TLS',
    elasticsearch: 'removed by the document itself (Quick Win #3): PostgreSQL full-text search with pg_trgm',
  },
  environments: {
    dev: {
      ...cluster.dev,
      hosts: { 'markets.example.com': 'dev.markets.example.com' },
      externals: { 'market-data-apis': { anyHost: true, port: 443 } },
    },
    prod: {
      ...cluster.prod,
      externals: { 'market-data-apis': { anyHost: true, port: 443 } },
      services: {
        postgres: { resources: resources.prod.postgres },
        redis: { resources: resources.prod.redis },
        backend: { resources: resources.prod.backend },
        celery_worker: { resources: resources.prod.celery_worker },
        airflow: { resources: airflowResources.prod },
      },
    },
  },
};
