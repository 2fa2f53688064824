import { systems } from '../../charts';
import { findObject, type Obj, synthObjects } from '../helpers';

const all = synthObjects();
const argocd = all.filter((o) => o.path.startsWith('argocd/'));
const wave = (o: Obj) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

/** Every system × environment the charts describe. */
const DEPLOYMENTS = systems.flatMap((s) => Object.keys(s.environments).map((env) => `${s.id}-${env}`)).sort();

describe('Argo CD delivery', () => {
  test('the root app-of-apps is the one file at the top of dist/argocd, and syncs apps/', () => {
    const root = findObject(argocd, 'Application', 'berth-root');
    expect(root.path).toBe('argocd/berth-root.yaml');
    expect(root.spec.source).toEqual({ repoURL: 'https://github.com/kareone/berth-gitops.git', targetRevision: 'main', path: 'dist/argocd/apps' });
    expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('one Application per system and environment, pointing at its dist path and namespace', () => {
    const apps = argocd.filter((o) => o.kind === 'Application' && o.path.startsWith('argocd/apps/') && o.metadata.name !== 'berth-cluster');
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(DEPLOYMENTS);
    const mn = findObject(argocd, 'Application', 'marketnavigator-prod');
    expect(mn.spec.source.path).toBe('dist/marketnavigator/prod');
    expect(mn.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'marketnavigator-prod' });
    expect(mn.spec.project).toBe('berth');
    expect(mn.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    for (const app of apps) expect(all.some((o) => o.path.startsWith(`${app.spec.source.path.replace('dist/', '')}/`))).toBe(true);
  });

  test('the AppProject allows exactly the namespaces berth deploys to, and only the cluster kinds it emits', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    const namespaces = [...new Set(all.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name))].sort();
    expect(project.spec.destinations.map((d: { namespace: string }) => d.namespace).sort()).toEqual(['berth-cluster', ...namespaces].sort());
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
    ]);
  });

  test('sync waves follow the dependency graph: stores first, consumers after, ingress last', () => {
    const mn = all.filter((o) => o.path.startsWith('marketnavigator/prod/'));
    const w = (kind: string, name: string) => wave(findObject(mn, kind, name));
    expect(w('Namespace', 'marketnavigator-prod')).toBe(-2);
    expect(w('ExternalSecret', 'postgres-credentials')).toBe(-1);
    expect([w('Deployment', 'redis'), w('Deployment', 'minio')]).toEqual([0, 0]);
    expect(w('Deployment', 'backend')).toBeGreaterThan(w('Deployment', 'redis'));
    expect(w('Deployment', 'frontend')).toBeGreaterThan(w('Deployment', 'backend'));
    expect(w('Ingress', 'marketnavigator')).toBeGreaterThan(w('Deployment', 'frontend'));
  });

  test("a claim shares its first consumer's wave, never an earlier one", () => {
    for (const claim of all.filter((o) => o.kind === 'PersistentVolumeClaim')) {
      const dir = claim.path.slice(0, claim.path.lastIndexOf('/') + 1);
      const consumers = all.filter(
        (o) =>
          o.path.startsWith(dir) &&
          ['Deployment', 'Job', 'DaemonSet'].includes(o.kind) &&
          (o.spec.template.spec.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
      );
      expect(consumers.length).toBeGreaterThan(0);
      expect([claim.path, wave(claim)]).toEqual([claim.path, Math.min(...consumers.map(wave))]);
    }
  });

  test('PriorityClasses live in dist/cluster, synced by berth-cluster before the systems', () => {
    expect(all.filter((o) => o.kind === 'PriorityClass').map((o) => `${o.path} ${o.metadata.name} ${o.value}`)).toEqual([
      'cluster/berth-critical.yaml berth-critical 100000',
      'cluster/berth-important.yaml berth-important 10000',
      'cluster/berth-non-critical.yaml berth-non-critical 1000',
    ]);
    expect(findObject(argocd, 'Application', 'berth-cluster').spec.source.path).toBe('dist/cluster');
    // Berth's tiers order scheduling and eviction but never evict the platform (ingress controller, Argo CD).
    for (const pc of all.filter((o) => o.kind === 'PriorityClass')) expect(pc.preemptionPolicy).toBe('Never');
  });

  test('every Application names a destination namespace its project allows (an empty one matches none)', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    for (const app of argocd.filter((o) => o.kind === 'Application' && o.spec.project === 'berth')) {
      const allowed = project.spec.destinations.some(
        (d: { server: string; namespace: string }) => d.server === app.spec.destination.server && d.namespace === app.spec.destination.namespace,
      );
      expect([app.metadata.name, allowed]).toEqual([app.metadata.name, true]);
    }
  });
});
