import type { ImageEntry, ImageUser } from './types';

/** Relational and document databases, and what sits in front of them. */

const DOCKER_LIBRARY_POSTGRES = 'https://github.com/docker-library/postgres/blob/master';

const postgresDebian: ImageUser = {
  uid: 999,
  gid: 999,
  rootByDefault: true,
  source: 'Dockerfile (Debian): groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999; the entrypoint drops to it with gosu',
};
const postgresAlpine: ImageUser = {
  uid: 70,
  gid: 70,
  rootByDefault: true,
  source: 'Dockerfile (Alpine): addgroup -g 70 -S postgres; adduser -u 70 -S -D -G postgres postgres; the entrypoint drops to it with su-exec',
};

/** PostgreSQL 18 moved PGDATA to /var/lib/postgresql/18/docker and the VOLUME to /var/lib/postgresql. */
const postgres18Data = '/var/lib/postgresql';
const postgres18Note =
  'PostgreSQL 18+: mount the volume at /var/lib/postgresql (PGDATA is /var/lib/postgresql/<major>/docker); a mount at /var/lib/postgresql/data makes the entrypoint exit';

/** Checks over TCP: the entrypoint's first-boot temporary server listens on the socket only, so a socket check says ready during initdb. */
const pgIsReady = {
  healthCheck: {
    test: { kind: 'shell', script: 'pg_isready -h 127.0.0.1 -p 5432' },
    source: 'pg_isready (postgresql.org/docs/current/app-pg-isready.html), over TCP: the first-boot server of docker-entrypoint.sh listens on the socket only',
  },
  remoteCheck: { command: ['sh', '-c', 'pg_isready -h {{berth.host}} -p {{berth.port}}'] },
} as const;

