import { stringify } from 'yaml';

/**
 * A synthetic docker-compose file of `count` services shaped like the real stacks of the corpus, so that the
 * importer meets every relation it derives. Services come in groups of ten:
 *   0     a postgres with a named volume and a pg_isready health check;
 *   1     a redis cache;
 *   2     a one-shot migration (`restart: "no"`) of the group's app image;
 *   3     the group's web app: published port 8000 (a route), waits for the db healthy and the migration,
 *         talks to the cache and an outside API by URL, loads an env file, reads a secret and a config file;
 *   4..8  internal services with `expose`, a curl health check, resources, tmpfs and the group's shared volume;
 *   9     a Celery worker of the app image, with no port.
 */
export function generatedCompose(count: number): string {
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const g = Math.floor(i / 10);
    const k = i % 10;
    const app = `registry.example.com/bench/app-${g}:1.0.${g}`;
    if (k === 0) volumes[`db_${g}`] = {};
    if (k === 4) volumes[`shared_${g}`] = {};
    services[`s${i}`] = member(g, k, app, i);
  }
  return stringify({ name: 'bench', services, volumes, secrets: { api_key: { file: './api_key.txt' } } });
}

function member(g: number, k: number, app: string, i: number): Record<string, unknown> {
  const base = g * 10;
  switch (k) {
    case 0:
      return {
        image: 'postgres:16.4-alpine',
        environment: { POSTGRES_DB: `app${g}`, POSTGRES_USER: 'app', POSTGRES_PASSWORD: `pw-${g}` },
        volumes: [`db_${g}:/var/lib/postgresql/data`],
        healthcheck: { test: ['CMD-SHELL', `pg_isready -U app -d app${g}`], interval: '10s', timeout: '5s', retries: 5 },
        deploy: { resources: { limits: { memory: '512m', cpus: '1' } } },
      };
    case 1:
      return { image: 'redis:7.2.11-alpine', command: 'redis-server --appendonly yes', deploy: { resources: { limits: { memory: '256m' } } } };
    case 2:
      return {
        image: app,
        command: ['python', 'manage.py', 'migrate'],
        restart: 'no',
        environment: { DATABASE_URL: `postgres://app:pw-${g}@s${base}:5432/app${g}` },
        depends_on: { [`s${base}`]: { condition: 'service_healthy' } },
      };
    case 3:
      return {
        image: app,
        ports: ['8000:8000'],
        environment: {
          DATABASE_URL: `postgres://app:pw-${g}@s${base}:5432/app${g}`,
          REDIS_URL: `redis://s${base + 1}:6379/0`,
          PAYMENTS_API: 'https://api.payments.example.com/v1',
        },
        depends_on: {
          [`s${base}`]: { condition: 'service_healthy' },
          [`s${base + 2}`]: { condition: 'service_completed_successfully' },
          [`s${base + 1}`]: { condition: 'service_started' },
        },
        healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost:8000/health'], interval: '15s' },
        secrets: ['api_key'],
        deploy: { replicas: 2, resources: { limits: { memory: '512m' } } },
      };
    case 9:
      return {
        image: app,
        command: ['celery', '-A', 'app', 'worker', '--concurrency', '2'],
        environment: { BROKER_URL: `redis://s${base + 1}:6379/1` },
        depends_on: [`s${base + 1}`],
      };
    default:
      return {
        image: `registry.example.com/bench/svc-${i}:2.${k}.0`,
        expose: ['9000'],
        environment: { UPSTREAM: `http://s${base + 3}:8000`, LOG_LEVEL: 'info' },
        healthcheck: { test: ['CMD-SHELL', 'wget -qO- http://127.0.0.1:9000/ready'], interval: '20s', start_period: '30s' },
        tmpfs: ['/tmp:size=32m'],
        volumes: [`shared_${g}:/srv/shared`],
        deploy: { resources: { limits: { memory: '256m', cpus: '0.5' }, reservations: { memory: '128m' } } },
      };
  }
}
