/**
 * What berth knows about public images that a manifest cannot say: which ones do their start-up work in the
 * ENTRYPOINT, which tags are known to be broken or vulnerable, which directories they ship content in, and how
 * much memory their heavy modes need. The runtime rules (runtime*.ts) read these tables; add a row here when a
 * new image joins a system.
 */

/** An image reference split into the parts the tables match on. */
export interface ImageRef {
  /** `docker.io` when the reference names no registry. */
  readonly registry: string;
  /** The repository with `library/` dropped on docker.io: `redis`, `bitnami/redis`, `minio/minio`. */
  readonly repository: string;
  /** `redis` for docker.io images, `quay.io/minio/minio` otherwise: what the tables are keyed by. */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

export function parseImage(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  if (DOCKER_HUB.includes(registry)) registry = 'docker.io';
  let repository = (hasRegistry ? parts.slice(1) : parts).join('/');
  if (registry === 'docker.io' && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, repository, name: registry === 'docker.io' ? repository : `${registry}/${repository}`, tag, digest };
}

/** Does the image match a table key: an exact name, or `owner/*` for every repository of a docker.io owner. */
export function imageMatches(image: ImageRef, key: string): boolean {
  return key.endsWith('/*') ? image.name.startsWith(key.slice(0, -1)) && image.name.length > key.length - 1 : image.name === key;
}

function lookup<T extends { readonly image: string }>(table: readonly T[], image: string): T | undefined {
  const ref = parseImage(image);
  return table.find((row) => imageMatches(ref, row.image));
}

// ---------------------------------------------------------------------------------------------------------
// image-entrypoint

export interface EntrypointImage {
  readonly image: string;
  /** What the ENTRYPOINT does that a Kubernetes `command` would skip. */
  readonly does: string;
  /** First words of a `command` that still run the ENTRYPOINT (its script, by path or basename). */
  readonly entrypoint: readonly string[];
}

const DOCKER_LIBRARY_ENTRYPOINT = ['docker-entrypoint.sh', '/usr/local/bin/docker-entrypoint.sh'];

/**
 * Images whose ENTRYPOINT does start-up work. Kubernetes `command` replaces the ENTRYPOINT; compose `command`
 * is Kubernetes `args` (compose `entrypoint` is Kubernetes `command`).
 */
export const ENTRYPOINT_IMAGES: readonly EntrypointImage[] = [
  {
    image: 'redis',
    does: 'docker-entrypoint.sh fixes data ownership, drops to the redis user and prepends redis-server to flag-only arguments',
    entrypoint: DOCKER_LIBRARY_ENTRYPOINT,
  },
  {
    image: 'postgres',
    does: 'docker-entrypoint.sh runs initdb, creates POSTGRES_USER/POSTGRES_DB and runs /docker-entrypoint-initdb.d on first boot',
    entrypoint: DOCKER_LIBRARY_ENTRYPOINT,
  },
  {
    image: 'timescale/timescaledb',
    does: 'docker-entrypoint.sh runs initdb, creates the database and the timescaledb extension on first boot',
    entrypoint: DOCKER_LIBRARY_ENTRYPOINT,
  },
  {
    image: 'minio/minio',
    does: '/usr/bin/docker-entrypoint.sh maps MINIO_* secrets from files and drops privileges',
    entrypoint: ['docker-entrypoint.sh', '/usr/bin/docker-entrypoint.sh'],
  },
  {
    image: 'quay.io/minio/minio',
    does: '/usr/bin/docker-entrypoint.sh maps MINIO_* secrets from files and drops privileges',
    entrypoint: ['docker-entrypoint.sh', '/usr/bin/docker-entrypoint.sh'],
  },
  {
    image: 'apache/airflow',
    does: '/entrypoint (under dumb-init) waits for the database, runs _AIRFLOW_DB_MIGRATE/_AIRFLOW_WWW_USER_CREATE and maps the command to `airflow <command>`',
    entrypoint: ['/usr/bin/dumb-init', 'dumb-init', '/entrypoint'],
  },
  {
    image: 'grafana/grafana',
    does: '/run.sh sets the paths (GF_PATHS_*), installs GF_INSTALL_PLUGINS and starts grafana server with its config',
    entrypoint: ['/run.sh', 'run.sh'],
  },
  {
    image: 'chromadb/chroma',
    does: "/docker_entrypoint.sh starts the server with the image's settings (host, port, persist path)",
    entrypoint: ['/docker_entrypoint.sh', 'docker_entrypoint.sh'],
  },
  { image: 'edoburu/pgbouncer', does: '/entrypoint.sh writes pgbouncer.ini and userlist.txt from DATABASE_URL/DB_* variables', entrypoint: ['/entrypoint.sh', 'entrypoint.sh'] },
  {
    image: 'bitnami/*',
    does: 'the Bitnami entrypoint (/opt/bitnami/scripts/<app>/entrypoint.sh) runs the setup script that writes the configuration from the environment and initialises data',
    entrypoint: ['/opt/bitnami/scripts/*/entrypoint.sh', '/opt/bitnami/scripts/*/run.sh'],
  },
  {
    image: 'bitnamilegacy/*',
    does: 'the Bitnami entrypoint (/opt/bitnami/scripts/<app>/entrypoint.sh) runs the setup script that writes the configuration from the environment and initialises data',
    entrypoint: ['/opt/bitnami/scripts/*/entrypoint.sh', '/opt/bitnami/scripts/*/run.sh'],
  },
];

export function entrypointImage(image: string): EntrypointImage | undefined {
  return lookup(ENTRYPOINT_IMAGES, image);
}

/** Does a `command` whose first word is `word` still run this image's ENTRYPOINT? */
export function runsEntrypoint(row: EntrypointImage, word: string): boolean {
  return row.entrypoint.some((e) => (e.includes('*') ? new RegExp(`^${e.split('*').map(escapeRegExp).join('[^/]+')}$`).test(word) : e === word));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------
// image-known-bad

/** Redis lines and the first release with the CVE-2025-49844 ("RediShell", Lua use-after-free) fix. */
export const REDIS_CVE_2025_49844_FIXED: readonly { readonly line: string; readonly fixed: string }[] = [
  { line: '6.2', fixed: '6.2.20' },
  { line: '7.2', fixed: '7.2.11' },
  { line: '7.4', fixed: '7.4.6' },
  { line: '8.0', fixed: '8.0.4' },
  { line: '8.2', fixed: '8.2.2' },
];

/** MinIO releases before this one are affected by CVE-2025-31489 (incomplete signature validation). */
export const MINIO_CVE_2025_31489_FIXED = 'RELEASE.2025-04-03T14-56-28Z';

export interface KnownBad {
  /** Why the image must not be used. */
  readonly reason: string;
  /** What to use instead. */
  readonly fix: string;
}

/** Every reason this image reference is known to be broken or vulnerable (empty when none is known). */
export function knownBad(image: string): KnownBad[] {
  const ref = parseImage(image);
  const found: KnownBad[] = [];
  if (ref.registry === 'docker.io' && ref.repository.startsWith('bitnami/') && ref.tag && /^\d/.test(ref.tag)) {
    found.push({
      reason: 'Bitnami stopped serving versioned tags on docker.io/bitnami in 2025 (they moved to the unmaintained bitnamilegacy)',
      fix: 'use a maintained image (the upstream official image) pinned to a current version',
    });
  }
  if (ref.name === 'redis' && ref.tag) {
    const bad = redisCve(ref.tag);
    if (bad) found.push(bad);
  }
  if ((ref.name === 'minio/minio' || ref.name === 'quay.io/minio/minio') && ref.tag) {
    const stamp = /RELEASE\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)/.exec(ref.tag)?.[1];
    const fixed = MINIO_CVE_2025_31489_FIXED.slice('RELEASE.'.length);
    if (stamp && stamp < fixed) {
      found.push({
        reason: `MinIO ${ref.tag} predates ${MINIO_CVE_2025_31489_FIXED} and is affected by CVE-2025-31489 (incomplete signature validation)`,
        fix: `use ${ref.name}:${MINIO_CVE_2025_31489_FIXED} or later`,
      });
    }
  }
  return found;
}

function redisCve(tag: string): KnownBad | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:$|[-_])/.exec(tag);
  if (!m) return undefined; // latest, alpine, bookworm …: not a version
  const [major, minor, patch] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  const reason = (fixedIn: string) => ({
    reason: `redis ${tag} is affected by CVE-2025-49844 (Lua use-after-free, remote code execution)`,
    fix: fixedIn,
  });
  if (minor === undefined) {
    // A major-only tag floats to the newest release of the newest line of that major: fixed from 6 on.
    return major < 6 ? reason('use redis 6.2.20, 7.2.11, 7.4.6, 8.0.4, 8.2.2 or later') : undefined;
  }
  const line = REDIS_CVE_2025_49844_FIXED.find((l) => l.line === `${major}.${minor}`);
  if (line) {
    if (patch === undefined) return undefined; // a line tag floats to the newest (fixed) patch release
    const fixedPatch = Number(line.fixed.split('.')[2]);
    return patch < fixedPatch ? reason(`use redis:${line.fixed}${tag.slice(m[0].replace(/[-_]$/, '').length)} or later`) : undefined;
  }
  // A line without a fixed release (before 6.2, or 7.0): everything in it stays vulnerable.
  const older = major < 8 || (major === 8 && minor < 2);
  return older ? reason('this line has no fixed release: move to redis 7.2.11, 7.4.6, 8.0.4, 8.2.2 or later') : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// image-shadowed