/** What the postgres image and the images built on it share. */
const postgresFacts = {
  writablePaths: ['/tmp', '/var/run/postgresql'],
  dataDirectory: '/var/lib/postgresql/data',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['postgres'],
  ports: [{ name: 'postgres', port: 5432 }],
  ...pgIsReady,
  credentialEnv: ['POSTGRES_PASSWORD'],
  requiredEnv: [['POSTGRES_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'POSTGRES_HOST_AUTH_METHOD']],
  component: 'database',
  // STOPSIGNAL SIGINT is a fast shutdown; the Dockerfile notes that even 90 s may not be enough to checkpoint.
  terminationGracePeriodSeconds: 60,
  notes: ['PostgreSQL ≤17: a claim holds lost+found at its root and initdb refuses a non-empty directory: set PGDATA to a subdirectory (/var/lib/postgresql/data/pgdata)'],
} as const;

export const postgres: ImageEntry = {
  ...postgresFacts,
  // pgautoupgrade/pgautoupgrade is the official image with an upgrade step in its entrypoint (FROM postgres).
  repositories: ['postgres', 'pgautoupgrade/pgautoupgrade'],
  description: 'PostgreSQL (Docker official image)',
  sources: [
    `${DOCKER_LIBRARY_POSTGRES}/17/bookworm/Dockerfile`,
    `${DOCKER_LIBRARY_POSTGRES}/17/alpine3.22/Dockerfile`,
    `${DOCKER_LIBRARY_POSTGRES}/18/bookworm/Dockerfile`,
    `${DOCKER_LIBRARY_POSTGRES}/docker-entrypoint.sh`,
    'https://hub.docker.com/_/postgres',
    'https://www.postgresql.org/docs/current/app-pg-isready.html',
  ],
  user: postgresDebian,
  variants: [
    // A tag that does not start with a digit (latest, alpine, bookworm) floats to the newest major, 18 or later.
    { tagPattern: '^(?:\\D.*|1[89].*|[2-9]\\d.*)?alpine', user: postgresAlpine, dataDirectory: postgres18Data, notes: [postgres18Note] },
    { tagPattern: 'alpine', user: postgresAlpine },
    { tagPattern: '^(?:\\D|1[89]|[2-9]\\d)', dataDirectory: postgres18Data, notes: [postgres18Note] },
  ],
  entrypointDoes: 'docker-entrypoint.sh runs initdb, creates POSTGRES_USER/POSTGRES_DB and runs /docker-entrypoint-initdb.d on first boot',
};

/** Immich's PostgreSQL: pgvector's image (the official postgres one) with VectorChord, and its own entrypoint. */
export const immichPostgres: ImageEntry = {
  ...postgresFacts,
  repositories: ['ghcr.io/immich-app/postgres'],
  description: 'PostgreSQL with VectorChord for Immich (immich-app/base-images)',
  sources: [
    'https://github.com/immich-app/base-images/blob/main/postgres/Dockerfile',
    'https://github.com/immich-app/base-images/blob/main/postgres/immich-docker-entrypoint.sh',
    'https://github.com/immich-app/immich/blob/main/docker/docker-compose.rootless.yml',
  ],
  user: postgresDebian,
  // immich-docker-entrypoint.sh copies its postgresql.conf into /etc/postgresql (mode 1777) on every start.
  writablePaths: ['/etc/postgresql', '/tmp', '/var/run/postgresql'],
  entrypoint: ['/usr/local/bin/immich-docker-entrypoint.sh'],
  cmd: ['postgres', '-c', 'config_file=/etc/postgresql/postgresql.conf'],
  entrypointDoes:
    'immich-docker-entrypoint.sh writes /etc/postgresql/postgresql.conf for DB_STORAGE_TYPE, maps DB_USERNAME/DB_PASSWORD/DB_DATABASE_NAME to POSTGRES_*, then runs docker-entrypoint.sh (initdb, first-boot scripts)',
  credentialEnv: ['POSTGRES_PASSWORD', 'DB_PASSWORD'],
  requiredEnv: [['POSTGRES_PASSWORD', 'DB_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'POSTGRES_HOST_AUTH_METHOD']],
};

export const timescaledb: ImageEntry = {
  ...postgresFacts,
  repositories: ['timescale/timescaledb'],
  description: 'PostgreSQL with the TimescaleDB extension, built on the postgres Alpine image',
  sources: [
    'https://github.com/timescale/timescaledb-docker/blob/main/Dockerfile',
    `${DOCKER_LIBRARY_POSTGRES}/17/alpine3.22/Dockerfile`,
    'https://docs.timescale.com/self-hosted/latest/install/installation-docker/',
  ],
  user: { ...postgresAlpine, source: `FROM postgres:<major>-alpine: ${postgresAlpine.source}` },
  variants: [{ tagPattern: 'pg(?:1[89]|[2-9]\\d)', dataDirectory: postgres18Data, notes: [postgres18Note] }],
  entrypointDoes: 'docker-entrypoint.sh runs initdb, creates the database and the timescaledb extension on first boot',
};

const mysqlNote = 'mysqld --initialize refuses a data directory with files in it, and a claim holds lost+found at its root: mount a subdirectory (subPath) of the claim';

export const mysql: ImageEntry = {
  repositories: ['mysql'],
  description: 'MySQL (Docker official image, Oracle Linux)',
  sources: [
    'https://github.com/docker-library/mysql/blob/master/8.4/Dockerfile.oracle',
    'https://hub.docker.com/_/mysql',
    'https://dev.mysql.com/doc/refman/8.4/en/mysqladmin.html',
  ],
  user: {
    uid: 999,
    gid: 999,
    rootByDefault: true,
    source: 'Dockerfile: groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999; the entrypoint drops to it with gosu',
  },
  writablePaths: ['/tmp', '/var/run/mysqld'],
  dataDirectory: '/var/lib/mysql',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['mysqld'],
  entrypointDoes:
    'docker-entrypoint.sh initialises the data directory, sets the root password, creates MYSQL_DATABASE/MYSQL_USER and runs /docker-entrypoint-initdb.d on first boot',
  ports: [
    { name: 'mysql', port: 3306 },
    { name: 'mysqlx', port: 33060 },
  ],
  healthCheck: {
    // The first-boot temporary server runs with --skip-networking: over TCP, the check waits for the real one.
    test: { kind: 'shell', script: 'mysqladmin ping -h 127.0.0.1 --silent' },
    source: 'mysqladmin ping (dev.mysql.com/doc/refman/8.4/en/mysqladmin.html), over TCP: the entrypoint initialises with --skip-networking',
  },
  remoteCheck: { command: ['sh', '-c', 'mysqladmin ping -h {{berth.host}} -P {{berth.port}} --silent'] },
  credentialEnv: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD'],
  requiredEnv: [['MYSQL_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD_FILE', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD']],
  component: 'database',
  notes: [mysqlNote],
};

export const mariadb: ImageEntry = {
  repositories: ['mariadb'],
  description: 'MariaDB (Docker official image, Ubuntu)',
  sources: [
    'https://github.com/MariaDB/mariadb-docker/blob/master/11.4/Dockerfile',
    'https://github.com/MariaDB/mariadb-docker/blob/master/Dockerfile-ubi.template',
    'https://github.com/MariaDB/mariadb-docker/blob/master/healthcheck.sh',
    'https://mariadb.com/kb/en/using-healthcheck-sh/',
  ],
  user: {
    uid: 999,
    gid: 999,
    rootByDefault: true,
    source:
      'Dockerfile: groupadd -r mysql && useradd -r -g mysql mysql (the first system IDs, 999); the UBI template fixes 999/999 "for compatibility with the ubuntu image"; the entrypoint drops to it with gosu',
  },
  writablePaths: ['/run/mysqld', '/tmp'],
  dataDirectory: '/var/lib/mysql',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['mariadbd'],
  entrypointDoes:
    'docker-entrypoint.sh initialises the data directory, sets the root password, creates MARIADB_DATABASE/MARIADB_USER and the healthcheck user, and runs /docker-entrypoint-initdb.d',
  ports: [{ name: 'mysql', port: 3306 }],
  healthCheck: {
    test: { kind: 'shell', script: 'healthcheck.sh --connect --innodb_initialized' },
    source: 'healthcheck.sh in the image (mariadb.com/kb/en/using-healthcheck-sh): --connect needs TCP, which the first-boot server does not open',
  },
  remoteCheck: { command: ['sh', '-c', 'mariadb-admin ping -h {{berth.host}} -P {{berth.port}} --silent'] },
  credentialEnv: ['MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD'],
  requiredEnv: [
    [
      'MARIADB_ROOT_PASSWORD',
      'MARIADB_ROOT_PASSWORD_HASH',
      'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
      'MARIADB_RANDOM_ROOT_PASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_ALLOW_EMPTY_PASSWORD',
      'MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  ],
  component: 'database',
  notes: [mysqlNote.replace('mysqld --initialize', 'mariadb-install-db')],
};

export const mongo: ImageEntry = {
  repositories: ['mongo'],
  description: 'MongoDB (Docker official image, Ubuntu)',
  sources: [
    'https://github.com/docker-library/mongo/blob/master/8.2/Dockerfile',
    'https://github.com/docker-library/mongo/blob/master/docker-entrypoint.sh',
    'https://hub.docker.com/_/mongo',
  ],
  user: {
    uid: 999,
    gid: 999,
    rootByDefault: true,
    source: 'Dockerfile: groupadd --gid 999 --system mongodb; useradd --uid 999 --system --gid mongodb; the entrypoint drops to it with gosu',
  },
  writablePaths: ['/data/configdb', '/tmp'],
  dataDirectory: '/data/db',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['mongod'],
  entrypointDoes: 'docker-entrypoint.sh creates MONGO_INITDB_ROOT_USERNAME, enables authentication and runs /docker-entrypoint-initdb.d on first boot',
  ports: [{ name: 'mongodb', port: 27017 }],
  healthCheck: {
    // The first-boot server binds 127.0.0.1 only: asking the pod's own address waits for the real server.
    test: { kind: 'shell', script: `mongosh --quiet --host "$(hostname -i)" --eval 'quit(db.adminCommand({ ping: 1 }).ok ? 0 : 1)'` },
    source: 'the ping command (mongodb.com/docs/manual/reference/command/ping), on the pod address: the entrypoint initialises with --bind_ip 127.0.0.1',
  },
  remoteCheck: { command: ['sh', '-c', `mongosh --quiet --host {{berth.host}} --port {{berth.port}} --eval 'quit(db.adminCommand({ ping: 1 }).ok ? 0 : 1)'`] },
  credentialEnv: ['MONGO_INITDB_ROOT_PASSWORD'],
  component: 'database',
  notes: ['MongoDB 6+ images ship mongosh only (no legacy mongo shell)'],
};

export const clickhouse: ImageEntry = {
  repositories: ['clickhouse/clickhouse-server', 'clickhouse'],
  description: 'ClickHouse server',
  sources: [
    'https://github.com/ClickHouse/ClickHouse/blob/master/docker/server/Dockerfile.ubuntu',
    'https://hub.docker.com/r/clickhouse/clickhouse-server',
    'https://clickhouse.com/docs/interfaces/http',
  ],
  user: {
    uid: 101,
    gid: 101,
    rootByDefault: true,
    source: 'Dockerfile: groupadd -r clickhouse --gid=101; useradd -r -g clickhouse --uid=101 ("the same uid / gid (101) is used both for alpine and ubuntu")',
  },
  writablePaths: ['/tmp', '/var/log/clickhouse-server'],
  dataDirectory: '/var/lib/clickhouse',
  entrypoint: ['/entrypoint.sh'],
  cmd: [],
  entrypointDoes: '/entrypoint.sh creates the data directories, writes the default user from CLICKHOUSE_USER/CLICKHOUSE_PASSWORD and runs /docker-entrypoint-initdb.d',
  ports: [
    { name: 'http', port: 8123 },
    { name: 'native', port: 9000 },
    { name: 'interserver', port: 9009 },
  ],
  healthCheck: { test: { kind: 'http', path: '/ping', port: 8123 }, source: 'ClickHouse HTTP interface: GET /ping answers "Ok." (clickhouse.com/docs/interfaces/http)' },
  credentialEnv: ['CLICKHOUSE_PASSWORD'],
  component: 'database',
  notes: ['with CLICKHOUSE_USER/CLICKHOUSE_PASSWORD the entrypoint writes /etc/clickhouse-server/users.d: make it writable or ship the user file in a ConfigMap'],
};

export const pgbouncer: ImageEntry = {
  repositories: ['edoburu/pgbouncer'],
  description: 'PgBouncer, configured from the environment',
  sources: ['https://github.com/edoburu/docker-pgbouncer/blob/master/Dockerfile', 'https://github.com/edoburu/docker-pgbouncer/blob/master/entrypoint.sh'],
  user: { uid: 70, gid: 70, source: 'Dockerfile: addgroup -g 70 -S postgres; adduser -u 70 ... postgres; USER postgres (the generated ini names this user)' },
  // The entrypoint writes pgbouncer.ini and userlist.txt.
  writablePaths: ['/etc/pgbouncer', '/tmp'],
  entrypoint: ['/entrypoint.sh'],
  cmd: ['/usr/bin/pgbouncer', '/etc/pgbouncer/pgbouncer.ini'],
  entrypointDoes: '/entrypoint.sh writes pgbouncer.ini and userlist.txt from DATABASE_URL/DB_* variables',
  ports: [{ name: 'pgbouncer', port: 5432 }],
  healthCheck: { test: { kind: 'tcp', port: 5432 }, source: 'no health check documented: the pooler accepts connections (LISTEN_PORT, 5432 by default)' },
  credentialEnv: ['DB_PASSWORD', 'DATABASE_URL'],
  requiredEnv: [['DATABASE_URL', 'DB_HOST']],
  component: 'connection-pooler',
};

export const databases: readonly ImageEntry[] = [postgres, immichPostgres, timescaledb, mysql, mariadb, mongo, clickhouse, pgbouncer];
