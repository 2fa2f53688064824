import type { ImageEntry, ImageUser } from './types';

/** Key-value stores, caches, message brokers and their coordinators. */

/** redis-cli and valkey-cli exit 0 on an error reply (LOADING, NOAUTH, MASTERDOWN): compare the reply with PONG. */
function pingIsPong(cli: string, source: string): Pick<ImageEntry, 'healthCheck' | 'remoteCheck'> {
  return {
    healthCheck: { test: { kind: 'shell', script: `[ "$(${cli} -h 127.0.0.1 -p 6379 ping)" = PONG ]` }, source },
    remoteCheck: { command: ['sh', '-c', `[ "$(${cli} -h {{berth.host}} -p {{berth.port}} ping)" = PONG ]`] },
  };
}

function redisUsers(name: string, dockerfiles: string): { debian: ImageUser; alpine: ImageUser } {
  return {
    debian: { uid: 999, gid: 999, rootByDefault: true, source: `${dockerfiles} (Debian): groupadd -r -g 999 ${name}; useradd -r -g ${name} -u 999; the entrypoint drops to it` },
    alpine: {
      uid: 999,
      gid: 1000,
      rootByDefault: true,
      source: `${dockerfiles} (Alpine): addgroup -S -g 1000 ${name} (Alpine already has a GID 999); adduser -S -G ${name} -u 999; the entrypoint drops to it`,
    },
  };
}

const redisUser = redisUsers('redis', 'Dockerfile');

export const redis: ImageEntry = {
  repositories: ['redis'],
  description: 'Redis (Docker official image)',
  sources: [
    'https://github.com/docker-library/redis/blob/master/7.2/debian/Dockerfile',
    'https://github.com/docker-library/redis/blob/master/7.2/alpine/Dockerfile',
    'https://hub.docker.com/_/redis',
    'https://redis.io/docs/latest/commands/ping/',
  ],
  user: redisUser.debian,
  variants: [{ tagPattern: 'alpine', user: redisUser.alpine }],
  writablePaths: [],
  dataDirectory: '/data',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['redis-server'],
  entrypointDoes: 'docker-entrypoint.sh fixes data ownership, drops to the redis user and prepends redis-server to flag-only arguments',
  ports: [{ name: 'redis', port: 6379 }],
  ...pingIsPong('redis-cli', 'redis-cli ping compared with PONG (redis.io/docs/latest/commands/ping): redis-cli exits 0 on error replies'),
  component: 'cache',
  notes: [
    'no password variable: pass --requirepass (for example $(REDISCLI_AUTH) from a Secret); redis-cli reads REDISCLI_AUTH',
    'set --maxmemory below the memory limit (75 % leaves room for the BGSAVE fork)',
  ],
};

const valkeyUser = redisUsers('valkey', 'Dockerfile');

export const valkey: ImageEntry = {
  repositories: ['valkey/valkey'],
  description: 'Valkey (the open-source Redis fork)',
  sources: [
    'https://github.com/valkey-io/valkey-container/blob/mainline/8.1/alpine/Dockerfile',
    'https://github.com/valkey-io/valkey-container/blob/mainline/8.1/debian/Dockerfile',
    'https://hub.docker.com/r/valkey/valkey',
  ],
  user: valkeyUser.debian,
  variants: [{ tagPattern: 'alpine', user: valkeyUser.alpine }],
  writablePaths: [],
  dataDirectory: '/data',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['valkey-server'],
  entrypointDoes: 'docker-entrypoint.sh fixes data ownership, drops to the valkey user and prepends valkey-server to flag-only arguments',
  ports: [{ name: 'redis', port: 6379 }],
  ...pingIsPong('valkey-cli', 'valkey-cli ping compared with PONG: like redis-cli, it exits 0 on error replies'),
  component: 'cache',
  notes: ['set --maxmemory below the memory limit (75 % leaves room for the BGSAVE fork)'],
};

export const memcached: ImageEntry = {
  repositories: ['memcached'],
  description: 'Memcached (Docker official image)',
  sources: ['https://github.com/docker-library/memcached/blob/master/1/debian/Dockerfile', 'https://github.com/docker-library/memcached/blob/master/1/alpine/Dockerfile'],
  user: { uid: 11211, gid: 11211, source: 'Dockerfile: groupadd --system --gid 11211 memcache; useradd --system --gid memcache --uid 11211; USER memcache' },
  writablePaths: [],
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['memcached'],
  ports: [{ name: 'memcached', port: 11211 }],
  healthCheck: { test: { kind: 'tcp', port: 11211 }, source: 'no health check documented: the port accepts connections' },
  component: 'cache',
  roles: ['cache'],
  notes: ['memcached uses 64 MiB unless given -m: keep -m below the memory limit'],
};

