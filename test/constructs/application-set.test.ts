import { parseAllDocuments } from 'yaml';
import { delivery, systems } from '../../charts';
import type { DeliverySettings } from '../../lib/constructs/delivery';
import { DEFAULT_DESTINATION, clusterName } from '../../lib/model/destinations';
import type { ClusterDestination, System } from '../../lib/model/types';
import { synthesize } from '../../lib/synthesize';
import { SchemaValidator } from '../../lib/validate/schema';
import { env, system } from '../fixtures';
import { findObject, type Obj } from '../helpers';

const APPSET: DeliverySettings = { ...delivery, mode: 'applicationset' };

function objects(input: readonly System[], settings: DeliverySettings): Obj[] {
  return synthesize(input, settings)
    .files.filter((f) => f.path.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => ({ path: f.path, ...d.toJS() })));
}

/** Go's path.Match for the patterns berth writes: `*` is any run of characters other than `/`. */
const matches = (pattern: string, dir: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(dir);

/** The parameters berth's templates use, filled in as the ApplicationSet controller's Go templates would. */
function render(value: unknown, dir: string, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const segments = dir.split('/');
    return value
      .replace(/\{\{index \.values \(index \.path\.segments (\d)\)\}\}/g, (_m, n) => values[segments[Number(n)]])
      .replace(/\{\{index \.path\.segments (\d)\}\}/g, (_m, n) => segments[Number(n)])
      .replace(/\{\{\.path\.path\}\}/g, dir);
  }
  if (Array.isArray(value)) return value.map((v) => render(v, dir, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, dir, values)]));
  return value;
}

/** A generator's template over the ApplicationSet's, as Argo CD merges them (mergo: the generator's non-empty fields win). */
function merge(generator: unknown, main: unknown): unknown {
  const empty = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  if (empty(generator)) return main;
  if (typeof generator !== 'object' || generator === null || Array.isArray(generator) || typeof main !== 'object' || main === null) return generator;
  const keys = new Set([...Object.keys(generator), ...Object.keys(main)]);
  return Object.fromEntries([...keys].map((k) => [k, merge((generator as Record<string, unknown>)[k], (main as Record<string, unknown>)[k])]));
}

/**
 * The controller adds the resources-finalizer to an Application whose template lists no finalizer, unless
 * `syncPolicy.preserveResourcesOnDeletion` is set (argo-cd applicationset/utils/utils.go, RenderTemplateParams).
 */
function withFinalizer(app: Obj, appset: Obj): Obj {
  if ((app.metadata.finalizers ?? []).length > 0 || appset.spec.syncPolicy?.preserveResourcesOnDeletion === true) return app;
  return { ...app, metadata: { ...app.metadata, finalizers: ['resources-finalizer.argocd.argoproj.io'] } };
}

interface GitGenerator {
  git: { directories: { path: string; exclude?: boolean }[]; values: Record<string, string>; template?: unknown };
}

/** The Applications an ApplicationSet generates from the directories of a repository (exclude rules win over include rules). */
function expand(appset: Obj, directories: readonly string[]): Obj[] {
  return appset.spec.generators.flatMap((g: GitGenerator) => {
    const include = g.git.directories.filter((d) => !d.exclude).map((d) => d.path);
    const exclude = g.git.directories.filter((d) => d.exclude).map((d) => d.path);
    return directories
      .filter((dir) => include.some((p) => matches(p, dir)) && !exclude.some((p) => matches(p, dir)))
      .map((dir) => withFinalizer(render(merge(g.git.template, appset.spec.template), dir, g.git.values) as Obj, appset));
  });
}

/** The generator that catches every directory under dist/. */
const catchAll = (appset: Obj): GitGenerator['git'] => appset.spec.generators.find((g: GitGenerator) => g.git.directories.some((d) => d.path === 'dist/*/*')).git;

const directoriesOf = (all: readonly Obj[]) => [...new Set(all.map((o) => `dist/${o.path.slice(0, o.path.lastIndexOf('/'))}`))].filter((d) => d.split('/').length === 3);

