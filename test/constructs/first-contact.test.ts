import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { delivery } from '../../charts';
import { synthesize } from '../../lib/synthesize';
import { loadManifests } from '../../lib/validate/manifests';
import { checkRuntime } from '../../lib/validate/runtime';
import { specHash } from '../../lib/spec-hash';
import type { System } from '../../lib/model/types';
import { envObjects, findNamed, findObject, mainContainer, type Obj, podSpec } from '../helpers';
import { env, service, system } from '../fixtures';

/**
 * What a cluster and Argo CD do with the output, on a small system: which objects survive the Application,
 * in which order Argo CD applies them, what the pods run and where they may connect.
 */
const base = system();
const objectsOf = (s: System, environment = 'dev') => envObjects(s.id, environment, [s]);
const wave = (o: Obj) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
const RETAIN = 'Prune=false,Delete=false';

/** web_app (routed, critical) ← cache; a worker, a non-critical dashboard, a release step and a claim. */
const shop = system({
  id: 'shop',
  services: {
    ...base.services,
    cache: { ...base.services.cache, tier: 'critical' },
    web_app: { ...base.services.web_app, tier: 'critical', dependsOn: { cache: 'service_healthy', migrate: 'service_completed_successfully' } },
    migrate: service({
      kind: 'one-shot',
      oneShot: { runs: { every: 'sync', idempotentBecause: 'migrations already applied are skipped' }, activeDeadlineSeconds: 120 },
      dependsOn: { cache: 'service_healthy', db: 'service_started' },
    }),
    db: service({ ports: [{ name: 'pg', port: 5432 }], healthCheck: { test: { kind: 'tcp', port: 5432 } }, mounts: [{ volume: 'data', path: '/data' }], tier: 'critical' }),
    worker: service({ dependsOn: { cache: 'service_healthy' }, command: ['worker', '--concurrency', '2'] }),
    dashboard: service({ tier: 'non-critical', ports: [{ name: 'http', port: 3000 }], dependsOn: { db: 'service_started' } }),
    index: service({ kind: 'one-shot', oneShot: { runs: { every: 'change' } }, dependsOn: { db: 'service_started' }, usesExternals: ['ai'] }),
  },
  volumes: {
    data: { description: 'data', sizeGi: 1, backup: 'LOW' },
    scratch: { description: 'rebuilt', sizeGi: 1, backup: 'LOW', unprotectedBecause: 'regenerated from the image at start' },
  },
  externals: { ai: { description: 'an AI API' } },
  secrets: { settings: { description: 'the .env', envFile: 'shop/{{berth.environment}}/env' } },
  routes: [
    {
      host: 'shop.example.com',
      paths: [
        { path: '/', service: 'web_app', port: 8080 },
        { path: '/ws', service: 'web_app', port: 8080, readTimeoutSeconds: 3600, sendTimeoutSeconds: 3600 },
      ],
    },
  ],
  environments: { dev: { ...env, externals: { ai: { host: 'api.example.com', port: 443 } } } },
});
const withScratch: System = {
  ...shop,
  id: 'shop2',
  services: { ...shop.services, worker: { ...shop.services.worker, mounts: [{ volume: 'scratch', path: '/scratch' }], envFiles: ['settings'] } },
};
const objects = objectsOf(withScratch);

describe('data survives the Application', () => {
  test('every claim is protected unless it says why not, and so is the namespace that holds them', () => {
    expect(findObject(objects, 'PersistentVolumeClaim', 'data').metadata.annotations['argocd.argoproj.io/sync-options']).toBe(RETAIN);
    const scratch = findObject(objects, 'PersistentVolumeClaim', 'scratch').metadata.annotations;
    expect(scratch['argocd.argoproj.io/sync-options']).toBeUndefined();
    expect(scratch['berth.dev/unprotected-because']).toBe('regenerated from the image at start');
    expect(findObject(objects, 'Namespace', 'shop2-dev').metadata.annotations['argocd.argoproj.io/sync-options']).toBe(RETAIN);
  });

  test('a namespace without claims may go with its Application', () => {
    expect(findObject(objectsOf(base), 'Namespace', 'demo-dev').metadata.annotations['argocd.argoproj.io/sync-options']).toBeUndefined();
  });
});

describe('sync waves: the entry path, then the Ingress, then the rest, non-critical last', () => {
  const waves = Object.fromEntries(
    objects.filter((o) => ['Deployment', 'Job', 'Ingress'].includes(o.kind)).map((o) => [`${o.kind}/${o.metadata.labels['app.kubernetes.io/name']}`, wave(o)]),
  );
  test('each Ingress comes right after its backends', () => {
    expect(waves['Deployment/web-app']).toBe(2);
    expect(waves['Ingress/shop2']).toBe(3);
    expect(waves['Ingress/shop2-ws']).toBe(3);
  });
  test('what the entry path does not need comes after the Ingress, non-critical parts last', () => {
    expect(waves).toMatchObject({ 'Deployment/cache': 0, 'Deployment/db': 0, 'Job/migrate': 1, 'Deployment/worker': 4, 'Job/index': 4, 'Deployment/dashboard': 5 });
  });
  test("a claim shares its first consumer's wave", () => {
    expect(wave(findObject(objects, 'PersistentVolumeClaim', 'scratch'))).toBe(4);
  });
});