export const rabbitmq: ImageEntry = {
  repositories: ['rabbitmq'],
  description: 'RabbitMQ (Docker official image; -management tags add the web UI on 15672)',
  sources: [
    'https://github.com/docker-library/rabbitmq/blob/master/4.3/ubuntu/Dockerfile',
    'https://hub.docker.com/_/rabbitmq',
    'https://www.rabbitmq.com/docs/monitoring#health-checks',
  ],
  user: {
    uid: 999,
    gid: 999,
    rootByDefault: true,
    source: 'Dockerfile: groupadd --gid 999 --system rabbitmq; useradd --uid 999 --system; the entrypoint drops to it',
  },
  writablePaths: ['/tmp', '/var/log/rabbitmq'],
  // HOME is the data directory: the Erlang cookie lives there.
  dataDirectory: '/var/lib/rabbitmq',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['rabbitmq-server'],
  ports: [
    { name: 'amqp', port: 5672 },
    { name: 'management', port: 15672 },
    { name: 'prometheus', port: 15692 },
    { name: 'epmd', port: 4369 },
    { name: 'clustering', port: 25672 },
  ],
  healthCheck: { test: { kind: 'exec', command: ['rabbitmq-diagnostics', '-q', 'ping'] }, source: 'rabbitmq-diagnostics ping (rabbitmq.com/docs/monitoring, "Health Checks")' },
  credentialEnv: ['RABBITMQ_DEFAULT_PASS'],
  component: 'broker',
  roles: ['broker'],
  notes: [
    'a dependent outside the pod cannot run rabbitmq-diagnostics (it needs the Erlang cookie): it can wait for the AMQP port only',
    'the node name contains the host name: give a StatefulSet stable names, or RABBITMQ_NODENAME, or a restarted pod forgets its queues',
  ],
};

const kafkaHeapNote = 'the start scripts default to a 1 GiB heap (-Xmx1G -Xms1G): set KAFKA_HEAP_OPTS to at most half the memory limit';

export const apacheKafka: ImageEntry = {
  repositories: ['apache/kafka'],
  description: 'Apache Kafka (the project image, KRaft)',
  sources: ['https://github.com/apache/kafka/blob/trunk/docker/jvm/Dockerfile', 'https://github.com/apache/kafka/blob/trunk/docker/examples/README.md'],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: adduser -h /home/appuser -D appuser (Alpine: the first user, 1000); USER appuser' },
  // The launch script writes server.properties into /opt/kafka/config; the JVM writes its GC log to /opt/kafka/logs.
  writablePaths: ['/opt/kafka/config', '/opt/kafka/logs', '/tmp'],
  dataDirectory: '/var/lib/kafka/data',
  entrypoint: [],
  cmd: ['/etc/kafka/docker/run'],
  ports: [{ name: 'kafka', port: 9092 }],
  healthCheck: { test: { kind: 'tcp', port: 9092 }, source: 'no health check documented: the broker port accepts connections' },
  component: 'broker',
  minimumMemoryMi: 1024,
  heapEnv: 'KAFKA_HEAP_OPTS',
  notes: [kafkaHeapNote, 'KAFKA_ADVERTISED_LISTENERS must name the Service, or clients are sent to localhost'],
};

export const bitnamiKafka: ImageEntry = {
  repositories: ['bitnami/kafka', 'bitnamilegacy/kafka'],
  description: 'Kafka packaged by Bitnami',
  sources: ['https://github.com/bitnami/containers/blob/main/bitnami/kafka/README.md', 'https://github.com/bitnami/charts/blob/main/bitnami/kafka/values.yaml'],
  user: { uid: 1001, gid: 1001, fsGroup: 1001, source: 'Bitnami images: USER 1001, files owned by group 0; the Bitnami chart runs 1001:1001 with fsGroup 1001' },
  writablePaths: ['/opt/bitnami/kafka/config', '/opt/bitnami/kafka/logs', '/tmp'],
  dataDirectory: '/bitnami/kafka',
  entrypoint: ['/opt/bitnami/scripts/kafka/entrypoint.sh'],
  cmd: ['/opt/bitnami/scripts/kafka/run.sh'],
  entrypointDoes: 'the Bitnami entrypoint runs the setup script that writes server.properties from KAFKA_CFG_* and formats the storage',
  ports: [{ name: 'kafka', port: 9092 }],
  healthCheck: { test: { kind: 'tcp', port: 9092 }, source: 'no health check documented: the broker port accepts connections' },
  component: 'broker',
  minimumMemoryMi: 1024,
  heapEnv: 'KAFKA_HEAP_OPTS',
  alternative: { image: 'apache/kafka', why: 'Bitnami stopped serving versioned tags on docker.io/bitnami in 2025; bitnamilegacy gets no updates' },
  notes: [kafkaHeapNote],
};

