import { grafana, postgres, prometheus, propertiesOf, redis } from './building-blocks';
import { appUser, cluster, images } from './platform';
import { healthCheckOf, portOf, requireImage, runAsOf } from '../lib/images';
import type { System } from '../lib/model/types';

/**
 * Enterprise Scanner (document 004): a static site with Grafana under /grafana, behind nginx with Let's
 * Encrypt, plus PostgreSQL, PgBouncer, Redis and a Prometheus stack with three exporters. The Flask app is
 * "ready but not yet deployed": it is described here and switched off until an environment enables it.
 *
 * Tiers come from the dependency matrix: 🔴 critical, 🟡 important, 🟢 non-critical. Each becomes a
 * PriorityClass, so under node pressure monitoring is evicted before the site and its data.
 */

const exporter = { tier: 'non-critical', component: 'metrics-exporter' } as const;

/** What the image catalog knows about the third-party images here. */
const facts = {
  pgbouncer: requireImage(images.pgbouncer),
  redisExporter: requireImage(images.redisExporter),
  postgresExporter: requireImage(images.postgresExporter),
  nodeExporter: requireImage(images.nodeExporter),
};

export const enterpriseScanner: System = {
  id: 'enterprise-scanner',
  description: 'Enterprise Scanner: static site, monitoring, and the data layer for the coming Flask app',
  sources: ['seeds/004_f9679099e8956cd8.txt'],
  services: {
    site: {
      description: 'The static website (was /var/www/html behind nginx), on an unprivileged nginx',
      // The site's HTML baked onto nginxinc/nginx-unprivileged (registry and tag not documented).
      image: { repository: 'registry.example.com/enterprise-scanner/site' },
      component: 'web',
      ports: [{ name: 'http', port: 8080 }],
      // Not a compose health check: the document checks the site by fetching it.
      healthCheck: {
        test: { kind: 'http', path: '/', port: 8080 },
        source: 'document 004: the site is checked by fetching its page',
        intervalSeconds: 10,
        timeoutSeconds: 5,
        retries: 3,
      },
      replicas: 2,
      resources: { cpu: 0.05, memoryMi: 32, memoryLimitMi: 64 },
      // nginx-unprivileged: USER 101; pid and temp paths in /tmp.
      runAs: { uid: 101, gid: 101, writablePaths: ['/tmp'] },
      tier: 'critical',
    },
    flask: {
      description: 'Flask application (future): API and dynamic features, via PgBouncer and Redis',
      image: { repository: 'registry.example.com/enterprise-scanner/flask' },
      component: 'api',
      enabled: false,
      ports: [{ name: 'http', port: 5000 }],
      env: {
        DATABASE_URL: { secret: 'flask', key: 'database-url' },
        REDIS_URL: 'redis://redis:6379/0',
      },
      // Not documented yet: the port accepts connections.
      healthCheck: { test: { kind: 'tcp', port: 5000 } },
      dependsOn: { pgbouncer: 'service_started', redis: 'service_healthy' },
      resources: { cpu: 0.25, memoryMi: 256, memoryLimitMi: 512 },
      runAs: appUser,
      tier: 'critical',
    },
    postgres: postgres({
      description: 'PostgreSQL (was enterprisescanner_postgres on 127.0.0.1:5432); database failure = total app failure',
      database: 'enterprisescanner',
      readyArgs: '-d enterprisescanner',
      credentials: { user: { secret: 'postgres-credentials', key: 'username' }, password: { secret: 'postgres-credentials', key: 'password' } },
      volume: 'postgres_data',
      // The document gives `pg_isready` without timing: compose defaults.
      resources: { cpu: 0.5, memoryMi: 512, memoryLimitMi: 1024 },
      tier: 'critical',
    }),
    redis: redis({
      description: 'Cache (was enterprisescanner_redis on 127.0.0.1:6379); the app degrades without it',
      // The document gives `redis-cli PING` without timing: compose defaults.
      roles: ['cache'],
      args: ['--appendonly', 'yes'],
      // A cache only: at maxmemory the least recently used keys make room.
      evict: 'allkeys-lru',
      mount: { volume: 'redis_data', path: '/data' },
      resources: { cpu: 0.1, memoryMi: 128, memoryLimitMi: 256 },
      tier: 'important',
    }),
    pgbouncer: {
      description: 'Connection pooler in front of PostgreSQL (was a native service on 127.0.0.1:6432)',
      image: images.pgbouncer,
      component: 'connection-pooler',
      ports: [{ name: 'pgbouncer', port: 6432 }],
      // The image's entrypoint renders /etc/pgbouncer/pgbouncer.ini and userlist.txt from these at start.
      env: {
        DB_HOST: 'postgres',
        DB_PORT: '5432',
        DB_NAME: 'enterprisescanner',
        DB_USER: { secret: 'postgres-credentials', key: 'username' },
        DB_PASSWORD: { secret: 'postgres-credentials', key: 'password' },
        LISTEN_PORT: '6432',
        // PostgreSQL 15 stores passwords as SCRAM.
        AUTH_TYPE: 'scram-sha-256',
      },
      // Not documented: the pooler accepts connections.
      healthCheck: { test: { kind: 'tcp', port: 6432 } },
      dependsOn: { postgres: 'service_healthy' },
      resources: { cpu: 0.1, memoryMi: 64, memoryLimitMi: 128 },
      // The image's postgres user (alpine, 70); the generated ini names it, so no other UID works. It writes
      // only its generated configuration.
      runAs: runAsOf(facts.pgbouncer),
      tier: 'important',
    },
    prometheus: prometheus({
      description: 'Metrics collection, scraping the three exporters (was 127.0.0.1:9090, localhost only)',
      scrapeConfigs: [
        { job_name: 'redis', static_configs: [{ targets: ['redis-exporter:9121'] }] },
        { job_name: 'postgres', static_configs: [{ targets: ['postgres-exporter:9187'] }] },
        // node-exporter runs on every node; its headless Service resolves to each pod.
        { job_name: 'node', dns_sd_configs: [{ names: ['node-exporter.{{berth.hostNamespace}}.svc.cluster.local'], type: 'A', port: 9100 }] },
      ],
      volume: 'prometheus_data',
    }),
    grafana: grafana({
      description: 'Dashboards, served publicly at https://enterprisescanner.com/grafana',
      // Grafana under a sub-path: it must know its public URL and serve from /grafana itself.
      env: { GF_SERVER_ROOT_URL: 'https://enterprisescanner.com/grafana/', GF_SERVER_SERVE_FROM_SUB_PATH: 'true' },
      subPath: '/grafana',
      adminPassword: { secret: 'grafana', key: 'admin-password' },
      volume: 'grafana_data',
    }),
    'redis-exporter': {
      ...exporter,
      description: 'Redis metrics for Prometheus',
      image: images.redisExporter,
      ports: [{ name: 'metrics', port: portOf(facts.redisExporter, 'metrics') }],
      env: { REDIS_ADDR: 'redis://redis:6379' },
      healthCheck: healthCheckOf(facts.redisExporter),
      dependsOn: { redis: 'service_healthy' },
      resources: { cpu: 0.05, memoryMi: 32, memoryLimitMi: 64 },
      runAs: runAsOf(facts.redisExporter),
      scrapedBy: { service: 'prometheus', port: 'metrics' },
    },
    'postgres-exporter': {
      ...exporter,
      description: 'PostgreSQL metrics for Prometheus',
      image: images.postgresExporter,
      ports: [{ name: 'metrics', port: portOf(facts.postgresExporter, 'metrics') }],
      env: {
        DATA_SOURCE_URI: 'postgres:5432/enterprisescanner?sslmode=disable',
        DATA_SOURCE_USER: { secret: 'postgres-credentials', key: 'username' },
        DATA_SOURCE_PASS: { secret: 'postgres-credentials', key: 'password' },
      },
      // No documented health endpoint: the port accepts connections.
      healthCheck: { test: healthCheckOf(facts.postgresExporter).test },
      dependsOn: { postgres: 'service_healthy' },
      resources: { cpu: 0.05, memoryMi: 32, memoryLimitMi: 64 },
      runAs: runAsOf(facts.postgresExporter),
      scrapedBy: { service: 'prometheus', port: 'metrics' },
    },
    'node-exporter': {
      ...exporter,
      description: 'Node metrics (CPU, memory, disk) from every node',
      image: images.nodeExporter,
      kind: 'per-node',
      // compose `command`: flags for the image's node_exporter ENTRYPOINT.
      command: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root'],
      ports: [{ name: 'metrics', port: portOf(facts.nodeExporter, 'metrics') }],
      // No documented health endpoint: the port accepts connections.
      healthCheck: { test: healthCheckOf(facts.nodeExporter).test },
      hostAccess: { paths: { '/proc': '/host/proc', '/sys': '/host/sys', '/': '/host/root' } },
      resources: { cpu: 0.05, memoryMi: 32, memoryLimitMi: 64 },
      runAs: runAsOf(facts.nodeExporter),
      scrapedBy: { service: 'prometheus', port: 'metrics' },
      exemptions: [
        {
          check: 'host-access',
          reason: 'node metrics are read from the host /proc, /sys and root filesystem, mounted read-only',
        },
      ],
    },
  },
  volumes: {
    // Not documented: sizes.
    postgres_data: { description: 'PostgreSQL data', sizeGi: 10, backup: 'CRITICAL' },
    redis_data: { description: 'Redis persistence', sizeGi: 1, backup: 'MEDIUM' },
    prometheus_data: { description: 'Prometheus time series', sizeGi: 10, backup: 'LOW' },
    grafana_data: { description: 'Grafana state', sizeGi: 1, backup: 'LOW' },
  },
  secrets: {
    'postgres-credentials': {
      description: 'PostgreSQL user and password (also used by PgBouncer and the exporter)',
      keys: propertiesOf('enterprise-scanner/{{berth.environment}}/postgres', ['username', 'password']),
    },
    grafana: { description: 'Grafana admin password', keys: propertiesOf('enterprise-scanner/{{berth.environment}}/grafana', ['admin-password']) },
    flask: { description: 'Flask database URL (through PgBouncer)', keys: propertiesOf('enterprise-scanner/{{berth.environment}}/flask', ['database-url']) },
  },
  routes: [
    {
      host: 'enterprisescanner.com',
      paths: [
        { path: '/', service: 'site', port: 8080 },
        { path: '/grafana', service: 'grafana', port: 3000 },
      ],
    },
  ],
  replaced: {
    nginx: 'TLS termination, gzip, caching headers and the /grafana proxy: the Ingress (and the site image) take over',
    certbot: "Let's Encrypt renewal: cert-manager",
  },
  environments: {
    prod: { ...cluster.prod },
  },
};
