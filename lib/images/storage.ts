import type { ImageEntry } from './types';

/** Object stores, search engines and vector stores. */

const minioUser = {
  uid: 1000,
  gid: 1000,
  rootByDefault: true,
  source: 'the image has no USER (root); any UID works: the minio/minio Helm chart runs 1000:1000 with fsGroup 1000',
} as const;

export const minio: ImageEntry = {
  repositories: ['quay.io/minio/minio', 'minio/minio'],
  description: 'MinIO object storage (S3 API)',
  sources: [
    'https://github.com/minio/minio/blob/master/Dockerfile.release',
    'https://github.com/minio/minio/blob/master/dockerscripts/docker-entrypoint.sh',
    'https://github.com/minio/minio/blob/master/helm/minio/values.yaml',
    'https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html',
  ],
  user: minioUser,
  // The config directory is $HOME/.minio, / for a UID the image does not name (minio#14763).
  writablePaths: ['/.minio', '/tmp'],
  dataDirectory: '/data',
  entrypoint: ['/usr/bin/docker-entrypoint.sh'],
  cmd: ['minio'],
  entrypointDoes: '/usr/bin/docker-entrypoint.sh maps MINIO_* secrets from files and drops privileges',
  ports: [{ name: 's3', port: 9000 }],
  healthCheck: { test: { kind: 'http', path: '/minio/health/live', port: 9000 }, source: 'MinIO healthcheck API (min.io/docs, "Healthcheck Probe"): /minio/health/live' },
  credentialEnv: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'],
  component: 'object-storage',
  notes: ['the console listens on a random port unless `minio server` gets --console-address :9001'],
};

export const minioClient: ImageEntry = {
  repositories: ['quay.io/minio/mc', 'minio/mc'],
  description: 'MinIO client (mc), for bucket set-up steps',
  sources: ['https://github.com/minio/mc/blob/master/Dockerfile.release', 'https://min.io/docs/minio/linux/reference/minio-mc.html'],
  user: { ...minioUser, source: 'the image has no USER (root); mc runs as any UID with a writable config directory' },
  writablePaths: ['/tmp'],
  entrypoint: ['mc'],
  cmd: [],
  ports: [],
  env: { MC_CONFIG_DIR: '/tmp/.mc' },
  component: 'storage-init',
};

const esUser = { uid: 1000, gid: 0, source: 'USER 1000:0 (the elasticsearch user; files group-owned by 0 so any UID in group 0 works)' } as const;

export const elasticsearch: ImageEntry = {
  repositories: ['docker.elastic.co/elasticsearch/elasticsearch', 'elasticsearch'],
  description: 'Elasticsearch',
  sources: [
    'https://github.com/elastic/elasticsearch/blob/main/distribution/docker/src/docker/Dockerfile',
    'https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html',
  ],
  user: esUser,
  writablePaths: ['/tmp', '/usr/share/elasticsearch/logs'],
  dataDirectory: '/usr/share/elasticsearch/data',
  entrypoint: ['/bin/tini', '--', '/usr/local/bin/docker-entrypoint.sh'],
  cmd: ['eswrapper'],
  entrypointDoes: 'docker-entrypoint.sh turns dotted variables (discovery.type=...) into settings and adds ELASTIC_PASSWORD to the keystore',
  ports: [
    { name: 'http', port: 9200 },
    { name: 'transport', port: 9300 },
  ],
  healthCheck: {
    test: { kind: 'tcp', port: 9200 },
    source: 'Elasticsearch 8 serves HTTPS with authentication by default, so an HTTP check needs credentials: the port accepts connections',
  },
  credentialEnv: ['ELASTIC_PASSWORD'],
  requiredEnv: [['discovery.type', 'discovery.seed_hosts', 'cluster.initial_master_nodes']],
  component: 'search',
  // The docs' compose example limits each node to 1 GiB.
  minimumMemoryMi: 1024,
  heapEnv: 'ES_JAVA_OPTS',
  notes: [
    'production mode checks vm.max_map_count ≥ 262144, a node setting no restricted pod may change',
    'the entrypoint writes the keystore and security auto-configuration writes certificates into /usr/share/elasticsearch/config: with a read-only root, ship them in a Secret or copy the config into an emptyDir',
  ],
};