const confluentUser: ImageUser = {
  uid: 1000,
  gid: 1000,
  source: 'Confluent Platform images run as appuser, UID 1000 GID 1000 (docs.confluent.io/platform/current/installation/docker/development)',
};

export const confluentKafka: ImageEntry = {
  repositories: ['confluentinc/cp-kafka'],
  description: 'Kafka in Confluent Platform',
  sources: [
    'https://github.com/confluentinc/kafka-images/blob/master/kafka/Dockerfile.ubi9',
    'https://docs.confluent.io/platform/current/installation/docker/config-reference.html',
  ],
  user: confluentUser,
  // /etc/confluent/docker/configure writes kafka.properties and log4j.properties into /etc/kafka.
  writablePaths: ['/etc/kafka', '/tmp'],
  dataDirectory: '/var/lib/kafka/data',
  entrypoint: [],
  cmd: ['/etc/confluent/docker/run'],
  ports: [{ name: 'kafka', port: 9092 }],
  healthCheck: { test: { kind: 'tcp', port: 9092 }, source: 'no health check documented: the broker port accepts connections' },
  requiredEnv: [['KAFKA_ZOOKEEPER_CONNECT', 'KAFKA_PROCESS_ROLES'], ['KAFKA_ADVERTISED_LISTENERS']],
  component: 'broker',
  minimumMemoryMi: 1024,
  heapEnv: 'KAFKA_HEAP_OPTS',
  notes: [kafkaHeapNote, 'an emptyDir on /etc/kafka hides the shipped files the configure script does not write'],
};

export const zookeeper: ImageEntry = {
  repositories: ['zookeeper'],
  description: 'Apache ZooKeeper (Docker official image)',
  sources: ['https://github.com/31z4/zookeeper-docker/blob/master/3.9.3/Dockerfile', 'https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_adminserver'],
  user: {
    uid: 1000,
    gid: 1000,
    rootByDefault: true,
    source: 'Dockerfile: groupadd -r zookeeper --gid=1000; useradd -r -g zookeeper --uid=1000; the entrypoint drops to it with gosu',
  },
  // The entrypoint writes zoo.cfg (and myid) when /conf has none; transaction logs and logs have their own VOLUMEs.
  writablePaths: ['/conf', '/datalog', '/logs'],
  dataDirectory: '/data',
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['zkServer.sh', 'start-foreground'],
  entrypointDoes: '/docker-entrypoint.sh writes zoo.cfg from the ZOO_* variables and myid from ZOO_MY_ID, fixes ownership and drops to the zookeeper user',
  ports: [
    { name: 'client', port: 2181 },
    { name: 'follower', port: 2888 },
    { name: 'election', port: 3888 },
    { name: 'admin', port: 8080 },
  ],
  healthCheck: {
    test: { kind: 'http', path: '/commands/ruok', port: 8080 },
    source: 'ZooKeeper AdminServer (zookeeperAdmin.html#sc_adminserver): /commands/ruok, on by default in the image',
  },
  component: 'coordination',
  heapEnv: 'JVMFLAGS',
};

export const confluentZookeeper: ImageEntry = {
  repositories: ['confluentinc/cp-zookeeper'],
  description: 'ZooKeeper in Confluent Platform',
  sources: [
    'https://github.com/confluentinc/kafka-images/blob/master/zookeeper/Dockerfile.ubi8',
    'https://docs.confluent.io/platform/current/installation/docker/config-reference.html',
  ],
  user: confluentUser,
  writablePaths: ['/etc/kafka', '/tmp', '/var/lib/zookeeper/log'],
  dataDirectory: '/var/lib/zookeeper/data',
  entrypoint: [],
  cmd: ['/etc/confluent/docker/run'],
  ports: [{ name: 'client', port: 2181 }],
  healthCheck: { test: { kind: 'tcp', port: 2181 }, source: 'no health check documented: the client port accepts connections' },
  requiredEnv: [['ZOOKEEPER_CLIENT_PORT']],
  component: 'coordination',
  heapEnv: 'KAFKA_HEAP_OPTS',
};

export const brokers: readonly ImageEntry[] = [redis, valkey, memcached, rabbitmq, apacheKafka, bitnamiKafka, confluentKafka, zookeeper, confluentZookeeper];
