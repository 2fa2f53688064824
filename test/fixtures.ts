import type { Environment, LongRunningService, OneShotService, PerNodeService, ScheduledService, Service, System } from '../lib/model/types';

export const env: Environment = {
  clusterIssuer: 'letsencrypt-test',
  acmeChallenge: 'http01',
  clusterNetworks: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
  ingressClassName: 'nginx',
  secretStore: { kind: 'ClusterSecretStore', name: 'test-store' },
  ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

/** Settings of a test service: a long-running one, or another kind with that kind's fields. */
export type ServiceOverrides =
  | Partial<LongRunningService>
  | (Partial<OneShotService> & { kind: 'one-shot' })
  | (Partial<ScheduledService> & { kind: 'scheduled' })
  | (Partial<PerNodeService> & { kind: 'per-node' });

export function service(overrides: ServiceOverrides = {}): Service {
  // A service that keeps running needs a check or a written exemption; tests that give one replace this.
  const probes =
    overrides.kind === undefined && overrides.healthCheck === undefined ? { exemptions: [{ check: 'probes' as const, reason: 'a test service without a check' }] } : {};
  return {
    ...probes,
    description: 'a test service',
    image: 'example/app:1.0.0',
    component: 'app',
    resources: { cpu: 0.1, memoryMi: 64 },
    runAs: { uid: 1000 },
    ...overrides,
  } as Service;
}

/** A small valid system: `web` (port 8080, http check) depends on `cache` (redis-like, exec check with remote). */
export function system(overrides: Partial<System> = {}): System {
  return {
    id: 'demo',
    description: 'test system',
    sources: [],
    services: {
      cache: service({
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379 }],
        healthCheck: {
          test: { kind: 'exec', command: ['redis-cli', 'ping'] },
          intervalSeconds: 5,
          timeoutSeconds: 3,
          retries: 4,
          remote: { image: 'redis:7.2.4-alpine', command: ['redis-cli', '-h', '{{berth.host}}', '-p', '{{berth.port}}', 'ping'] },
        },
      }),
      web_app: service({
        ports: [{ name: 'http', port: 8080 }],
        healthCheck: {
          test: { kind: 'http', path: '/healthz', port: 8080 },
          source: 'the test fixture documents it',
          intervalSeconds: 10,
          timeoutSeconds: 2,
          retries: 6,
          startPeriodSeconds: 45,
        },
        dependsOn: { cache: 'service_healthy' },
        env: { CACHE_URL: 'redis://cache:6379/0' },
      }),
    },
    environments: { dev: env },
    ...overrides,
  };
}

/**
 * `system` with one service added or changed: `withService(base, 'web_app', { replicas: 3 })` keeps the rest of
 * web_app and of the system as they are.
 */
export function withService(system: System, name: string, overrides: ServiceOverrides): System {
  const current = system.services[name];
  return { ...system, services: { ...system.services, [name]: current ? ({ ...current, ...overrides } as Service) : service(overrides) } };
}

/**
 * `system()` with `vpn`, a service whose pod has a sidecar `torrent` (compose `network_mode: service:vpn`): the
 * sidecar serves its own port, runs as its own UID, shares the pod's claim, reads an env file and a secret file,
 * and gives a variable of the service's another value. `web_app` talks to vpn and a route reaches the sidecar's port.
 */
export function sidecarSystem(): System {
  // Without the fixture's cache, whose Redis traps the runtime rules have tests of their own.
  const { web_app } = system().services;
  const base = system({
    id: 'pod',
    services: { web_app: { ...web_app, dependsOn: undefined, env: undefined } },
    volumes: { downloads: { description: 'downloads', sizeGi: 10, backup: 'LOW' } },
    secrets: {
      vpn: { description: 'VPN keys', keys: { 'private-key': { remoteKey: 'pod/vpn-key' }, 'webui-password': { remoteKey: 'pod/webui' } } },
      'torrent-env': { description: 'the torrent client env file', envFile: 'pod/torrent-env' },
    },
    routes: [{ host: 'torrent.example.com', paths: [{ path: '/', service: 'vpn', port: 8080 }] }],
  });
  const web = withService(base, 'web_app', { talksTo: ['vpn'] });
  return withService(web, 'vpn', {
    description: 'the VPN client',
    image: 'example/vpn:3.40.0',
    ports: [{ name: 'proxy', port: 8888 }],
    healthCheck: { test: { kind: 'tcp', port: 8888 } },
    env: { VPN_TYPE: 'wireguard', WIREGUARD_PRIVATE_KEY: { secret: 'vpn', key: 'private-key' } },
    mounts: [{ volume: 'downloads', path: '/downloads' }],
    runAs: { uid: 1000, fsGroup: 2000, writablePaths: ['/tmp'] },
    sidecars: {
      torrent: {
        description: 'the torrent client, in the VPN network namespace',
        image: 'example/torrent:5.0.3',
        command: ['--webui-port=8080'],
        ports: [{ name: 'webui', port: 8080 }],
        env: { VPN_TYPE: 'none', WEBUI_PASSWORD: { secret: 'vpn', key: 'webui-password' } },
        envFiles: ['torrent-env'],
        mounts: [{ volume: 'downloads', path: '/downloads' }],
        scratch: [{ path: '/dev/shm', sizeMi: 32, inMemory: true }],
        configFiles: [{ path: '/config/torrent.conf', content: 'listen=8080\n' }],
        secretFiles: [{ secret: 'vpn', key: 'webui-password', path: '/run/secrets/webui' }],
        resources: { cpu: 0.2, memoryMi: 256, memoryLimitMi: 512 },
        runAs: { uid: 911, gid: 911, writablePaths: ['/tmp'] },
        healthCheck: { test: { kind: 'http', path: '/api/v2/app/version', port: 8080 }, source: 'the torrent client API documentation' },
      },
    },
  });
}