export const opensearch: ImageEntry = {
  repositories: ['opensearchproject/opensearch'],
  description: 'OpenSearch',
  sources: [
    'https://github.com/opensearch-project/opensearch-build/blob/main/docker/release/dockerfiles/opensearch.al2023.dockerfile',
    'https://opensearch.org/docs/latest/install-and-configure/install-opensearch/docker/',
  ],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: groupadd -g 1000 opensearch; adduser -u 1000 -g 1000; USER 1000' },
  writablePaths: ['/tmp', '/usr/share/opensearch/logs'],
  dataDirectory: '/usr/share/opensearch/data',
  entrypoint: ['./opensearch-docker-entrypoint.sh'],
  cmd: ['opensearch'],
  entrypointDoes: 'opensearch-docker-entrypoint.sh turns dotted variables into settings and installs the security configuration with OPENSEARCH_INITIAL_ADMIN_PASSWORD',
  ports: [
    { name: 'http', port: 9200 },
    { name: 'transport', port: 9300 },
    { name: 'perf-analyzer', port: 9600 },
  ],
  healthCheck: {
    test: { kind: 'tcp', port: 9200 },
    source: 'the security plugin serves HTTPS with authentication by default, so an HTTP check needs credentials: the port accepts connections',
  },
  credentialEnv: ['OPENSEARCH_INITIAL_ADMIN_PASSWORD'],
  requiredEnv: [['OPENSEARCH_INITIAL_ADMIN_PASSWORD', 'DISABLE_SECURITY_PLUGIN']],
  component: 'search',
  // The docs' compose example gives each node a 512 MiB heap, half of its memory.
  minimumMemoryMi: 1024,
  heapEnv: 'OPENSEARCH_JAVA_OPTS',
  notes: ['production mode checks vm.max_map_count ≥ 262144, a node setting no restricted pod may change'],
};

export const chroma: ImageEntry = {
  repositories: ['chromadb/chroma'],
  description: 'ChromaDB server (1.x: the Rust server, API v2)',
  sources: ['https://github.com/chroma-core/chroma/blob/main/rust/Dockerfile', 'https://docs.trychroma.com/production/containers/docker'],
  user: { uid: 1000, gid: 1000, rootByDefault: true, source: 'the image has no USER (root); the server runs as any UID that can write /data' },
  writablePaths: ['/tmp'],
  // /config.yaml persists to /data.
  dataDirectory: '/data',
  entrypoint: ['dumb-init', '--', 'chroma'],
  cmd: ['run', '/config.yaml'],
  variants: [
    {
      tagPattern: '^0\\.',
      dataDirectory: '/chroma/chroma',
      entrypoint: ['/docker_entrypoint.sh'],
      cmd: ['--workers 1 --host 0.0.0.0 --port 8000 --proxy-headers --log-config chromadb/log_config.yml --timeout-keep-alive 30'],
      entrypointDoes: "/docker_entrypoint.sh starts the server with the image's settings (host, port, persist path)",
      notes: ['0.x is the Python server (API v1): its heartbeat is /api/v1/heartbeat'],
    },
  ],
  ports: [{ name: 'http', port: 8000 }],
  healthCheck: {
    test: { kind: 'http', path: '/api/v2/heartbeat', port: 8000 },
    source: "ChromaDB server's heartbeat endpoint (docs.trychroma.com, client-server mode)",
  },
  component: 'vector-store',
};

export const storage: readonly ImageEntry[] = [minio, minioClient, elasticsearch, opensearch, chroma];
