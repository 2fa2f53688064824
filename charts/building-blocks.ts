import { images, uids } from './platform';
import type { HealthCheck, Mount, Resources, SecretRef, Service, Tier } from '../lib/model/types';

/**
 * Descriptions of the official database images that several systems run, so each chart states only what its
 * document says (timings, database names, volumes) and the image facts live in one place:
 * UIDs, writable paths and the client each dependent uses to check health from outside.
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
  /** UID/GID the image's postgres user has. @default alpine's 70 */
  readonly runAs?: { readonly uid: number; readonly gid: number };
  readonly database: string;
  /** The compose health check's `pg_isready` arguments after the command, e.g. `-U app -d app`. */
  readonly readyArgs: string;
  readonly credentials: { readonly user: SecretRef; readonly password: SecretRef };
  readonly volume: string;
  readonly timing: Timing;
  readonly resources: Resources;
  readonly tier: Tier;
}

/** PostgreSQL on the official image, under a read-only root with its data on a claim. */
export function postgres(o: PostgresOptions): Service {
  const image = o.image ?? images.postgres15;
  return {
    description: o.description,
    image,
    component: 'database',
    ports: [{ name: 'postgres', port: 5432 }],
    env: {
      POSTGRES_DB: o.database,
      POSTGRES_USER: o.credentials.user,
      POSTGRES_PASSWORD: o.credentials.password,
      // The claim's root holds lost+found, and initdb refuses a non-empty directory.
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
    healthCheck: {
      test: { kind: 'shell', script: `pg_isready ${o.readyArgs}` },
      ...o.timing,
      remote: { image, command: ['sh', '-c', `pg_isready -h {host} -p {port} ${o.readyArgs}`] },
    },
    mounts: [{ volume: o.volume, path: '/var/lib/postgresql/data' }],
    resources: o.resources,
    // The socket directory and /tmp are the only other paths postgres writes.
    runAs: { ...(o.runAs ?? uids.postgresAlpine), writablePaths: ['/tmp', '/var/run/postgresql'] },
    // postgres stops on SIGINT with a fast shutdown; give it time to checkpoint.
    terminationGracePeriodSeconds: 60,
    tier: o.tier,
  };
}

export interface RedisOptions {
  readonly description: string;
  /** compose `redis-cli ping` timing. */
  readonly timing: Timing;
  /** Extra `redis-server` arguments (persistence, memory policy). */
  readonly args: readonly string[];
  /** `requirepass`, by reference. @default no password */
  readonly password?: SecretRef;
  /** @default no volume (a cache) */
  readonly mount?: Mount;
  readonly resources: Resources;
  readonly tier: Tier;
}

/** Redis on the official alpine image. With a password, redis-cli reads it from REDISCLI_AUTH. */
export function redis(o: RedisOptions): Service {
  const auth = o.password ? { REDISCLI_AUTH: o.password } : undefined;
  const healthCheck: HealthCheck = {
    test: { kind: 'exec', command: ['redis-cli', 'ping'] },
    ...o.timing,
    // redis-cli exits 0 on an error reply (LOADING, NOAUTH), so compare the answer, not the exit code.
    remote: { image: images.redis, command: ['sh', '-c', '[ "$(redis-cli -h {host} -p {port} ping)" = PONG ]'], env: auth },
  };
  return {
    description: o.description,
    image: images.redis,
    // $(VAR) is expanded by the kubelet from the container's env, so the password is never in the manifest.
    command: ['redis-server', ...(o.password ? ['--requirepass', '$(REDISCLI_AUTH)'] : []), ...o.args],
    component: 'cache',
    ports: [{ name: 'redis', port: 6379 }],
    env: auth,
    healthCheck,
    mounts: o.mount ? [o.mount] : undefined,
    resources: o.resources,
    runAs: { ...uids.redisAlpine, writablePaths: o.mount ? [] : ['/data'] },
    tier: o.tier,
  };
}
