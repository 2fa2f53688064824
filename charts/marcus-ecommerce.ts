import { celeryBeat, celeryWorker, postgres, propertiesOf, redis } from './building-blocks';
import { appUser, cluster, images } from './platform';
import { dataDirectoryOf, healthCheckOf, portOf, requireImage, runAsOf } from '../lib/images';
import type { OneShotRuns, OneShotService, System } from '../lib/model/types';

/**
 * Marcus E-commerce: Django with an embedded ChromaDB vector index, Celery worker and beat, PostgreSQL, Redis
 * and MailHog (document 001). The web container's start-up script (wait-for-db, migrate, setup_views,
 * create_superuser, seed_db, refresh_views, build_ai_index, runserver) is split: each preparation step is a
 * one-shot Job that runs once per release, in order, and only the server stays in the web container.
 */

/** The team's Django image; its tag is each environment's release (not documented: the registry). */
const image = { repository: 'registry.example.com/marcus-ecommerce/web' };

const settings = {
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_DB: 'ecommerce_db',
  POSTGRES_USER: { secret: 'postgres-credentials', key: 'username' },
  POSTGRES_PASSWORD: { secret: 'postgres-credentials', key: 'password' },
  REDIS_URL: 'redis://redis:6379/0',
  CELERY_BROKER_URL: 'redis://redis:6379/0',
  OPENAI_API_KEY: { secret: 'openai', key: 'api-key' },
  DJANGO_SECRET_KEY: { secret: 'django', key: 'secret-key' },
  // ChromaDB runs as one server (see `chromadb` below); the app connects with chromadb.HttpClient.
  CHROMA_HOST: 'chromadb',
  CHROMA_PORT: '8000',
} as const;

/** One preparation step of the web start-up, run as a Job after `after` has completed (or the db is healthy). */
const step = (description: string, command: string[], after: string | undefined, runs: OneShotRuns, extra: Partial<OneShotService> = {}): OneShotService => ({
  description,
  image,
  kind: 'one-shot',
  command: ['python', 'manage.py', ...command],
  component: 'release-step',
  env: settings,
  dependsOn: after ? { [after]: 'service_completed_successfully' } : { db: 'service_healthy' },
  // Every step works on the database, whichever step it waits for; Django's cache and Celery settings point
  // at redis, so management commands may reach it too.
  talksTo: ['db', 'redis'],
  resources: { cpu: 0.5, memoryMi: 512, cpuLimit: 1, memoryLimitMi: 512 },
  runAs: appUser,
  oneShot: { runs, backoffLimit: 2, activeDeadlineSeconds: 900 },
  ...extra,
});

/** Steps whose repetition is not documented as safe run once per change of their spec, not on every sync. */
const oncePerChange: OneShotRuns = { every: 'change' };

/**
 * The compose start-up script ran every step on each start of web (document 001, "Service Startup Order"), so
 * the steps it ran are safe to repeat. As Sync hooks, a failed run is retried with the next sync; a failed
 * run-once Job would stay failed, and hold every later wave, until someone deletes it.
 */
const ranOnEveryStart: OneShotRuns = {
  every: 'sync',
  idempotentBecause: "the compose start-up script ran it on every start of web (document 001, 'Service Startup Order')",
};

/** What the image catalog knows about the ChromaDB server image. */
const chroma = requireImage(images.chroma);

