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
