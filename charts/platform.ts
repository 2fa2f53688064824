import type { Environment } from '../lib/model/types';

/**
 * What every berth system shares about the clusters it lands on: how TLS is issued, where secrets live and
 * where the ingress controller runs. A system spreads these into its environments and adds its own parts.
 */
/**
 * Not documented: the clusters' address ranges. The RFC 1918 ranges cover the pod, service and node networks of
 * most clusters; internet egress excepts them, so it never reaches the API server or another namespace.
 */
const clusterNetworks = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const cluster = {
  dev: {
    clusterIssuer: 'letsencrypt-staging',
    // The Let's Encrypt issuers solve HTTP-01: the solver pod must be reachable from the ingress controller.
    acmeChallenge: 'http01',
    clusterNetworks,
    ingressClassName: 'nginx',
    secretStore: { kind: 'ClusterSecretStore', name: 'berth-dev' },
    storageClasses: { readWriteMany: 'nfs-client' },
    ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    // Argo CD's own cluster; another is named as `argocd cluster list` shows it: { name: 'dev' }.
    destination: { server: 'https://kubernetes.default.svc' },
  },
  prod: {
    clusterIssuer: 'letsencrypt-prod',
    acmeChallenge: 'http01',
    clusterNetworks,
    production: true,
    ingressClassName: 'nginx',
    secretStore: { kind: 'ClusterSecretStore', name: 'berth-prod' },
    storageClasses: { readWriteOnce: 'ssd', readWriteMany: 'efs' },
    ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    destination: { server: 'https://kubernetes.default.svc' },
  },
} as const satisfies Record<
  string,
  Pick<
    Environment,
    'clusterIssuer' | 'acmeChallenge' | 'clusterNetworks' | 'production' | 'ingressClassName' | 'secretStore' | 'storageClasses' | 'ingressController' | 'destination'
  >
>;

/**
 * Pinned third-party images, each checked against its project's releases on 2026-12-01, and why that tag.
 * `npm run validate` rejects tags known to be unpullable or vulnerable (lib/validate/images.ts).
 */
export const images = {
  /**
   * Newest 7.2 patch (2026-08-18): fixes CVE-2025-49844 (RediShell, 7.2.11) and the later 7.2 security fixes
   * (stream RESTORE use-after-free in 7.2.15). 7.2 stays BSD-licensed and supported.
   */
  redis: 'redis:7.2.16-alpine',
  /** Newest 15.x (2026-08-13), with the 15.18 fixes (CVE-2026-6473 and others). Alpine: postgres is UID 70. */
  postgres15: 'postgres:15.19-alpine',
  /** Newest TimescaleDB with PostgreSQL 15 (2.29 dropped PG15); fixes GHSA-vgp2-jj5c-828m that 2.16.1 lacks. */
  timescale15: 'timescale/timescaledb:2.28.3-pg15',
  /**
   * The last official MinIO image (Docker Hub's minio/* repositories are gone; quay.io still serves it). Fixes
   * CVE-2025-31489; CVE-2025-62506 and CVE-2026-40344 have no official image with a fix (see README).
   */
  minio: 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z',
  mc: 'quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z',
  /** Rust server (API v2). No release fixes CVE-2026-45829, which upstream says affects only the Python server. */
  chroma: 'chromadb/chroma:1.5.9',
  /** PgBouncer 1.25.2 (CVE-2026-6664..6667 fixed); configured from env. Replaces bitnami/pgbouncer (no longer served). */
  pgbouncer: 'edoburu/pgbouncer:v1.25.2-p0',
  /** Last Airflow 2 release (2.x is end of life since 2026-04-22; 3.x is a migration, see README). */
  airflow: 'apache/airflow:2.11.2',
  /** Newest 11.x (fixes CVE-2024-9264, CVE-2025-4123, CVE-2026-41602); 11 is out of support, 12.4 is next. */
  grafana: 'grafana/grafana:11.6.15',
  /** 3.5 LTS with the CVE-2026-42151 fix; 2.x gets no fixes. The scrape configs here are valid in 3.x. */
  prometheus: 'prom/prometheus:v3.5.4',
  alertmanager: 'prom/alertmanager:v0.34.0',
  redisExporter: 'oliver006/redis_exporter:v1.88.0',
  /** v0.19.1, not v0.20: v0.20 renames the replication-slot metrics dashboards may use. */
  postgresExporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.19.1',
  nodeExporter: 'quay.io/prometheus/node-exporter:v1.12.1',
  /** MailHog is abandoned (last release 2020); Mailpit is its maintained drop-in (same SMTP 1025, UI 8025). */
  mailpit: 'axllent/mailpit:v1.30.5',
} as const;

/**
 * The teams' own Python images (Django, FastAPI, Celery, the scrapers). Not documented: the app user the images
 * create (1000:1000), writing only /tmp outside its volumes.
 */
export const appUser = { uid: 1000, gid: 1000, writablePaths: ['/tmp'] };
