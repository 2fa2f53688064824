import type { Environment } from '../lib/model/types';

/**
 * What every berth system shares about the clusters it lands on: how TLS is issued, where secrets live and
 * where the ingress controller runs. A system spreads these into its environments and adds its own parts.
 */
export const cluster = {
  dev: {
    clusterIssuer: 'letsencrypt-staging',
    ingressClassName: 'nginx',
    secretStore: { kind: 'ClusterSecretStore', name: 'berth-dev' },
    storageClasses: { readWriteMany: 'nfs-client' },
    ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  },
  prod: {
    clusterIssuer: 'letsencrypt-prod',
    ingressClassName: 'nginx',
    secretStore: { kind: 'ClusterSecretStore', name: 'berth-prod' },
    storageClasses: { readWriteOnce: 'ssd', readWriteMany: 'efs' },
    ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  },
} as const satisfies Record<string, Pick<Environment, 'clusterIssuer' | 'ingressClassName' | 'secretStore' | 'storageClasses' | 'ingressController'>>;

/** Pinned images of the official and vendor images the systems share. */
export const images = {
  busybox: 'busybox:1.36.1',
  redis: 'redis:7.2.4-alpine',
  postgres15: 'postgres:15.8-alpine',
  minio: 'minio/minio:RELEASE.2024-11-07T00-52-20Z',
  mc: 'minio/mc:RELEASE.2024-11-21T17-21-54Z',
} as const;

/**
 * UIDs of official images, from their Dockerfiles (see README, "Images and UIDs").
 * redis and postgres alpine: user 999/70 created by the image; minio: any UID, 1000 as in the minio chart.
 */
export const uids = {
  redisAlpine: { uid: 999, gid: 1000 },
  postgresAlpine: { uid: 70, gid: 70 },
  minio: { uid: 1000, gid: 1000 },
} as const;