export const marcusEcommerce: System = {
  id: 'marcus-ecommerce',
  description: 'Marcus E-commerce with an AI shopping assistant',
  sources: ['seeds/001_d5dee69cd3512bf5.txt'],
  services: {
    redis: redis({
      description: 'Message broker, task results and cache',
      timing: { intervalSeconds: 10, timeoutSeconds: 5, retries: 5 },
      // The Celery broker: at maxmemory it refuses writes rather than evict queued tasks.
      roles: ['broker', 'result-backend', 'cache'],
      // Resource table: 128MB, 0.5 core.
      resources: { cpu: 0.5, memoryMi: 128, cpuLimit: 0.5, memoryLimitMi: 128 },
      tier: 'critical',
    }),
    db: postgres({
      description: 'PostgreSQL: products, categories, orders, chat sessions, recommendations',
      database: 'ecommerce_db',
      readyArgs: '-U ecommerce_user -d ecommerce_db',
      credentials: { user: settings.POSTGRES_USER, password: settings.POSTGRES_PASSWORD },
      volume: 'postgres_data',
      published: 5433,
      timing: { intervalSeconds: 10, timeoutSeconds: 5, retries: 5 },
      // Resource table: 512MB, 1 core.
      resources: { cpu: 1, memoryMi: 512, cpuLimit: 1, memoryLimitMi: 512 },
      tier: 'critical',
    }),
    mailhog: {
      description: 'Email testing (SMTP 1025, web UI 8025); development only',
      // MailHog is abandoned; Mailpit is its maintained drop-in with the same ports.
      image: images.mailpit,
      component: 'mail',
      onlyIn: ['dev'],
      ports: [
        { name: 'smtp', port: 1025 },
        { name: 'http', port: 8025 },
      ],
      // Not a compose health check (the document has none for mailhog): the SMTP port accepts connections.
      healthCheck: { test: { kind: 'tcp', port: 1025 } },
      // Resource table: 64MB, 0.1 core.
      resources: { cpu: 0.1, memoryMi: 64, cpuLimit: 0.1, memoryLimitMi: 64 },
      // Mailpit runs as any UID; it keeps its mail database in /tmp.
      runAs: runAsOf(requireImage(images.mailpit)),
      tier: 'non-critical',
    },
    chromadb: {
      description: 'ChromaDB vector store (embeddings, product index) as one server that web, workers and the index step reach over HTTP',
      image: images.chroma,
      component: 'vector-store',
      ports: [{ name: 'http', port: portOf(chroma, 'http') }],
      // The image's /config.yaml persists to /data; the server writes nothing else.
      healthCheck: {
        ...healthCheckOf(chroma),
        intervalSeconds: 10,
        timeoutSeconds: 5,
        retries: 5,
      },
      mounts: [{ volume: 'chromadb_data', path: dataDirectoryOf(chroma) }],
      // Not in the resource table (which sized the embedded store inside web): an index of ~10k products.
      resources: { cpu: 0.5, memoryMi: 512, memoryLimitMi: 1024 },
      runAs: runAsOf(chroma),
      tier: 'critical',
    },
    migrate: step('Apply database migrations (makemigrations stays a development task)', ['migrate', '--noinput'], undefined, {
      every: 'sync',
      idempotentBecause: 'migrate applies only the migrations not yet recorded in django_migrations',
    }),
    setup_views: step('Create the database views', ['setup_views'], 'migrate', ranOnEveryStart),
    create_superuser: step('Create the admin user if missing', ['create_superuser'], 'setup_views', ranOnEveryStart, {
      env: { ...settings, DJANGO_SUPERUSER_PASSWORD: { secret: 'superuser', key: 'password' } },
    }),
    seed_db: step('Seed the catalogue with sample data (development only)', ['seed_db'], 'create_superuser', oncePerChange, {
      onlyIn: ['dev'],
      oneShot: { runs: oncePerChange, backoffLimit: 2, activeDeadlineSeconds: 900, sampleData: true },
    }),
    refresh_views: step(
      'Refresh the materialised views',
      ['refresh_views'],
      'create_superuser',
      { every: 'sync', idempotentBecause: 'refreshing a materialised view recomputes it from the tables; a repeat only refreshes it again' },
      {
        // After the sample data where there is some (dev); production has none.
        dependsOn: {
          create_superuser: 'service_completed_successfully',
          seed_db: { condition: 'service_completed_successfully', required: false },
        },
      },
    ),
    // Once per change: rebuilding the index calls the OpenAI embeddings API for every product. Off the path to
    // web and the Ingress (the site serves without a fresh index, and the nightly task refreshes it), so a
    // failed build (quota, a slow API) never keeps a release from the public.
    build_ai_index: step('Build the AI product index in ChromaDB', ['build_ai_index'], 'refresh_views', oncePerChange, {
      usesExternals: ['openai'],
      dependsOn: { refresh_views: 'service_completed_successfully', chromadb: 'service_healthy' },
      talksTo: ['db', 'redis', 'chromadb'],
    }),
    web: {
      description: 'Django API, serves requests; semantic search via LlamaIndex and ChromaDB',
      image,
      // The document's development server; production overrides it below.
      command: ['python', 'manage.py', 'runserver', '0.0.0.0:8000'],
      component: 'api',
      ports: [{ name: 'http', port: 8000 }],
      env: settings,
      // Not a compose health check (the document checks the app with `manage.py check` by hand): the server
      // accepts connections. No HTTP path is documented that every deployment answers with 200.
      healthCheck: { test: { kind: 'tcp', port: 8000 }, intervalSeconds: 10, timeoutSeconds: 5, retries: 5 },
      // Ready for traffic after the database steps; the AI index is built beside it (see build_ai_index).
      dependsOn: {
        db: 'service_healthy',
        redis: 'service_healthy',
        chromadb: 'service_healthy',
        refresh_views: 'service_completed_successfully',
      },
      talksTo: ['mailhog'],
      usesExternals: ['openai'],
      bindMounts: [{ hostPath: '.', path: '/app' }],
      // Resource table: 512MB, 1 core.
      resources: { cpu: 1, memoryMi: 512, cpuLimit: 1, memoryLimitMi: 512 },
      runAs: appUser,
      tier: 'critical',
    },
    celery: celeryWorker({
      description: 'Background tasks: AI index updates, embeddings',
      image,
      app: 'ecommerce_backend',
      concurrency: 2,
      env: settings,
      // New code only after the migrations of its release: the worker starts once migrate has completed.
      dependsOn: { db: 'service_healthy', redis: 'service_healthy', chromadb: 'service_healthy', migrate: 'service_completed_successfully' },
      usesExternals: ['openai'],
      bindMounts: [{ hostPath: '.', path: '/app' }],
      // Not documented: the nightly index refresh is the longest task; assumed to finish within 30 minutes.
      longestTaskSeconds: 1800,
      // Resource table: 1GB, 1 core.
      resources: { cpu: 1, memoryMi: 1024, cpuLimit: 1, memoryLimitMi: 1024 },
      runAs: appUser,
      tier: 'important',
    }),
    'celery-beat': celeryBeat({
      description: 'Task scheduler (nightly AI index refresh at 3 AM); one instance only',
      image,
      app: 'ecommerce_backend',
      env: settings,
      dependsOn: { db: 'service_healthy', redis: 'service_healthy', migrate: 'service_completed_successfully' },
      bindMounts: [{ hostPath: '.', path: '/app' }],
      // Resource table: 256MB, 0.5 core.
      resources: { cpu: 0.5, memoryMi: 256, cpuLimit: 0.5, memoryLimitMi: 256 },
      runAs: appUser,
      tier: 'important',
    }),
  },
  volumes: {
    // Sizes from "Volume Sizes": production with 10k products is ~1GB each; twice that for growth.
    postgres_data: { description: 'All database tables, user data, product catalogue', sizeGi: 2, backup: 'CRITICAL' },
    chromadb_data: {
      description: 'Vector embeddings, product index, semantic search data',
      sizeGi: 2,
      backup: 'MEDIUM',
      embeddedStore: "ChromaDB's SQLite catalogue and index files: opened by the chromadb server alone",
    },
  },
  externals: {
    openai: { description: 'OpenAI API (LLM inference, embeddings)' },
  },
  secrets: {
    'postgres-credentials': {
      description: 'PostgreSQL user and password',
      keys: propertiesOf('marcus-ecommerce/{{berth.environment}}/postgres', ['username', 'password']),
    },
    openai: { description: 'OpenAI API key', keys: propertiesOf('marcus-ecommerce/{{berth.environment}}/openai', ['api-key']) },
    django: { description: 'Django SECRET_KEY', keys: propertiesOf('marcus-ecommerce/{{berth.environment}}/django', ['secret-key']) },
    superuser: { description: 'Password of the admin user create_superuser creates', keys: propertiesOf('marcus-ecommerce/{{berth.environment}}/superuser', ['password']) },
  },
  routes: [
    {
      // The document names no domain; set each environment's host in `hosts`.
      host: 'shop.example.com',
      // Chat answers from the AI assistant can take longer than ingress-nginx's 60 s.
      paths: [{ path: '/', service: 'web', port: 8000, readTimeoutSeconds: 120 }],
    },
  ],
  replaced: {
    makemigrations: 'writes migration files into the container; a development task, not a release step',
    'wait-for-db.sh': 'the migrate Job waits for db with an init container',
    'embedded ChromaDB': 'PersistentClient on a shared volume (3 web pods, 5 workers, a Job over NFS) can corrupt its SQLite store: one chromadb server instead',
  },
  contradictions: {
    web: 'the start-up script builds the AI index before runserver; here web starts after refresh_views and the index is built beside it, so a failed build never holds the site back',
  },
  environments: {
    dev: {
      ...cluster.dev,
      hosts: { 'shop.example.com': 'dev.shop.example.com' },
      externals: { openai: { host: 'api.openai.com', port: 443 } },
      // MailHog catches the mail in development; production mail is not documented.
      services: { web: { env: { EMAIL_HOST: 'mailhog', EMAIL_PORT: '1025' } } },
    },
    prod: {
      ...cluster.prod,
      externals: { openai: { host: 'api.openai.com', port: 443 } },
      services: {
        // "Production Scaling": web 3 replicas (1 CPU, 1G), celery 5 replicas (2 CPUs, 2G).
        web: {
          replicas: 3,
          // Chat answers wait for the LLM: gunicorn's 30 s default would kill them mid-answer.
          command: ['gunicorn', 'ecommerce_backend.wsgi:application', '--bind', '0.0.0.0:8000', '--workers', '3', '--timeout', '120'],
          resources: { cpu: 1, memoryMi: 1024, cpuLimit: 1, memoryLimitMi: 1024 },
        },
        celery: { replicas: 5, resources: { cpu: 2, memoryMi: 2048, cpuLimit: 2, memoryLimitMi: 2048 } },
      },
    },
  },
};
