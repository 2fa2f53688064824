/* eslint-disable @typescript-eslint/no-explicit-any */
import { delivery, systems } from '../../charts';
import type { LoadedObject } from '../../lib/validate/manifests';
import { parseManifests } from '../../lib/validate/manifests';
import { applicationSetAutomated, argocdCascade, argocdProject } from '../../lib/validate/runtime';
import { isAdminProject } from '../../lib/validate/rules-argocd';
import { synthesize } from '../../lib/synthesize';
import { lines } from './runtime-fixtures';

const SERVER = 'https://kubernetes.default.svc';
const REPO = 'https://example.com/gitops.git';

/** An Argo CD object as `npm run validate` reads it from `file`. */
function argo(kind: string, name: string, file: string, spec: Record<string, any>, metadata: Record<string, any> = {}): LoadedObject {
  const body = { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name, namespace: 'argocd', ...metadata }, spec };
  return { file, apiVersion: body.apiVersion, kind, name, namespace: 'argocd', body };
}

const KEEP = { annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false' } };
const ROOT_KINDS = ['Application', 'AppProject', 'ApplicationSet'].map((kind) => ({ group: 'argoproj.io', kind }));
const rootProject = (file = 'dist/argocd/root.yaml') =>
  argo('AppProject', 'root', file, { sourceRepos: [REPO], destinations: [{ server: SERVER, namespace: 'argocd' }], namespaceResourceWhitelist: ROOT_KINDS });
const root = (project = 'root', syncOptions = ['PruneLast=true', 'PrunePropagationPolicy=orphan']) =>
  argo('Application', 'root', 'dist/argocd/root.yaml', {
    project,
    source: { repoURL: REPO, path: 'dist/argocd/apps' },
    destination: { server: SERVER, namespace: 'argocd' },
    syncPolicy: { automated: { prune: true }, syncOptions },
  });
const teamProject = (cluster: any[] = [{ group: '', kind: 'Namespace', name: 'shop-prod' }]) =>
  argo(
    'AppProject',
    'team',
    'dist/argocd/apps/team.yaml',
    {
      sourceRepos: [REPO],
      destinations: [{ server: SERVER, namespace: 'shop-prod' }],
      clusterResourceWhitelist: cluster,
      namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
    },
    KEEP,
  );
const child = (name: string, metadata: Record<string, any> = KEEP, project = 'team') =>
  argo(
    'Application',
    name,
    `dist/argocd/apps/${name}.yaml`,
    { project, source: { repoURL: REPO, path: `dist/${name}` }, destination: { server: SERVER, namespace: 'shop-prod' } },
    metadata,
  );

/** berth's own output, in both delivery modes, as `npm run validate` reads it. */
const output = (mode: 'applications' | 'applicationset') =>
  synthesize(systems, { ...delivery, mode })
    .files.filter((f) => f.path.endsWith('.yaml'))
    .flatMap((f) => parseManifests(f.content, f.path));

describe('[argocd-project] Argo CD objects in least-privilege projects', () => {
  test("berth's output passes, in both delivery modes", () => {
    for (const mode of ['applications', 'applicationset'] as const) expect(lines(argocdProject(output(mode)))).toEqual([]);
  });

  test('an Application in default, or in none, is reported', () => {
    expect(lines(argocdProject([root('default'), child('shop', KEEP, '')]))).toEqual([
      `Application/root: spec.project: project "default": hardened installations lock default down (Argo CD's projects guide), and an open default allows every repository, cluster and kind; name a project that allows what it deploys [argocd-project]`,
      `Application/shop: spec.project: no project: hardened installations lock default down (Argo CD's projects guide), and an open default allows every repository, cluster and kind; name a project that allows what it deploys [argocd-project]`,
    ]);
  });

  test('an admin-level project only for the root: not in what the root syncs, and not used by what it syncs', () => {
    const synced = rootProject('dist/argocd/apps/root.yaml');
    expect(lines(argocdProject([root(), synced, child('shop', KEEP, 'root')]))).toEqual([
      `Application/shop: spec.project: project "root" reaches Argo CD's namespace with Argo CD's kinds (admin-level), and Application shop comes from git through Application root: a commit could make it create Applications in any project or rewrite any project; use a project confined to the namespaces it deploys [argocd-project]`,
      `AppProject/root: spec.namespaceResourceWhitelist: AppProject root reaches Argo CD's namespace argocd with Argo CD's kinds (admin-level), and Application root syncs it from git: a commit there can widen it; apply it by hand with the root app, outside what the root syncs [argocd-project]`,
    ]);
    expect(argocdProject([root(), rootProject(), teamProject(), child('shop')])).toEqual([]);
  });

  test('a project is admin-level when it reaches its own namespace with Argo CD kinds; no whitelist allows every kind', () => {
    const project = (destinations: any[], whitelist?: any[]) =>
      argo('AppProject', 'p', 'p.yaml', { destinations, ...(whitelist ? { namespaceResourceWhitelist: whitelist } : {}) });
    expect(isAdminProject(project([{ server: SERVER, namespace: 'argo*' }]))).toBe(true);
    expect(isAdminProject(project([{ server: SERVER, namespace: '*' }], [{ group: '*', kind: '*' }]))).toBe(true);
    expect(isAdminProject(project([{ server: SERVER, namespace: 'argocd' }], [{ group: 'apps', kind: 'Deployment' }]))).toBe(false);
    expect(isAdminProject(project([{ server: SERVER, namespace: 'shop-*' }]))).toBe(false);
  });

  test('a cluster-scoped kind allowed under any name is reported; by name it passes', () => {
    const unnamed = teamProject([
      { group: '', kind: 'Namespace' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass', name: '*' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass', name: 'team-*' },
    ]);
    expect(argocdProject([unnamed]).map((f) => `${f.field}: ${f.message.split(', and')[0]}`)).toEqual([
      'spec.clusterResourceWhitelist[0]: allows every Namespace (group "") by any name',
      'spec.clusterResourceWhitelist[1]: allows every PriorityClass (group "scheduling.k8s.io") by any name',
    ]);
    expect(argocdProject([unnamed])[0].message).toContain('an Application could adopt kube-system, and delete it with itself');
  });
});

describe('[argocd-cascade] deleting or pruning an Argo CD object deletes no workload by surprise', () => {
  test("berth's output passes, in both delivery modes", () => {
    for (const mode of ['applications', 'applicationset'] as const) expect(lines(argocdCascade(output(mode)))).toEqual([]);
  });

  test('an Application the root syncs with the resources-finalizer, or without Delete=false, is reported', () => {
    const found = argocdCascade([root(), rootProject(), child('shop', { finalizers: ['resources-finalizer.argocd.argoproj.io/background'] }), teamProject()]);
    expect(found.map((f) => `${f.object}: ${f.field}`)).toEqual([
      'Application/shop: metadata.finalizers',
      'Application/shop: metadata.annotations["argocd.argoproj.io/sync-options"]',
    ]);
    expect(found[0].message).toContain('every object it deployed is then deleted, and a finalizer removed by hand comes back with self-heal');
    // The root itself, applied by hand, is synced by nothing.
    expect(argocdCascade([root(), rootProject(), child('shop'), teamProject()])).toEqual([]);
  });

  test('the same directory read from the repository root, from inside dist/, or from anywhere else', () => {
    const at = (file: string) => ({ ...child('shop', {}), file });
    for (const file of ['dist/argocd/apps/shop.yaml', 'argocd/apps/shop.yaml', '/tmp/x/dist/argocd/apps/shop.yaml'])
      expect([file, argocdCascade([root(), at(file)]).length]).toEqual([file, 1]);
    for (const file of ['argocd/shop.yaml', 'dist/argocd/apps/more/shop.yaml', 'apps/elsewhere/shop.yaml'])
      expect([file, argocdCascade([root(), at(file)]).length]).toEqual([file, 0]);
  });

  test('an ApplicationSet that lets its Applications cascade, or that its parent prunes without orphaning them, is reported', () => {
    const set = (spec: Record<string, any>, metadata: Record<string, any> = KEEP) =>
      argo(
        'ApplicationSet',
        'systems',
        'dist/argocd/apps/systems.yaml',
        { generators: [], template: { metadata: { name: '{{.path.basename}}' }, spec: { project: 'team' } }, ...spec },
        metadata,
      );
    expect(argocdCascade([root(), set({ syncPolicy: { preserveResourcesOnDeletion: true } })])).toEqual([]);
    expect(argocdCascade([root(), set({})]).map((f) => `${f.object}: ${f.field}`)).toEqual(['ApplicationSet/systems: spec.syncPolicy.preserveResourcesOnDeletion']);
    const listed = set({
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: { metadata: { finalizers: ['resources-finalizer.argocd.argoproj.io'] }, spec: { project: 'team' } },
    });
    expect(argocdCascade([root(), listed]).map((f) => `${f.object}: ${f.field}`)).toEqual(['ApplicationSet/systems: spec.template.metadata.finalizers']);
    expect(argocdCascade([root('root', ['PruneLast=true']), set({ syncPolicy: { preserveResourcesOnDeletion: true } })]).map((f) => `${f.object}: ${f.field}`)).toEqual([
      'Application/root: spec.syncPolicy.syncOptions',
    ]);
  });
});

describe('[applicationset-automated] an ApplicationSet syncs by itself only the directories it names', () => {
  const set = (generators: any[], automated = false) =>
    argo('ApplicationSet', 'systems', 'dist/argocd/apps/systems.yaml', {
      generators,
      template: { metadata: {}, spec: { project: 'team', ...(automated ? { syncPolicy: { automated: { prune: true } } } : {}) } },
    });
  const git = (directories: any[], automated?: boolean) => ({
    git: {
      repoURL: REPO,
      directories,
      ...(automated === undefined ? {} : { template: { spec: { project: 'team', syncPolicy: automated ? { automated: { prune: true } } : {} } } }),
    },
  });

  test("berth's output passes", () => {
    expect(lines(applicationSetAutomated(output('applicationset')))).toEqual([]);
  });

  test('an automated generator over a pattern is reported; names, excludes and manual generators pass', () => {
    const found = applicationSetAutomated([
      set([git([{ path: 'dist/*/*' }, { path: 'dist/argocd/*', exclude: true }, { path: 'dist/shop/dev' }], true), git([{ path: 'dist/*/*' }], false)]),
    ]);
    expect(lines(found)).toEqual([
      'ApplicationSet/systems: spec.generators[0].git.directories[0].path: "dist/*/*" is a pattern, and this generator syncs automatically (prune, self-heal): any directory that matches deploys itself, one added by hand included; name the directories that may, and generate the rest without syncPolicy.automated [applicationset-automated]',
    ]);
    // Automated by the ApplicationSet's own template, a pattern is reported too.
    expect(applicationSetAutomated([set([git([{ path: 'apps/?' }])], true)]).map((f) => f.field)).toEqual(['spec.generators[0].git.directories[0].path']);
  });
});
