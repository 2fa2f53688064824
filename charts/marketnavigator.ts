import { celeryBeat, celeryWorker, propertiesOf, redis } from './building-blocks';
import { appUser, cluster, images } from './platform';
import { requireImage, runAsOf } from '../lib/images';
import type { BuiltImage, Service, System } from '../lib/model/types';

/**
 * MarketNavigator v2: Next.js + Django/Daphne + Celery, Redis, MinIO and two scraper APIs, with PostgreSQL
 * managed outside (Liara). Every fact below is from the two architecture documents (000: service map, 002:
 * architecture improvements); values the documents do not give are marked "not documented" with the choice made.
 */

/**
 * The team's own images, built by their CI from the repository: the repositories only; each environment's tag
 * is its release (releases/marketnavigator.yaml). Not documented: the registry.
 */
const app = {
  backend: { repository: 'registry.kareonecompany.com/marketnavigator/backend' },
  frontend: { repository: 'registry.kareonecompany.com/marketnavigator/frontend' },
  crunchbase: { repository: 'registry.kareonecompany.com/marketnavigator/crunchbase-api' },
  tracxn: { repository: 'registry.kareonecompany.com/marketnavigator/tracxn-api' },
} satisfies Record<string, BuiltImage>;

/**
 * The backend's own .env (document 002: Django's SECRET_KEY and the OpenAI, Liara and Metis AI keys), loaded
 * whole. Every process of the backend image imports the same Django settings, so each gets it.
 */
const backendEnvFiles = ['backend-env'];

const database = {
  DB_HOST: { external: 'postgres', field: 'host' },
  DB_PORT: { external: 'postgres', field: 'port' },
  DB_NAME: 'postgres',
  DB_USER: { secret: 'postgres-credentials', key: 'username' },
  DB_PASSWORD: { secret: 'postgres-credentials', key: 'password' },
} as const;

const broker = {
  REDIS_URL: 'redis://redis:6379/0',
  CELERY_BROKER_URL: 'redis://redis:6379/0',
  CELERY_RESULT_BACKEND: 'redis://redis:6379/0',
};

const storage = {
  MINIO_ENDPOINT: 'http://minio:9000',
  MINIO_BUCKET_NAME: 'marketnavigator',
  MINIO_ACCESS_KEY: { secret: 'minio-credentials', key: 'root-user' },
  MINIO_SECRET_KEY: { secret: 'minio-credentials', key: 'root-password' },
} as const;

const scrapers = {
  CRUNCHBASE_API_URL: 'http://crunchbase_api:8003',
  TRACXN_API_URL: 'http://tracxn_api:8008',
};

/** backend and celery-worker wait for the same four services (document 000, dependencies table). */
const backendDependencies = {
  redis: 'service_healthy',
  minio: 'service_healthy',
  crunchbase_api: 'service_started',
  tracxn_api: 'service_started',
} as const;

const scraper = (image: BuiltImage, port: number, description: string, envFile: string, sourceDir: string): Service => ({
  description,
  image,
  component: 'scraper',
  ports: [{ name: 'http', port }],
  // The documents give the scrapers no health check (only a manual curl while troubleshooting), so the
  // port is probed: a pod is never held unready on a path the API may not serve. Compose default timing.
  healthCheck: { test: { kind: 'tcp', port } },
  // Each scraper loads its MySQL settings from its own .env (document 000, "Scraper Database Connections").
  envFiles: [envFile],
  usesExternals: ['scraper-mysql', 'scraped-sites'],
  bindMounts: [{ hostPath: `./scrapers/${sourceDir}`, path: '/app' }],
  // Not documented: sizes for a Python scraper API.
  resources: { cpu: 0.25, memoryMi: 256, memoryLimitMi: 512 },
  runAs: appUser,
  restart: 'unless-stopped',
  tier: 'important',
});

/**
 * Endpoints outside the cluster other than the database. The scrapers' MySQL host and port live in their own
 * configuration, not in the documents: 3306 is MySQL's default, to be confirmed against each scraper's .env.
 */
const internet = {
  'scraper-mysql': { host: 'liara.cloud', port: 3306 },
  'scraped-sites': { anyHost: true, port: 443 },
  'ai-providers': { anyHost: true, port: 443 },
} as const;

