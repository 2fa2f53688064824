import { systems } from '../../charts';
import { clusterId } from '../../lib/model/destinations';
import { resolveSystem } from '../../lib/model/resolve';
import { releaseComplete } from '../../lib/model/resolved';
import { SchemaValidator } from '../../lib/validate/schema';
import { findObject, loadedObject, type Obj, synthObjects } from '../helpers';

const all = synthObjects();
const argocd = all.filter((o) => o.path.startsWith('argocd/'));
const inClusters = all.filter((o) => !o.path.startsWith('argocd/'));
const wave = (o: Obj) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const clusterApps = argocd.filter((o) => o.kind === 'Application' && o.metadata.name.startsWith('berth-cluster-'));
const systemApps = argocd.filter((o) => o.kind === 'Application' && o.path.startsWith('argocd/apps/') && !clusterApps.includes(o));

/** Every system × environment the charts describe, resolved. */
const DEPLOYMENTS = systems.flatMap((s) => Object.keys(s.environments).map((env) => resolveSystem(s, env)));

describe('Argo CD delivery', () => {
  test('the root app-of-apps is the one file at the top of dist/argocd, and syncs apps/', () => {
    const root = findObject(argocd, 'Application', 'berth-root');
    expect(root.path).toBe('argocd/berth-root.yaml');
    expect(root.spec.source).toEqual({ repoURL: 'https://github.com/kareone/berth-gitops.git', targetRevision: 'main', path: 'dist/argocd/apps' });
    expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    // Pruning the ApplicationSet (a switch back to Applications) must not garbage-collect the Applications it made.
    expect(root.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'PrunePropagationPolicy=orphan']);
  });

  test('the root has a project of its own, applied by hand before it: Argo CD kinds in Argo CD namespace on its cluster, nothing else', () => {
    const root = findObject(argocd, 'Application', 'berth-root');
    const project = findObject(argocd, 'AppProject', root.spec.project);
    expect(root.spec.project).not.toBe('default');
    expect(project.path).toBe(root.path);
    // kubectl apply -f reads the file in order: the project exists before the root names it.
    expect(argocd.filter((o) => o.path === root.path).map((o) => o.kind)).toEqual(['AppProject', 'Application']);
    expect(project.spec).toEqual({
      description: expect.any(String),
      sourceRepos: [root.spec.source.repoURL],
      destinations: [root.spec.destination],
      namespaceResourceWhitelist: ['AppProject', 'Application', 'ApplicationSet'].map((kind) => ({ group: 'argoproj.io', kind })),
    });
    // Every object the root syncs is of a kind its project allows, in its destination namespace.
    for (const o of argocd.filter((x) => x.path.startsWith('argocd/apps/'))) {
      expect([o.kind, o.metadata.namespace]).toEqual([expect.stringMatching(/^(AppProject|Application|ApplicationSet)$/), root.spec.destination.namespace]);
    }
    // No system Application, and nothing the root syncs, uses the root's project.
    for (const o of argocd.filter((x) => x.path.startsWith('argocd/apps/'))) expect(o.spec.project ?? o.spec.template?.spec.project).not.toBe(root.spec.project);
  });

  test('deleting the root (cascading, as argocd app delete does by default) deletes nothing it synced: every such object is Delete=false', () => {
    for (const o of argocd.filter((x) => x.path.startsWith('argocd/apps/'))) {
      expect([o.kind, o.metadata.name, o.metadata.annotations?.['argocd.argoproj.io/sync-options']]).toEqual([o.kind, o.metadata.name, 'Delete=false']);
    }
  });

  test('one Application per system and environment, on its cluster, pointing at its dist path and namespace', () => {
    expect(systemApps.map((a) => a.metadata.name).sort()).toEqual(DEPLOYMENTS.map((d) => `${d.id}-${d.environment}`).sort());
    for (const d of DEPLOYMENTS) {
      const app = findObject(systemApps, 'Application', `${d.id}-${d.environment}`);
      expect(app.spec.source.path).toBe(`dist/${d.id}/${d.environment}`);
      expect(app.spec.destination).toEqual({ ...d.destination, namespace: d.namespace });
      expect(app.spec.project).toBe('berth');
      // Deleted by the root (a mode switch, a rename), it leaves its workloads running rather than deleting them.
      expect(app.metadata.finalizers).toBeUndefined();
      expect(all.some((o) => o.path.startsWith(`${d.id}/${d.environment}/`))).toBe(true);
    }
  });

  test('an Application syncs itself exactly when its release is complete; otherwise it says why it waits', () => {
    for (const d of DEPLOYMENTS) {
      const app = findObject(systemApps, 'Application', `${d.id}-${d.environment}`);
      expect([app.metadata.name, app.spec.syncPolicy.automated !== undefined]).toEqual([app.metadata.name, releaseComplete(d)]);
      const because = app.metadata.annotations?.['berth.dev/manual-sync-because'];
      expect([app.metadata.name, because]).toEqual([
        app.metadata.name,
        releaseComplete(d) ? undefined : `its release is not complete: berth release --check ${d.id} ${d.environment} lists what is missing`,
      ]);
      // Both keep the options and retries for the sync that does run.
      expect(app.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
    }
  });

  test('the AppProject allows on each cluster exactly the namespaces berth creates there, and the cluster app', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    const expected = [...new Map(DEPLOYMENTS.map((d) => [clusterId(d.destination), d.destination])).values()].map((cluster) => ({ ...cluster, namespace: 'berth-cluster' }));
    for (const d of DEPLOYMENTS) for (const ns of d.namespaces) expected.push({ ...d.destination, namespace: ns.name });
    const key = (x: object) => JSON.stringify(x, Object.keys(x).sort());
    expect(project.spec.destinations.map(key).sort()).toEqual(expected.map(key).sort());
    // Every Namespace berth writes is a destination on the cluster of its Application.
    for (const ns of inClusters.filter((o) => o.kind === 'Namespace')) {
      const d = DEPLOYMENTS.find((x) => ns.path.startsWith(`${x.id}/${x.environment}/`))!;
      expect(project.spec.destinations).toContainEqual({ ...d.destination, namespace: ns.metadata.name });
    }
  });

  test('the AppProject whitelists exactly the kinds berth writes into the clusters, by scope, and no wildcard', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    const kinds = (namespaced: boolean) =>
      [
        ...new Set(
          inClusters.filter((o) => (o.metadata.namespace !== undefined) === namespaced).map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`),
        ),
      ].sort();
    const listed = (list: { group: string; kind: string }[]) => [...new Set(list.map((k) => `${k.group}/${k.kind}`))].sort();
    expect(listed(project.spec.clusterResourceWhitelist)).toEqual(kinds(false));
    expect(listed(project.spec.clusterResourceWhitelist)).toEqual(['/Namespace', 'scheduling.k8s.io/PriorityClass']);
    expect(listed(project.spec.namespaceResourceWhitelist)).toEqual(kinds(true));
    expect(JSON.stringify(project.spec)).not.toContain('*');
    expect(project.spec.sourceRepos).toEqual(['https://github.com/kareone/berth-gitops.git']);
  });

  test('cluster-scoped objects are allowed by name, exactly those berth writes: no Application can adopt kube-system', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    const entry = (o: Obj) => ({ group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '', kind: o.kind, name: o.metadata.name });
    const key = (x: { group: string; kind: string; name: string }) => `${x.group}/${x.kind}/${x.name}`;
    const written = inClusters.filter((o) => o.metadata.namespace === undefined).map(entry);
    expect(project.spec.clusterResourceWhitelist.map(key).sort()).toEqual([...new Set(written.map(key))].sort());
    expect(project.spec.clusterResourceWhitelist.every((e: { name?: string }) => e.name !== undefined && e.name !== '' && !/[*?[]/.test(e.name))).toBe(true);
    expect(project.spec.clusterResourceWhitelist.map((e: { name: string }) => e.name)).not.toContain('kube-system');
  });

  test('the AppProject is valid against the strict AppProject CRD schema (unknown fields are errors)', () => {
    const schema = new SchemaValidator();
    const project = findObject(argocd, 'AppProject', 'berth');
    expect(schema.validate(loadedObject(project))).toEqual([]);
    expect(schema.validate(loadedObject(findObject(argocd, 'AppProject', 'berth-root')))).toEqual([]);
    // The check is strict: a misspelt whitelist is an error, not a field Argo CD ignores while allowing everything.
    const typo = { ...project, spec: { ...project.spec, namespaceResourceWhitelists: project.spec.namespaceResourceWhitelist } };
    expect(schema.validate(loadedObject(typo)).map((f) => f.field)).toContain('spec.namespaceResourceWhitelists');
    for (const app of argocd.filter((o) => o.kind === 'Application')) expect([app.metadata.name, schema.validate(loadedObject(app))]).toEqual([app.metadata.name, []]);
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

  test('PriorityClasses live in dist/cluster, synced to every destination cluster once, before its systems', () => {
    expect(all.filter((o) => o.kind === 'PriorityClass').map((o) => `${o.path} ${o.metadata.name} ${o.value}`)).toEqual([
      'cluster/berth-critical.yaml berth-critical 100000',
      'cluster/berth-important.yaml berth-important 10000',
      'cluster/berth-non-critical.yaml berth-non-critical 1000',
    ]);
    const clusters = [...new Set(DEPLOYMENTS.map((d) => clusterId(d.destination)))].sort();
    expect(clusterApps.map((a) => a.metadata.name).sort()).toEqual(clusters.map((c) => `berth-cluster-${c}`));
    for (const app of clusterApps) {
      expect(app.spec.source.path).toBe('dist/cluster');
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      for (const system of systemApps) expect(wave(app)).toBeLessThan(wave(system));
    }
    // Berth's tiers order scheduling and eviction but never evict the platform (ingress controller, Argo CD).
    for (const pc of all.filter((o) => o.kind === 'PriorityClass')) expect(pc.preemptionPolicy).toBe('Never');
  });

  test('every Application names a destination its project allows (an empty namespace matches none)', () => {
    const project = findObject(argocd, 'AppProject', 'berth');
    for (const app of argocd.filter((o) => o.kind === 'Application' && o.spec.project === 'berth')) {
      expect(project.spec.destinations).toContainEqual(app.spec.destination);
    }
  });
});
