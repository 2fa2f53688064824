import { findObject, synthObjects } from '../helpers';

const all = synthObjects();
const workloads = all.filter((o) => ['Deployment', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind));

describe('external secrets', () => {
  test('no Secret object anywhere in the output', () => {
    expect(all.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('every secretKeyRef, gates included, is backed by an ExternalSecret in the same namespace that provides the key', () => {
    let refs = 0;
    for (const w of workloads) {
      const spec = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          refs++;
          const es = all.find((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === w.metadata.namespace && o.spec.target.name === ref.name);
          expect([w.metadata.name, ref.name, es?.spec.data.map((d: { secretKey: string }) => d.secretKey)]).toEqual([w.metadata.name, ref.name, expect.arrayContaining([ref.key])]);
        }
      }
    }
    expect(refs).toBeGreaterThan(50);
  });

  test("the store is the environment's, the keys are per environment, and the Secret is owned by the ExternalSecret", () => {
    const dev = findObject(
      all.filter((o) => o.path.startsWith('marketnavigator/dev/')),
      'ExternalSecret',
      'postgres-credentials',
    );
    const prod = findObject(
      all.filter((o) => o.path.startsWith('marketnavigator/prod/')),
      'ExternalSecret',
      'postgres-credentials',
    );
    expect(dev.apiVersion).toBe('external-secrets.io/v1');
    expect(dev.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'berth-dev' });
    expect(prod.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'berth-prod' });
    expect(prod.spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'marketnavigator/prod/postgres', property: 'password' } },
      { secretKey: 'username', remoteRef: { key: 'marketnavigator/prod/postgres', property: 'username' } },
    ]);
    expect(prod.spec.target).toEqual({ name: 'postgres-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
  });
});
