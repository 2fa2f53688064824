import type { Service, System } from '../lib/model/types';

/**
 * A synthetic system of `count` services shaped like the documented ones: every service has a port, an http
 * health check, two dependencies on earlier services (healthy and started), configuration that names them,
 * a credential by reference and, for every tenth, a claim.
 */
export function generatedSystem(count: number): System {
  const services: Record<string, Service> = {};
  const volumes: Record<string, { description: string; sizeGi: number; backup: 'MEDIUM' }> = {};
  for (let i = 0; i < count; i++) {
    const name = `svc_${i}`;
    const deps: Record<string, 'service_healthy' | 'service_started'> = {};
    if (i > 0) deps[`svc_${Math.floor(i / 2)}`] = 'service_healthy';
    if (i > 2) deps[`svc_${i - 3}`] = 'service_started';
    if (i % 10 === 0) volumes[`data_${i}`] = { description: 'data', sizeGi: 1, backup: 'MEDIUM' };
    services[name] = {
      description: `generated service ${i}`,
      image: `registry.example.com/svc:${i}.0.0`,
      component: 'api',
      ports: [{ name: 'http', port: 8080 }],
      env: { PEER_URL: `http://svc_${Math.floor(i / 2)}:8080`, DB_PASSWORD: { secret: 'db', key: 'password' } },
      healthCheck: { test: { kind: 'http', path: '/healthz', port: 8080 }, source: 'the generated services serve /healthz', intervalSeconds: 10, timeoutSeconds: 5, retries: 3 },
      dependsOn: deps,
      mounts: i % 10 === 0 ? [{ volume: `data_${i}`, path: '/data' }] : undefined,
      resources: { cpu: 0.1, memoryMi: 128 },
      runAs: { uid: 1000, writablePaths: ['/tmp'] },
    };
  }
  return {
    id: 'generated',
    description: `${count} generated services`,
    sources: [],
    services,
    volumes,
    secrets: { db: { description: 'db', keys: { password: { remoteKey: 'generated/db', property: 'password' } } } },
    routes: [{ host: 'generated.example.com', paths: [{ path: '/', service: 'svc_0', port: 8080 }] }],
    environments: {
      prod: {
        clusterIssuer: 'letsencrypt-prod',
        acmeChallenge: 'http01',
        clusterNetworks: ['10.0.0.0/8'],
        ingressClassName: 'nginx',
        secretStore: { kind: 'ClusterSecretStore', name: 'bench' },
        ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      },
    },
  };
}
