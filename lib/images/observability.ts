import type { ImageEntry, ImageUser } from './types';

/** Metrics, dashboards, logs and exporters. */

/**
 * `USER nobody` is not numeric: with runAsNonRoot alone the kubelet refuses the pod ("image has non-numeric
 * user (nobody), cannot verify user is non-root"), so the UID must be given.
 */
const nobody = (dockerfile: string): ImageUser => ({
  uid: 65534,
  gid: 65534,
  source: `${dockerfile}: USER nobody (65534 in its busybox base; not numeric, so a pod must name it)`,
});

export const prometheus: ImageEntry = {
  repositories: ['prom/prometheus', 'quay.io/prometheus/prometheus'],
  description: 'Prometheus server',
  sources: ['https://github.com/prometheus/prometheus/blob/main/Dockerfile', 'https://prometheus.io/docs/prometheus/latest/management_api/'],
  user: nobody('Dockerfile'),
  writablePaths: [],
  dataDirectory: '/prometheus',
  entrypoint: ['/bin/prometheus'],
  cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
  ports: [{ name: 'http', port: 9090 }],
  healthCheck: { test: { kind: 'http', path: '/-/ready', port: 9090 }, source: "Prometheus' management API (/-/ready), prometheus.io/docs" },
  component: 'monitoring',
};

export const alertmanager: ImageEntry = {
  repositories: ['prom/alertmanager', 'quay.io/prometheus/alertmanager'],
  description: 'Prometheus Alertmanager',
  sources: ['https://github.com/prometheus/alertmanager/blob/main/Dockerfile', 'https://prometheus.io/docs/alerting/latest/management_api/'],
  user: nobody('Dockerfile'),
  writablePaths: [],
  // Silences and the notification log.
  dataDirectory: '/alertmanager',
  entrypoint: ['/bin/alertmanager'],
  cmd: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager'],
  ports: [{ name: 'http', port: 9093 }],
  healthCheck: { test: { kind: 'http', path: '/-/ready', port: 9093 }, source: "Alertmanager's management API (/-/ready), prometheus.io/docs" },
  component: 'monitoring',
};

export const nodeExporter: ImageEntry = {
  repositories: ['prom/node-exporter', 'quay.io/prometheus/node-exporter'],
  description: 'Prometheus node exporter (host metrics)',
  sources: ['https://github.com/prometheus/node_exporter/blob/master/Dockerfile', 'https://github.com/prometheus/node_exporter#docker'],
  user: nobody('Dockerfile'),
  writablePaths: [],
  entrypoint: ['/bin/node_exporter'],
  cmd: [],
  ports: [{ name: 'metrics', port: 9100 }],
  healthCheck: { test: { kind: 'tcp', port: 9100 }, source: 'no health endpoint documented: the port accepts connections' },
  component: 'metrics-exporter',
  notes: ["reads the host's /proc, /sys and / mounted read-only (--path.procfs, --path.sysfs, --path.rootfs): host paths need a privileged companion namespace"],
};

export const grafana: ImageEntry = {
  repositories: ['grafana/grafana', 'grafana/grafana-oss', 'grafana/grafana-enterprise'],
  description: 'Grafana',
  sources: [
    'https://github.com/grafana/grafana/blob/main/Dockerfile',
    'https://github.com/grafana/helm-charts/blob/main/charts/grafana/values.yaml',
    'https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api',
  ],
  user: {
    uid: 472,
    gid: 472,
    fsGroup: 472,
    source: 'Dockerfile: ARG GF_UID="472", USER "$GF_UID" (GID 0, its directories mode 777); the grafana Helm chart runs 472:472 with fsGroup 472',
  },
  writablePaths: ['/tmp'],
  // Console logging only (env below): /var/log/grafana stays unused under a read-only root.
  env: { GF_LOG_MODE: 'console' },
  dataDirectory: '/var/lib/grafana',
  entrypoint: ['/run.sh'],
  cmd: [],
  entrypointDoes: '/run.sh sets the paths (GF_PATHS_*), installs GF_INSTALL_PLUGINS and starts grafana server with its config',
  ports: [{ name: 'http', port: 3000 }],
  healthCheck: { test: { kind: 'http', path: '/api/health', port: 3000 }, source: "Grafana's HTTP API health endpoint (/api/health), grafana.com/docs" },
  credentialEnv: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_DATABASE_PASSWORD'],
  component: 'monitoring',
  notes: ['served under a sub-path (GF_SERVER_SERVE_FROM_SUB_PATH), the health endpoint moves with it'],
};

export const loki: ImageEntry = {
  repositories: ['grafana/loki'],
  description: 'Grafana Loki (log aggregation)',
  sources: ['https://github.com/grafana/loki/blob/main/cmd/loki/Dockerfile', 'https://grafana.com/docs/loki/latest/reference/loki-http-api/#readiness'],
  user: { uid: 10001, gid: 10001, source: 'Dockerfile: addgroup -g 10001 -S loki; adduser -u 10001 -S loki -G loki; USER 10001' },
  writablePaths: ['/tmp'],
  dataDirectory: '/loki',
  entrypoint: ['/usr/bin/loki'],
  cmd: ['-config.file=/etc/loki/local-config.yaml'],
  ports: [
    { name: 'http', port: 3100 },
    { name: 'grpc', port: 9095 },
  ],
  healthCheck: { test: { kind: 'http', path: '/ready', port: 3100 }, source: 'Loki HTTP API readiness endpoint (/ready), grafana.com/docs/loki' },
  component: 'logging',
};

export const redisExporter: ImageEntry = {
  repositories: ['oliver006/redis_exporter'],
  description: 'Prometheus exporter for Redis',
  sources: ['https://github.com/oliver006/redis_exporter/blob/master/Dockerfile', 'https://github.com/oliver006/redis_exporter/blob/master/README.md'],
  user: { uid: 59000, gid: 59000, source: 'Dockerfile (scratch release image): USER 59000:59000' },
  writablePaths: [],
  entrypoint: ['/redis_exporter'],
  cmd: [],
  ports: [{ name: 'metrics', port: 9121 }],
  healthCheck: { test: { kind: 'http', path: '/health', port: 9121 }, source: "redis_exporter's /health endpoint (its README)" },
  credentialEnv: ['REDIS_PASSWORD'],
  component: 'metrics-exporter',
};

export const postgresExporter: ImageEntry = {
  repositories: ['quay.io/prometheuscommunity/postgres-exporter', 'prometheuscommunity/postgres-exporter'],
  description: 'Prometheus exporter for PostgreSQL',
  sources: ['https://github.com/prometheus-community/postgres_exporter/blob/master/Dockerfile', 'https://github.com/prometheus-community/postgres_exporter/blob/master/README.md'],
  user: nobody('Dockerfile'),
  writablePaths: [],
  entrypoint: ['/bin/postgres_exporter'],
  cmd: [],
  ports: [{ name: 'metrics', port: 9187 }],
  healthCheck: { test: { kind: 'tcp', port: 9187 }, source: 'no health endpoint documented: the port accepts connections' },
  credentialEnv: ['DATA_SOURCE_PASS', 'DATA_SOURCE_NAME'],
  requiredEnv: [['DATA_SOURCE_NAME', 'DATA_SOURCE_URI']],
  component: 'metrics-exporter',
};

export const observability: readonly ImageEntry[] = [prometheus, alertmanager, nodeExporter, grafana, loki, redisExporter, postgresExporter];