export const marketnavigator: System = {
  id: 'marketnavigator',
  description: 'MarketNavigator v2: market research reports from Crunchbase and Tracxn data',
  sources: ['seeds/000_8348d03d069c323c.txt', 'seeds/002_d9485becbfc73f99.txt'],
  services: {
    redis: {
      ...redis({
        description: 'Cache, message broker, Celery backend and WebSocket channel layer',
        timing: { intervalSeconds: 5, timeoutSeconds: 5, retries: 5 },
        roles: ['cache', 'broker', 'result-backend', 'channel-layer'],
        // AOF persistence (volume table).
        args: ['--appendonly', 'yes'],
        // Document 002 ("Database & Caching") asks for allkeys-lru, but this Redis is also the Celery broker:
        // allkeys-lru would evict queued tasks. volatile-lru evicts only keys with a TTL (the cache's).
        evict: 'volatile-lru',
        mount: { volume: 'redis_data', path: '/data' },
        // Not documented: sizes.
        resources: { cpu: 0.25, memoryMi: 256, memoryLimitMi: 512 },
        tier: 'critical',
      }),
      restart: 'unless-stopped',
    },
    minio: {
      description: 'S3-compatible object storage for uploaded reports and documents',
      image: images.minio,
      // compose `command`: the image's docker-entrypoint.sh runs `minio server ...`.
      command: ['server', '/data', '--console-address', ':9001'],
      component: 'object-storage',
      ports: [
        { name: 's3', port: 9000 },
        // The console is for people (document 000 opens it on localhost:9001): no service in the cluster
        // reaches it; use kubectl port-forward.
        { name: 'console', port: 9001, reachableFrom: [] },
      ],
      env: {
        MINIO_ROOT_USER: { secret: 'minio-credentials', key: 'root-user' },
        MINIO_ROOT_PASSWORD: { secret: 'minio-credentials', key: 'root-password' },
      },
      healthCheck: {
        test: { kind: 'http', path: '/minio/health/live', port: 9000 },
        source: 'compose health check (document 000, "Health Check Endpoints")',
        intervalSeconds: 30,
        timeoutSeconds: 20,
        retries: 3,
      },
      mounts: [{ volume: 'minio_data', path: '/data' }],
      resources: { cpu: 0.25, memoryMi: 512, memoryLimitMi: 1024 },
      // The catalog's: MinIO writes its config dir under $HOME (/ for an unnamed UID) even with a read-only root.
      runAs: runAsOf(requireImage(images.minio)),
      restart: 'unless-stopped',
      tier: 'critical',
    },
    'minio-init': {
      description: 'One-time MinIO bucket initialization; safe to repeat (--ignore-existing)',
      image: images.mc,
      kind: 'one-shot',
      // compose `entrypoint`: the mc image's ENTRYPOINT is mc itself, and this step is a small script.
      entrypoint: [
        'sh',
        '-c',
        'mc alias set myminio "$MINIO_ENDPOINT" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" && mc mb --ignore-existing "myminio/$MINIO_BUCKET_NAME" && mc ls myminio/',
      ],
      component: 'storage-init',
      oneShot: {
        runs: { every: 'sync', idempotentBecause: 'mc mb --ignore-existing leaves an existing bucket and its objects untouched' },
        backoffLimit: 4,
        // Its gate may wait half of this for MinIO; the rest is for mc.
        activeDeadlineSeconds: 600,
      },
      env: {
        MC_CONFIG_DIR: '/tmp/.mc',
        MINIO_ENDPOINT: storage.MINIO_ENDPOINT,
        MINIO_BUCKET_NAME: storage.MINIO_BUCKET_NAME,
        MINIO_ROOT_USER: storage.MINIO_ACCESS_KEY,
        MINIO_ROOT_PASSWORD: storage.MINIO_SECRET_KEY,
      },
      dependsOn: { minio: 'service_healthy' },
      resources: { cpu: 0.05, memoryMi: 64, memoryLimitMi: 128 },
      runAs: runAsOf(requireImage(images.mc)),
      restart: 'no',
      tier: 'important',
    },
    crunchbase_api: scraper(app.crunchbase, 8003, 'Crunchbase data scraper service (remote MySQL on Liara)', 'crunchbase-env', 'Crunchbase_API'),
    tracxn_api: scraper(app.tracxn, 8008, 'Tracxn data scraper service (remote MySQL on Liara)', 'tracxn-env', 'Tracxn_API'),
    backend: {
      description: 'Django REST Framework API and WebSockets (Daphne ASGI)',
      image: app.backend,
      component: 'api',
      ports: [{ name: 'http', port: 8000 }],
      env: { ...database, ...broker, ...storage, ...scrapers },
      envFiles: backendEnvFiles,
      healthCheck: {
        test: { kind: 'http', path: '/api/health/', port: 8000, hostHeader: 'localhost' },
        source: 'compose health check (document 000, "Health Check Endpoints")',
        intervalSeconds: 30,
        timeoutSeconds: 10,
        retries: 3,
      },
      dependsOn: backendDependencies,
      usesExternals: ['postgres', 'ai-providers'],
      mounts: [
        { volume: 'backend_media', path: '/app/media' },
        { volume: 'backend_static', path: '/app/static' },
      ],
      bindMounts: [{ hostPath: './backend', path: '/app' }],
      resources: { cpu: 0.5, memoryMi: 512, memoryLimitMi: 1024 },
      runAs: appUser,
      restart: 'unless-stopped',
      tier: 'critical',
    },
    'celery-worker': celeryWorker({
      description: 'Background task processor (queues celery, default, reports)',
      image: app.backend,
      app: 'config',
      queues: ['celery', 'default', 'reports'],
      // 2 processes fit 1.5 GiB.
      concurrency: 2,
      env: { ...database, ...broker, ...storage, ...scrapers },
      envFiles: backendEnvFiles,
      // Not documented: a report generation task is assumed to finish within 10 minutes.
      longestTaskSeconds: 600,
      dependsOn: backendDependencies,
      usesExternals: ['postgres', 'ai-providers'],
      mounts: [{ volume: 'backend_media', path: '/app/media' }],
      bindMounts: [{ hostPath: './backend', path: '/app' }],
      resources: { cpu: 0.5, memoryMi: 512, memoryLimitMi: 1536 },
      runAs: appUser,
      restart: 'unless-stopped',
      tier: 'important',
    }),
    'celery-beat': celeryBeat({
      description: 'Scheduled task scheduler; two schedulers would fire every task twice',
      image: app.backend,
      app: 'config',
      // The same settings module as the backend: every setting it reads must be there.
      env: { ...database, ...broker, ...storage, ...scrapers },
      envFiles: backendEnvFiles,
      dependsOn: { redis: 'service_healthy' },
      usesExternals: ['postgres'],
      bindMounts: [{ hostPath: './backend', path: '/app' }],
      resources: { cpu: 0.1, memoryMi: 256, memoryLimitMi: 512 },
      runAs: appUser,
      restart: 'unless-stopped',
      tier: 'important',
    }),
    flower: {
      description: 'Celery monitoring dashboard (internal only, not routed publicly)',
      image: app.backend,
      command: ['celery', '-A', 'config', 'flower', '--port=5555'],
      component: 'monitoring',
      ports: [{ name: 'http', port: 5555 }],
      // `-A config` imports the Django settings, which read the database, storage and backend .env settings.
      env: { ...database, ...broker, ...storage, ...scrapers },
      envFiles: backendEnvFiles,
      // No documented check: the port accepts connections. Compose default timing.
      healthCheck: { test: { kind: 'tcp', port: 5555 } },
      dependsOn: { redis: 'service_healthy' },
      resources: { cpu: 0.1, memoryMi: 128, memoryLimitMi: 256 },
      runAs: appUser,
      restart: 'unless-stopped',
      tier: 'non-critical',
    },
    frontend: {
      description: 'Next.js 14 web application',
      image: app.frontend,
      component: 'web',
      ports: [{ name: 'http', port: 3000 }],
      env: {
        // Kubernetes sets HOSTNAME to the pod name and the standalone server binds to it; bind everywhere.
        HOSTNAME: '0.0.0.0',
        PORT: '3000',
        NEXT_PUBLIC_API_URL: 'https://market.kareonecompany.com',
      },
      // Not a compose health check: document 000's manual check (GET / answers HTML), compose default timing.
      healthCheck: { test: { kind: 'http', path: '/', port: 3000 }, source: 'document 000, "Manual Health Checks": curl http://localhost:3000' },
      dependsOn: { backend: 'service_started' },
      talksTo: ['backend'],
      bindMounts: [{ hostPath: './frontend/src', path: '/app/src' }],
      resources: { cpu: 0.25, memoryMi: 256, memoryLimitMi: 512 },
      // The Next.js standalone image runs as nextjs (1001) and writes its image cache.
      runAs: { uid: 1001, gid: 1001, writablePaths: ['/app/.next/cache', '/tmp'] },
      restart: 'unless-stopped',
      tier: 'critical',
    },
  },
  volumes: {
    // Sizes are not documented; chosen for the data each holds.
    redis_data: { description: 'Redis persistence (AOF enabled)', sizeGi: 5, backup: 'HIGH' },
    minio_data: { description: 'All uploaded files (reports, documents)', sizeGi: 50, backup: 'CRITICAL' },
    backend_media: { description: 'Generated reports, temp files', sizeGi: 20, backup: 'MEDIUM' },
    backend_static: {
      description: 'Static assets (collectstatic)',
      sizeGi: 2,
      backup: 'LOW',
      unprotectedBecause: "collectstatic writes these files again from the backend image's sources",
      // Shared-capable, so the backend rolls out without downtime: a ReadWriteOnce claim would force Recreate.
      accessMode: 'ReadWriteMany',
    },
  },
  externals: {
    postgres: { description: 'PostgreSQL managed by Liara Cloud (not containerized)' },
    'scraper-mysql': { description: "The scrapers' remote MySQL on Liara (configured in their own .env and config.py)" },
    'scraped-sites': { description: 'Crunchbase and Tracxn, fetched by the scrapers over HTTPS' },
    'ai-providers': { description: 'OpenAI, Liara and Metis AI APIs over HTTPS (document 002, "AI Integration")' },
  },
  secrets: {
    'postgres-credentials': {
      description: 'Liara PostgreSQL user and password',
      keys: propertiesOf('marketnavigator/{{berth.environment}}/postgres', ['username', 'password']),
    },
    'minio-credentials': {
      description: 'MinIO root credentials, also the S3 keys of backend and workers',
      keys: propertiesOf('marketnavigator/{{berth.environment}}/minio', ['root-user', 'root-password']),
    },
    'backend-env': {
      description: "The backend's .env: Django SECRET_KEY and the OpenAI, Liara and Metis API keys (document 002)",
      envFile: 'marketnavigator/{{berth.environment}}/backend-env',
    },
    'crunchbase-env': { description: "scrapers/Crunchbase_API/.env: the scraper's MySQL settings", envFile: 'marketnavigator/{{berth.environment}}/crunchbase-api-env' },
    'tracxn-env': { description: "The Tracxn scraper's MySQL settings (its .env and config.py)", envFile: 'marketnavigator/{{berth.environment}}/tracxn-api-env' },
  },
  registries: {
    // Not documented: that the team's registry needs credentials, and their key in the store.
    'registry.kareonecompany.com': {
      description: "Pull credentials for the team's registry (username and password of a robot account)",
      remoteKey: 'marketnavigator/{{berth.environment}}/registry',
    },
  },
  routes: [
    {
      host: 'market.kareonecompany.com',
      paths: [
        { path: '/', service: 'frontend', port: 3000 },
        // Uploads of reports and documents go through the API to MinIO. Not documented: a 50 MiB limit.
        { path: '/api', service: 'backend', port: 8000, maxBodyMi: 50 },
        // WebSockets (progress updates) stay open and idle for long stretches: an hour, not nginx's 60 s.
        { path: '/ws', service: 'backend', port: 8000, readTimeoutSeconds: 3600, sendTimeoutSeconds: 3600 },
        { path: '/admin', service: 'backend', port: 8000 },
        // The admin's CSS and JavaScript, served by Django (the documents' nginx is gone).
        { path: '/static', service: 'backend', port: 8000 },
      ],
    },
  ],
  contradictions: {
    redis: "document 002 asks for allkeys-lru, which would evict the Celery broker's queued tasks: volatile-lru",
  },
  replaced: {
    nginx: 'reverse proxy with SSL: an Ingress with cert-manager TLS takes its place',
    letsencrypt_data: 'certbot state: cert-manager keeps certificates in the Ingress TLS Secret',
  },
  environments: {
    dev: {
      ...cluster.dev,
      hosts: { 'market.kareonecompany.com': 'dev.market.kareonecompany.com' },
      externals: { postgres: { host: 'table-mountain.liara.cloud', port: 32965 }, ...internet },
      services: { frontend: { env: { NEXT_PUBLIC_API_URL: 'https://dev.market.kareonecompany.com' } } },
    },
    prod: {
      ...cluster.prod,
      externals: { postgres: { host: 'marketnavigator-v2', port: 5432 }, ...internet },
    },
  },
};
