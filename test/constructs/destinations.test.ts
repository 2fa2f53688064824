import { parseAllDocuments } from 'yaml';
import { delivery } from '../../charts';
import type { DeliverySettings } from '../../lib/constructs/delivery';
import type { System } from '../../lib/model/types';
import { synthesize } from '../../lib/synthesize';
import { argocdDestination } from '../../lib/validate/rules-cluster';
import { env, system } from '../fixtures';
import { findObject, loadedObject, type Obj } from '../helpers';

const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Two systems whose dev runs on Argo CD's own cluster and whose prod runs on the cluster named prod. */
const demo: System = { ...system(), environments: { dev: env, prod: { ...env, production: true, destination: { name: 'prod' } } } };
const shop: System = { ...demo, id: 'shop' };

function objects(systems: readonly System[], settings: DeliverySettings = delivery): Obj[] {
  return synthesize(systems, settings).files.flatMap((f) => parseAllDocuments(f.content).map((d) => ({ path: f.path, ...d.toJS() })));
}

describe('one cluster per environment', () => {
  const argocd = objects([demo, shop]).filter((o) => o.path.startsWith('argocd/'));
  const project = findObject(argocd, 'AppProject', 'berth');

  test("each Application goes to its environment's cluster", () => {
    expect(findObject(argocd, 'Application', 'demo-dev').spec.destination).toEqual({ server: IN_CLUSTER, namespace: 'demo-dev' });
    expect(findObject(argocd, 'Application', 'demo-prod').spec.destination).toEqual({ name: 'prod', namespace: 'demo-prod' });
  });

  test('the AppProject allows on each cluster exactly the namespaces berth creates there', () => {
    expect(project.spec.destinations).toEqual([
      { server: IN_CLUSTER, namespace: 'berth-cluster' },
      { name: 'prod', namespace: 'berth-cluster' },
      { server: IN_CLUSTER, namespace: 'demo-dev' },
      { name: 'prod', namespace: 'demo-prod' },
      { server: IN_CLUSTER, namespace: 'shop-dev' },
      { name: 'prod', namespace: 'shop-prod' },
    ]);
    const loaded = argocd.map(loadedObject);
    expect(argocdDestination(loaded)).toEqual([]);
  });

  test('the cluster-wide objects are synced once to each cluster, before its systems', () => {
    const apps = argocd.filter((o) => o.kind === 'Application' && o.metadata.name.startsWith('berth-cluster-'));
    expect(apps.map((a) => [a.metadata.name, a.spec.destination, a.spec.source.path, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['berth-cluster-in-cluster', { server: IN_CLUSTER, namespace: 'berth-cluster' }, 'dist/cluster', '-1'],
      ['berth-cluster-prod', { name: 'prod', namespace: 'berth-cluster' }, 'dist/cluster', '-1'],
    ]);
    for (const app of ['demo-dev', 'demo-prod']) expect(findObject(argocd, 'Application', app).metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();
  });

  test('one cluster named two ways (by name and by server) is a problem, so it never gets two cluster apps', () => {
    const other: System = { ...shop, environments: { dev: { ...env, destination: { name: 'in-cluster' } } } };
    expect(() => synthesize([demo, other], delivery)).toThrow(
      'environments.dev.destination: cluster in-cluster and server https://kubernetes.default.svc (demo/dev) are one cluster, in-cluster: name it one way everywhere',
    );
  });

  test('a destination that is no cluster is a problem', () => {
    const bad: System = { ...demo, environments: { dev: { ...env, destination: { server: 'kubernetes' } }, prod: { ...env, destination: { name: ' ' } } } };
    expect(() => synthesize([bad], delivery)).toThrow(
      [
        'environments.dev.destination.server: "kubernetes" is not an API server URL (https://host[:port])',
        "environments.prod.destination.name: name the cluster as it is registered in Argo CD (`argocd cluster list`; Argo CD's own is in-cluster)",
      ].join('\n  '),
    );
  });
});