export interface ShadowedPath {
  readonly image: string;
  /** A directory the image ships content in; a volume mounted exactly here hides that content. */
  readonly path: string;
  readonly hides: string;
}

export const SHADOWED_PATHS: readonly ShadowedPath[] = [
  { image: 'apache/airflow', path: '/opt/airflow', hides: "the image's airflow.cfg, example DAGs and webserver_config.py (AIRFLOW_HOME)" },
];

export function shadowedPath(image: string, mountPath: string): ShadowedPath | undefined {
  const ref = parseImage(image);
  const dir = mountPath.length > 1 ? mountPath.replace(/\/+$/, '') : mountPath;
  return SHADOWED_PATHS.find((row) => imageMatches(ref, row.image) && row.path === dir);
}

// ---------------------------------------------------------------------------------------------------------
// image-memory

export interface HeavyCommand {
  readonly image: string;
  /** A word of command/args that selects the heavy mode. */
  readonly word: string;
  readonly minMemoryMi: number;
  readonly why: string;
}

export const HEAVY_COMMANDS: readonly HeavyCommand[] = [
  {
    image: 'apache/airflow',
    word: 'standalone',
    minMemoryMi: 1536,
    why: 'airflow standalone runs the webserver (with its gunicorn workers), the scheduler and the triggerer in one container',
  },
];

export function heavyCommand(image: string, words: readonly string[]): HeavyCommand | undefined {
  const ref = parseImage(image);
  return HEAVY_COMMANDS.find((row) => imageMatches(ref, row.image) && words.includes(row.word));
}

// ---------------------------------------------------------------------------------------------------------
// image-required-env

export interface RequiredSecretEnv {
  readonly image: string;
  /** Env var that must come from a Secret (secretKeyRef, or envFrom a Secret). */
  readonly env: string;
  readonly why: string;
}

export const REQUIRED_SECRET_ENV: readonly RequiredSecretEnv[] = [
  {
    image: 'apache/airflow',
    env: 'AIRFLOW__CORE__FERNET_KEY',
    why: 'without it every pod generates its own fernet key, and the connections and variables it encrypted cannot be read after a restart',
  },
];

export function requiredSecretEnv(image: string): RequiredSecretEnv[] {
  const ref = parseImage(image);
  return REQUIRED_SECRET_ENV.filter((row) => imageMatches(ref, row.image));
}