describe('steps under Argo CD', () => {
  test('a repeatable step is a Sync hook that says why; its gates give up within half its deadline', () => {
    const job = findNamed(objects, 'Job', 'migrate');
    expect(job.metadata.name).toBe('migrate');
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync', 'berth.dev/idempotent-because': 'migrations already applied are skipped' });
    const gates = podSpec(job).initContainers;
    expect(gates.map((g: { name: string }) => g.name)).toEqual(['wait-for-cache', 'wait-for-db']);
    for (const g of gates) expect(g.env.find((e: { name: string }) => e.name === 'GATE_TIMEOUT_SECONDS').value).toBe('30');
  });
  test('a run-once step is a plain Job named after the hash of its spec', () => {
    const job = findNamed(objects, 'Job', 'index');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBeUndefined();
    expect(job.metadata.annotations['berth.dev/spec-hash']).toBe(specHash(job.spec));
    expect(job.metadata.name).toBe(`index-${specHash(job.spec)}`);
    const changed = objectsOf({ ...withScratch, services: { ...withScratch.services, index: { ...withScratch.services.index, image: 'example/app:1.0.1' } } });
    expect(findNamed(changed, 'Job', 'index').metadata.name).not.toBe(job.metadata.name);
  });
});

describe('what the containers run', () => {
  test('compose command is args (the image ENTRYPOINT runs), compose entrypoint is command', () => {
    expect(mainContainer(findObject(objects, 'Deployment', 'worker'))).toMatchObject({ args: ['worker', '--concurrency', '2'] });
    expect(mainContainer(findObject(objects, 'Deployment', 'worker')).command).toBeUndefined();
    const s = system({ id: 'ep', services: { ...base.services, cache: { ...base.services.cache, entrypoint: ['sh', '-c'], command: ['exec redis-server'] } } });
    expect(mainContainer(findObject(objectsOf(s), 'Deployment', 'cache'))).toMatchObject({ command: ['sh', '-c'], args: ['exec redis-server'] });
  });
  test('an env file reaches its consumer whole, through an ExternalSecret that extracts one key', () => {
    expect(mainContainer(findObject(objects, 'Deployment', 'worker')).envFrom).toEqual([{ secretRef: { name: 'settings' } }]);
    expect(findObject(objects, 'ExternalSecret', 'settings').spec.dataFrom).toEqual([{ extract: { key: 'shop/dev/env' } }]);
  });
});

describe('network paths', () => {
  test("the ingress controller may reach cert-manager's HTTP-01 solver on 8089, and nothing else is opened for it", () => {
    const solver = findObject(objects, 'NetworkPolicy', 'allow-acme-http01-solver').spec;
    expect(solver).toEqual({
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } },
          ],
          ports: [{ port: 8089, protocol: 'TCP' }],
        },
      ],
    });
    const dns01 = system({ ...withScratch, id: 'dns', environments: { dev: { ...withScratch.environments.dev, acmeChallenge: 'dns01' } } });
    expect(objectsOf(dns01).some((o) => o.metadata.name === 'allow-acme-http01-solver')).toBe(false);
  });
  test("internet egress excepts the cluster's own ranges", () => {
    const rule = findObject(objects, 'NetworkPolicy', 'index').spec.egress.find((r: { to: { ipBlock?: unknown }[] }) => r.to[0].ipBlock);
    expect(rule).toEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });
  test('a port closed to the cluster (reachableFrom: []) is left out of every peer rule', () => {
    const s = system({
      id: 'console',
      services: {
        ...base.services,
        cache: {
          ...base.services.cache,
          ports: [
            { name: 'redis', port: 6379 },
            { name: 'admin', port: 9001, reachableFrom: [] },
          ],
        },
      },
    });
    const o = objectsOf(s);
    expect(findObject(o, 'NetworkPolicy', 'cache').spec.ingress[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
    expect(findObject(o, 'NetworkPolicy', 'web-app').spec.egress[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
  });
});

describe("the environment's own cluster networks reach dist/ and validation", () => {
  test('internet egress is judged against the ranges the namespace names, not a fixed list', () => {
    const networks = ['100.64.0.0/10', '10.96.0.0/12'];
    const custom: System = { ...withScratch, id: 'cgnat', environments: { dev: { ...withScratch.environments.dev, clusterNetworks: networks } } };
    const files = synthesize([custom], delivery).files.filter((f) => f.path.startsWith('cgnat/'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cidrs-'));
    try {
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.content);
      }
      expect(findObject(objectsOf(custom), 'Namespace', 'cgnat-dev').metadata.annotations['berth.dev/cluster-cidrs']).toBe(networks.join(','));
      expect(checkRuntime(loadManifests(dir)).filter((f) => f.message.endsWith('[internet-egress]'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
