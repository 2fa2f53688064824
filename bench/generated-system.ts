import type { Dependency, SecretSpec, Service, System, Volume } from '../lib/model/types';

/**
 * A synthetic system of `count` services shaped like the documented ones, so that every relation berth
 * indexes is exercised. Services come in groups of ten:
 *   0     a one-shot migration step (runs once per change), reading a keyed secret;
 *   1     the group's API: routed (one route per group), waits for the step and for the API of group g/2
 *         (a tree, so waves stay shallow), talks to the group's cache;
 *   2..8  servers with `http` and `metrics` ports, scraped by `prometheus`, waiting for the group's API;
 *         2 and 6 load the group's env file, 3 calls an external endpoint, 4 has a configuration file,
 *         5 and 6 share a volume (ReadWriteMany), 7 has a claim of its own (ReadWriteOnce), 8 is the cache;
 *   9     a port-less worker that waits for the cache.
 * Plus `prometheus`, which scrapes every server.
 */
export function generatedSystem(count: number): System {
  const services: Record<string, Service> = { prometheus: prometheus() };
  const volumes: Record<string, Volume> = {};
  const secrets: Record<string, SecretSpec> = { db: { description: 'database credentials', keys: { password: { remoteKey: 'generated/db', property: 'password' } } } };
  const paths: { path: string; service: string; port: number }[] = [];
  for (let i = 0; i < count; i++) {
    const g = Math.floor(i / 10);
    const k = i % 10;
    services[`svc_${i}`] = k === 0 ? step(g) : k === 9 ? worker(g) : server(g, k);
    if (k === 1) paths.push({ path: `/g${g}`, service: `svc_${i}`, port: 8080 });
    if (k === 2) secrets[`env-${g}`] = { description: `group ${g} settings`, envFile: `generated/{{berth.environment}}/env-${g}` };
    if (k === 5) volumes[`shared_${g}`] = { description: `group ${g} shared files`, sizeGi: 1, backup: 'LOW' };
    if (k === 7) volumes[`data_${g}`] = { description: `group ${g} data`, sizeGi: 1, backup: 'MEDIUM' };
  }
  return {
    id: 'generated',
    description: `${count} generated services`,
    sources: [],
    services,
    volumes,
    secrets,
    externals: { payments: { description: 'the payment provider' } },
    routes: [{ host: 'generated.example.com', paths: paths.length > 0 ? paths : [{ path: '/', service: 'prometheus', port: 9090 }] }],
    environments: {
      prod: {
        clusterIssuer: 'letsencrypt-prod',
        acmeChallenge: 'http01',
        clusterNetworks: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
        ingressClassName: 'nginx',
        secretStore: { kind: 'ClusterSecretStore', name: 'bench' },
        storageClasses: { readWriteOnce: 'standard', readWriteMany: 'shared' },
        externals: { payments: { host: 'api.payments.example.com', port: 443 } },
        ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      },
    },
  };
}

const common = (i: string) => ({
  description: `generated service ${i}`,
  image: `registry.example.com/svc:${i}.0.0`,
  resources: { cpu: 0.1, memoryMi: 128 },
  runAs: { uid: 1000, writablePaths: ['/tmp'] },
});

const httpCheck = {
  test: { kind: 'http' as const, path: '/healthz', port: 8080 },
  source: 'the generated services serve /healthz',
  intervalSeconds: 10,
  timeoutSeconds: 5,
  retries: 3,
};

function step(g: number): Service {
  return {
    ...common(`${g}-migrate`),
    kind: 'one-shot',
    component: 'migration',
    command: ['migrate'],
    env: { DB_PASSWORD: { secret: 'db', key: 'password' } },
    oneShot: { runs: { every: 'change' }, backoffLimit: 2, activeDeadlineSeconds: 600 },
  };
}

function server(g: number, k: number): Service {
  const api = `svc_${g * 10 + 1}`;
  const dependsOn: Record<string, Dependency> = {};
  if (k === 1) {
    dependsOn[`svc_${g * 10}`] = 'service_completed_successfully';
    if (g > 0) dependsOn[`svc_${Math.floor(g / 2) * 10 + 1}`] = 'service_healthy';
  } else dependsOn[api] = k % 2 === 0 ? 'service_healthy' : 'service_started';
  return {
    ...common(`${g * 10 + k}`),
    component: k === 8 ? 'cache' : 'api',
    ports: [
      { name: 'http', port: 8080 },
      { name: 'metrics', port: 9100 },
    ],
    env: {
      PEER_URL: `http://${api}:8080`,
      DB_PASSWORD: { secret: 'db', key: 'password' },
      ...(k === 3 ? { PAYMENTS_HOST: { external: 'payments', field: 'host' as const } } : {}),
    },
    envFiles: k === 2 || k === 6 ? [`env-${g}`] : undefined,
    healthCheck: httpCheck,
    dependsOn,
    talksTo: k === 1 ? [`svc_${g * 10 + 8}`].filter((peer) => peer !== api) : undefined,
    usesExternals: k === 3 ? ['payments'] : undefined,
    configFiles: k === 4 ? [{ path: '/etc/app/settings.yaml', yaml: { group: g, peers: [api] } }] : undefined,
    mounts: k === 5 || k === 6 ? [{ volume: `shared_${g}`, path: '/shared' }] : k === 7 ? [{ volume: `data_${g}`, path: '/data' }] : undefined,
    scrapedBy: { service: 'prometheus', port: 'metrics' },
  };
}

function worker(g: number): Service {
  return {
    ...common(`${g * 10 + 9}`),
    component: 'worker',
    command: ['work'],
    healthCheck: { test: { kind: 'exec', command: ['test', '-f', '/tmp/alive'] }, intervalSeconds: 30, timeoutSeconds: 5, retries: 3 },
    dependsOn: { [`svc_${g * 10 + 8}`]: 'service_healthy' },
  };
}

function prometheus(): Service {
  return {
    ...common('prometheus'),
    image: 'prom/prometheus:v2.53.0',
    component: 'monitoring',
    ports: [{ name: 'http', port: 9090 }],
    healthCheck: { test: { kind: 'tcp', port: 9090 } },
    runAs: { uid: 65534, writablePaths: ['/prometheus'] },
  };
}