/** What Argo CD compares: the cluster by its name, the rest as written. */
const comparable = (app: Obj) => ({
  metadata: { name: app.metadata.name, labels: app.metadata.labels, finalizers: app.metadata.finalizers, annotations: app.metadata.annotations },
  spec: { ...app.spec, destination: { cluster: clusterName(app.spec.destination as ClusterDestination), namespace: app.spec.destination.namespace } },
});

describe('delivery by ApplicationSet', () => {
  const byApps = objects(systems, delivery);
  const bySet = objects(systems, APPSET);
  const appset = findObject(bySet, 'ApplicationSet', 'berth-systems');

  test('one ApplicationSet replaces the Application of each system and environment; the rest of dist/ is the same', () => {
    const names = (all: Obj[]) => all.filter((o) => o.path.startsWith('argocd/')).map((o) => `${o.kind}/${o.metadata.name}`);
    const systemApps = names(byApps).filter((n) => !bySet.some((o) => `${o.kind}/${o.metadata.name}` === n));
    expect(systemApps.sort()).toEqual(systems.flatMap((s) => Object.keys(s.environments).map((e) => `Application/${s.id}-${e}`)).sort());
    expect(names(bySet).filter((n) => !names(byApps).includes(n))).toEqual(['ApplicationSet/berth-systems']);
    for (const o of bySet.filter((x) => !x.path.startsWith('argocd/'))) expect(byApps).toContainEqual(o);
  });

  /** A system whose every release is complete, beside the charts (whose seeds are not). */
  const ready: System = { ...system(), environments: { dev: env, prod: env } };

  test.each([
    ['the charts', systems],
    ['the charts and a system whose releases are complete', [...systems, ready]],
  ])('for %s, its git directory generators generate exactly the Applications the applications mode writes', (_what, input) => {
    const apps = objects(input, delivery);
    const generated = expand(findObject(objects(input, APPSET), 'ApplicationSet', 'berth-systems'), directoriesOf(apps));
    const written = apps.filter((o) => o.kind === 'Application' && o.path.startsWith('argocd/apps/') && !o.metadata.name.startsWith('berth-cluster-'));
    const key = (a: Obj) => a.metadata.name;
    expect(generated.map(key).sort()).toEqual(written.map(key).sort());
    for (const app of written) {
      const twin = generated.find((g) => key(g) === key(app))!;
      expect(comparable(twin)).toEqual(comparable({ ...app, metadata: { ...app.metadata } }));
    }
    expect(written.some((a) => a.spec.syncPolicy.automated !== undefined)).toBe(input.includes(ready));
  });

  test('each cluster comes from the environment, by its Argo CD name', () => {
    const git = catchAll(appset);
    expect(git.directories[0]).toEqual({ path: 'dist/*/*' });
    expect(git.directories[1]).toEqual({ path: 'dist/argocd/*', exclude: true });
    const expected = Object.fromEntries(systems.flatMap((s) => Object.entries(s.environments).map(([name, e]) => [name, clusterName(e.destination ?? DEFAULT_DESTINATION)])));
    expect(git.values).toEqual(expected);
    expect(appset.spec.template.spec.destination.name).toBe('{{index .values (index .path.segments 2)}}');
    expect(appset.spec.goTemplateOptions).toEqual(['missingkey=error']);
  });

  test('is valid against the strict ApplicationSet CRD schema', () => {
    const schema = new SchemaValidator();
    const { path, ...body } = appset;
    expect(schema.validate({ file: path, kind: body.kind, apiVersion: body.apiVersion, name: body.metadata.name, namespace: body.metadata.namespace, body })).toEqual([]);
  });

  test('only the directories listed by name, whose release is complete, sync automatically; any other directory is generated for a manual sync', () => {
    const ready: System = { ...system(), environments: { dev: env, prod: { ...env, destination: { name: 'prod' } } } };
    const set = findObject(objects([ready], APPSET), 'ApplicationSet', 'berth-systems');
    // dist/shop/dev: a directory committed by hand, or by a synth that did not rewrite the ApplicationSet.
    const generated = expand(set, ['dist/demo/dev', 'dist/demo/prod', 'dist/shop/dev', 'dist/argocd/apps']);
    expect(generated.map((a) => [a.metadata.name, a.spec.destination, a.spec.syncPolicy.automated, a.metadata.annotations['berth.dev/manual-sync-because'] !== undefined])).toEqual(
      [
        ['demo-dev', { name: 'in-cluster', namespace: 'demo-dev' }, { prune: true, selfHeal: true }, false],
        ['demo-prod', { name: 'prod', namespace: 'demo-prod' }, { prune: true, selfHeal: true }, false],
        ['shop-dev', { name: 'in-cluster', namespace: 'shop-dev' }, undefined, true],
      ],
    );
    // The automated generator names directories, never a pattern.
    const automated = set.spec.generators.filter((g: GitGenerator & { git: { template: Obj } }) => g.git.template.spec.syncPolicy?.automated !== undefined);
    expect(automated.flatMap((g: GitGenerator) => g.git.directories)).toEqual([{ path: 'dist/demo/dev' }, { path: 'dist/demo/prod' }]);
    expect(set.spec.template.spec.syncPolicy.automated).toBeUndefined();
  });

  test('the catch-all generator excludes exactly the complete releases; with none, it is the only generator', () => {
    const complete = byApps
      .filter((o) => o.kind === 'Application' && o.path.startsWith('argocd/apps/') && !o.metadata.name.startsWith('berth-cluster-') && o.spec.syncPolicy.automated !== undefined)
      .map((o) => o.spec.source.path)
      .sort();
    expect(appset.spec.generators).toHaveLength(complete.length > 0 ? 2 : 1);
    const excluded = catchAll(appset)
      .directories.filter((d) => d.exclude && d.path !== 'dist/argocd/*')
      .map((d) => d.path);
    expect(excluded.sort()).toEqual(complete);
    for (const app of expand(appset, directoriesOf(byApps)))
      expect(app.spec.syncPolicy.automated === undefined).toBe(app.metadata.annotations['berth.dev/manual-sync-because'] !== undefined);
  });

  test('generated Applications carry no resources-finalizer: one deleted by the controller, or garbage-collected with the ApplicationSet, leaves its workloads', () => {
    expect(appset.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(appset.spec.template.metadata.finalizers).toBeUndefined();
    for (const app of expand(appset, directoriesOf(byApps))) expect(app.metadata.finalizers).toBeUndefined();
    // The model of the controller is faithful: without preserveResourcesOnDeletion it adds the finalizer.
    const unpreserved = { ...appset, spec: { ...appset.spec, syncPolicy: {} } };
    for (const app of expand(unpreserved, directoriesOf(byApps))) expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });

  test.each([
    ['a namespace other than <system>-<env>', { namespace: 'shop' }, 'environments.dev.namespace: "shop": an ApplicationSet derives each namespace from its directory (demo-dev)'],
    [
      'a cluster known only by its server',
      { destination: { server: 'https://10.0.0.1:6443' } },
      "environments.dev.destination: an ApplicationSet names each cluster: use { name: '<its name in argocd cluster list>' }",
    ],
  ])('%s is a problem', (_what, override, message) => {
    expect(() => synthesize([{ ...system(), environments: { dev: { ...env, ...override } } }], APPSET)).toThrow(message);
  });

  test('an environment on two clusters in two systems is a problem: the generator takes the cluster from its name', () => {
    const a: System = { ...system(), environments: { prod: { ...env, destination: { name: 'prod-eu' } } } };
    const b: System = { ...a, id: 'shop', environments: { prod: { ...env, destination: { name: 'prod-us' } } } };
    expect(() => synthesize([a, b], APPSET)).toThrow('environments.prod.destination: cluster prod-us, but demo/prod is on prod-eu');
    expect(() => synthesize([a, b], delivery)).not.toThrow();
  });
});
