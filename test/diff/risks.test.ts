import { parseAllDocuments } from 'yaml';
import { systems } from '../../charts';
import { compareTrees } from '../../lib/diff/compare';
import { type RiskClass, risksOf, storageBytes } from '../../lib/diff/risks';
import { base, classes, plant, risks, tree, withChart } from './plant';

/* eslint-disable @typescript-eslint/no-explicit-any -- planted changes edit objects as YAML gives them */

const PROD = 'marketnavigator/prod';

describe('berth diff: each class of risky change, planted', () => {
  test('nothing changed: no risk and no directory', () => {
    expect(compareTrees(base, tree())).toEqual([]);
  });

  test('a harmless change is listed with its fields and needs nobody', () => {
    const head = plant(`${PROD}/backend.yaml`, 'ConfigMap/backend-config', (o) => ({ ...o, data: { ...o.data, MINIO_BUCKET_NAME: 'other' } }));
    const [diff] = compareTrees(base, head);
    expect(diff.changed.map((c) => [c.key, c.fields])).toEqual([['ConfigMap marketnavigator-prod/backend-config (v1)', ['data.MINIO_BUCKET_NAME']]]);
    expect(risksOf(diff)).toEqual([]);
  });

  test('a renamed volume: data loss, first, naming the claim left behind and the empty one', () => {
    const renamed = withChart((s) => ({
      ...s,
      volumes: Object.fromEntries(Object.entries(s.volumes!).map(([k, v]) => [k === 'minio_data' ? 'minio_storage' : k, v])),
      services: { ...s.services, minio: { ...s.services.minio, mounts: [{ volume: 'minio_storage', path: '/data' }] } },
    }));
    const found = risks(tree(renamed)).filter((r) => r.dir === PROD);
    expect(found[0]).toMatchObject({ risk: 'data-loss', object: 'PersistentVolumeClaim minio-data' });
    expect(found[0].message).toMatch(
      /^claim renamed to minio-storage: minio will mount minio-storage, which starts EMPTY; the data \(50Gi of data, backup CRITICAL\) stays behind in minio-data/,
    );
  });

  test('a claim removed or shrunk', () => {
    const removed = plant(`${PROD}/redis-data.yaml`, 'PersistentVolumeClaim/redis-data', () => null);
    expect(risks(removed).map((r) => r.risk)).toEqual(['data-loss']);
    expect(risks(removed)[0].message).toMatch(/^claim removed: the data \(5Gi of data, backup HIGH\) stays behind in redis-data/);
    const shrunk = plant(`${PROD}/redis-data.yaml`, 'PersistentVolumeClaim/redis-data', (o) => ({ ...o, spec: { ...o.spec, resources: { requests: { storage: '4096Mi' } } } }));
    expect(risks(shrunk).map((r) => r.risk)).toEqual(['data-loss']);
    const grown = plant(`${PROD}/redis-data.yaml`, 'PersistentVolumeClaim/redis-data', (o) => ({ ...o, spec: { ...o.spec, resources: { requests: { storage: '6Gi' } } } }));
    expect(risks(grown)).toEqual([]);
  });

  test('a namespace renamed (everything in it moves) or removed', () => {
    const moved = withChart((s) => ({ ...s, environments: { ...s.environments, prod: { ...s.environments.prod, namespace: 'market-prod' } } }));
    const found = risks(tree(moved)).filter((r) => r.risk === 'namespace-removed');
    expect(found.map((r) => r.object)).toEqual(['Namespace marketnavigator-prod']);
    expect(found[0].message).toContain('Renamed to market-prod? Everything starts empty there.');
    const removedApp = plant('argocd/apps/marketnavigator-prod.yaml', 'Application/marketnavigator-prod', () => null);
    expect(classes(removedApp)).toEqual(['namespace-removed']);
    expect(risks(removedApp)[0].message).toMatch(/^Application removed: its objects keep running, unmanaged \(no resources-finalizer\)/);
  });

  test('an Application with the resources-finalizer removed: everything it deployed goes', () => {
    const file = 'argocd/apps/marketnavigator-prod.yaml';
    const cascading = plant(file, 'Application/marketnavigator-prod', (o) => ({ ...o, metadata: { ...o.metadata, finalizers: ['resources-finalizer.argocd.argoproj.io'] } }));
    const removed = plant(file, 'Application/marketnavigator-prod', () => null);
    expect(risks(removed, cascading).map((r) => r.message)).toEqual([
      'Application removed: Argo CD deletes every object it deployed (resources-finalizer), except those marked Delete=false',
    ]);
  });

  test('a protected object losing its protection', () => {
    const head = plant(`${PROD}/minio-data.yaml`, 'PersistentVolumeClaim/minio-data', (o) => {
      delete o.metadata.annotations['argocd.argoproj.io/sync-options'];
      return o;
    });
    expect(risks(head).map((r) => [r.risk, r.message])).toEqual([
      ['protection-lost', 'Prune=false, Delete=false removed from argocd.argoproj.io/sync-options: Argo CD may now prune or delete it'],
    ]);
  });

  test.each([
    [
      'a selector',
      'backend.yaml',
      'Deployment/backend',
      (o: any) => ({ ...o, spec: { ...o.spec, selector: { matchLabels: { ...o.spec.selector.matchLabels, tier: 'api' } } } }),
      'spec.selector.matchLabels.tier',
    ],
    [
      'a claim storage class',
      'minio-data.yaml',
      'PersistentVolumeClaim/minio-data',
      (o: any) => ({ ...o, spec: { ...o.spec, storageClassName: 'fast' } }),
      'spec.storageClassName',
    ],
    [
      'a claim access mode',
      'minio-data.yaml',
      'PersistentVolumeClaim/minio-data',
      (o: any) => ({ ...o, spec: { ...o.spec, accessModes: ['ReadWriteMany'] } }),
      'spec.accessModes[0]',
    ],
  ])('an immutable field: %s', (_, file, object, mutate, field) => {
    const found = risks(plant(`${PROD}/${file}`, object, mutate));
    expect(found.map((r) => r.risk)).toEqual(['immutable-field']);
    expect(found[0].message).toContain(`${field} changed: the API server refuses it`);
  });

  test("a Job's template is immutable, unless Argo CD recreates the Job as a hook", () => {
    const jobFile = 'marcus-ecommerce/prod/build-ai-index.yaml';
    const job = parseAllDocuments(base.get(jobFile)!)
      .map((d) => d.toJS())
      .find((d) => d.kind === 'Job');
    const plain = plant(jobFile, `Job/${job.metadata.name}`, (o) => {
      o.spec.template.spec.containers[0].args = ['changed'];
      return o;
    });
    expect(classes(plain)).toEqual(['immutable-field']);
    const hook = plant(`${PROD}/minio-init.yaml`, 'Job/minio-init', (o) => {
      o.spec.template.spec.containers[0].args = ['changed'];
      return o;
    });
    expect(risks(hook)).toEqual([]);
  });

  test.each([
    ['a writable root filesystem', (c: any) => (c.securityContext.readOnlyRootFilesystem = false), 'container backend: root filesystem writable'],
    ['privilege escalation', (c: any) => (c.securityContext.allowPrivilegeEscalation = true), 'container backend: allowPrivilegeEscalation not false'],
    ['an added capability', (c: any) => (c.securityContext.capabilities.add = ['NET_ADMIN']), 'container backend: adds capabilities NET_ADMIN'],
    ['root', (c: any) => (c.securityContext.runAsUser = 0), 'container backend: runs as root (runAsUser 0)'],
  ])("a workload's security context loosened: %s", (_, loosen, message) => {
    const head = plant(`${PROD}/backend.yaml`, 'Deployment/backend', (o) => {
      loosen(o.spec.template.spec.containers[0]);
      return o;
    });
    expect(risks(head).map((r) => [r.risk, r.message])).toEqual([['security-loosened', message]]);
  });

  test("a namespace's Pod Security enforcement loosened, and the host network", () => {
    const ns = plant(`${PROD}/marketnavigator-prod.yaml`, 'Namespace/marketnavigator-prod', (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'pod-security.kubernetes.io/enforce': 'privileged' } },
    }));
    expect(risks(ns).map((r) => r.message)).toEqual(['Pod Security enforcement restricted → privileged']);
    const host = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => ({
      ...o,
      spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, hostNetwork: true } } },
    }));
    expect(risks(host).map((r) => r.message)).toEqual(['hostNetwork: true']);
  });

  test('a NetworkPolicy path added', () => {
    const head = plant(`${PROD}/redis.yaml`, 'NetworkPolicy/redis', (o) => ({
      ...o,
      spec: { ...o.spec, ingress: [...o.spec.ingress, { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } } }], ports: [{ port: 6379 }] }] },
    }));
    expect(risks(head)).toEqual([]); // frontend's own egress still stops it: no new path
    const both = new Map(head);
    const frontendEgress = plant(`${PROD}/frontend.yaml`, 'NetworkPolicy/frontend', (o) => ({
      ...o,
      spec: { ...o.spec, egress: [...o.spec.egress, { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }], ports: [{ port: 6379, protocol: 'TCP' }] }] },
    }));
    both.set(`${PROD}/frontend.yaml`, frontendEgress.get(`${PROD}/frontend.yaml`)!);
    expect(risks(both).map((r) => [r.risk, r.message])).toEqual([['network-path-added', 'NetworkPolicies now allow frontend → redis 6379/TCP']]);
    const open = plant(`${PROD}/redis.yaml`, 'NetworkPolicy/redis', (o) => ({ ...o, spec: { ...o.spec, ingress: [{}] } }));
    expect(risks(open).map((r) => r.message)).toContain('NetworkPolicies now allow anywhere → redis 6379/TCP');
  });

  test('an image changed, or unpinned', () => {
    const image = (to: string) =>
      plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => {
        o.spec.template.spec.containers[0].image = to;
        return o;
      });
    expect(risks(image('redis:7.4.1-alpine')).map((r) => [r.risk, r.message])).toEqual([['image-changed', 'container redis: redis:7.2.16-alpine → redis:7.4.1-alpine']]);
    expect(classes(image('redis'))).toEqual(['image-unpinned', 'image-changed']);
    expect(classes(image('redis:latest'))).toEqual(['image-unpinned', 'image-changed']);
    // An unpinned image already committed is not held against an unrelated change in its directory.
    const unpinned = image('redis');
    const later = new Map(unpinned);
    const file = `${PROD}/backend.yaml`;
    later.set(file, unpinned.get(file)!.replace('MINIO_BUCKET_NAME: marketnavigator', 'MINIO_BUCKET_NAME: other'));
    expect(later.get(file)).not.toBe(unpinned.get(file));
    expect(risks(later, unpinned)).toEqual([]);
  });

  test('an image changed in a Job that runs once per change, whose name follows its spec', () => {
    const changed = systems.map((s) =>
      s.id === 'marcus-ecommerce' ? { ...s, services: { ...s.services, build_ai_index: { ...s.services.build_ai_index, image: nextImage(s.services.build_ai_index.image) } } } : s,
    );
    expect(
      risks(tree(changed))
        .filter((r) => r.dir === 'marcus-ecommerce/prod')
        .map((r) => r.risk),
    ).toEqual(['image-changed']);
  });

  test('storage quantities compare across units', () => {
    expect([storageBytes('5Gi'), storageBytes('5120Mi'), storageBytes('1k'), storageBytes('2'), storageBytes('x')]).toEqual([5 * 2 ** 30, 5 * 2 ** 30, 1000, 2, undefined]);
  });
});

test('every risk class has a planted test above', () => {
  const planted: RiskClass[] = [
    'data-loss',
    'namespace-removed',
    'protection-lost',
    'immutable-field',
    'security-loosened',
    'network-path-added',
    'image-unpinned',
    'image-changed',
  ];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(Object.keys(require('../../lib/diff/risks').RISK_CLASSES).sort()).toEqual([...planted].sort());
});

/** Another image: a pinned one gets another tag; a built one (a repository) is pinned to a tag of its own. */
function nextImage(image: string | { readonly repository: string }): string {
  return typeof image === 'string' ? `${image}-next` : `${image.repository}:9.9.9`;
}
