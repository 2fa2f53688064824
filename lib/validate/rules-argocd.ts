import * as path from 'path';
import type { Finding, LoadedObject } from './manifests';
import { globMatches } from './rules-cluster';
import { annotationField, annotationsOf, finding, SYNC_OPTIONS } from './runtime-index';

/**
 * Rules about how Argo CD's own objects hand the systems over: which project each Application runs in, what
 * deleting or pruning an Application takes with it, and which directories an ApplicationSet syncs by itself.
 * "Synced by" means: the file lies in a directory an Application of the output names as its source path.
 */

const ARGO_GROUP = 'argoproj.io';
const ARGO_KINDS = ['Application', 'AppProject', 'ApplicationSet'];
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const RECURSE_PATTERN = /[*?[]/;

const posixDir = (file: string) => path.posix.dirname(file.replace(/\\/g, '/'));
const trimPath = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');

/** The directories an Application syncs, with whether it reads them recursively. */
function sourcesOf(app: LoadedObject): { path: string; recurse: boolean }[] {
  const spec = app.body.spec ?? {};
  return [...(spec.source ? [spec.source] : []), ...(spec.sources ?? [])]
    .filter((s: { path?: string }) => typeof s.path === 'string' && s.path !== '')
    .map((s: { path: string; directory?: { recurse?: boolean } }) => ({ path: trimPath(s.path), recurse: s.directory?.recurse === true }));
}

/**
 * Whether a directory of the output is the repository path `source`: the output may be read from the
 * repository's root (`dist/argocd/apps`) or from inside `dist/` (`argocd/apps`), so one must end the other.
 */
function sameDir(dir: string, source: string): boolean {
  if (dir === '.' || dir === '') return false;
  return `/${dir}`.endsWith(`/${source}`) || `/${source}`.endsWith(`/${dir}`);
}

/** The Application of the output that syncs the file `o` is in, if any (never `o` itself). */
function parentOf(o: LoadedObject, apps: readonly LoadedObject[]): LoadedObject | undefined {
  const dir = posixDir(o.file);
  const ancestors = (d: string): string[] => (d === '.' || d === '/' || d === '' ? [] : [d, ...ancestors(path.posix.dirname(d))]);
  return apps.find((app) => app !== o && sourcesOf(app).some((s) => (s.recurse ? ancestors(dir) : [dir]).some((d) => sameDir(d, s.path))));
}

function syncOptionsOf(o: LoadedObject): string[] {
  return (annotationsOf(o)[SYNC_OPTIONS] ?? '').split(',').map((s) => s.trim());
}

/**
 * A project that reaches the namespace Argo CD runs in (its own) with Argo CD's kinds is admin-level: an
 * Application in it can create Applications in any project and rewrite any project (Argo CD's cluster
 * bootstrapping guide: "App of Apps is an admin-only tool"). An absent namespace whitelist allows every kind.
 */
export function isAdminProject(project: LoadedObject): boolean {
  const home = project.namespace;
  if (home === undefined) return false;
  const reaches = (project.body.spec?.destinations ?? []).some((d: { namespace?: string }) => globMatches(d.namespace, home));
  const whitelist: { group?: string; kind?: string }[] | undefined = project.body.spec?.namespaceResourceWhitelist;
  const allows = whitelist === undefined || whitelist.some((k) => globMatches(k.group, ARGO_GROUP) && ARGO_KINDS.some((kind) => globMatches(k.kind, kind)));
  return reaches && allows;
}

/** Every `project` an Application or ApplicationSet names, with its field: the template's and each generator's. */
function projectsNamed(o: LoadedObject): { field: string; project: string }[] {
  if (o.kind === 'Application') return [{ field: 'spec.project', project: o.body.spec?.project ?? '' }];
  const named = [{ field: 'spec.template.spec.project', project: o.body.spec?.template?.spec?.project ?? '' }];
  (o.body.spec?.generators ?? []).forEach((g: Record<string, { template?: { spec?: { project?: string } } }>, i: number) => {
    for (const [type, generator] of Object.entries(g)) {
      const project = generator?.template?.spec?.project;
      if (typeof project === 'string' && project !== '') named.push({ field: `spec.generators[${i}].${type}.template.spec.project`, project });
    }
  });
  return named.filter((n) => !n.project.includes('{{'));
}

/**
 * [argocd-project] Least privilege for Argo CD's own objects: no Application in `default` (hardened installs
 * lock it down; open, it allows every repository, cluster and kind); an admin-level project, and the Applications
 * that use it, only where no commit can reach them (applied by hand, not in a directory an Application syncs);
 * cluster-scoped kinds allowed by name, since project destinations do not confine them (Argo CD 3.3+,
 * argo-cd#24674: `kube-system` is a Namespace like any other).
 */
export function argocdProject(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'argocd-project';
  const apps = objects.filter((o) => o.kind === 'Application');
  const projects = new Map(objects.filter((o) => o.kind === 'AppProject').map((p) => [p.name, p]));
  const found: Finding[] = [];
  for (const o of objects.filter((x) => x.kind === 'Application' || x.kind === 'ApplicationSet')) {
    const parent = parentOf(o, apps);
    for (const { field, project } of projectsNamed(o)) {
      if (project === '' || project === 'default') {
        found.push(
          finding(
            o,
            field,
            `${project === '' ? 'no project' : 'project "default"'}: hardened installations lock default down (Argo CD's projects guide), and an open default allows every repository, cluster and kind; name a project that allows what it deploys`,
            rule,
          ),
        );
      } else if (parent !== undefined && projects.has(project) && isAdminProject(projects.get(project)!)) {
        found.push(
          finding(
            o,
            field,
            `project ${JSON.stringify(project)} reaches Argo CD's namespace with Argo CD's kinds (admin-level), and ${o.kind} ${o.name} comes from git through Application ${parent.name}: a commit could make it create Applications in any project or rewrite any project; use a project confined to the namespaces it deploys`,
            rule,
          ),
        );
      }
    }
  }
  for (const project of projects.values()) {
    const parent = parentOf(project, apps);
    if (parent !== undefined && isAdminProject(project)) {
      found.push(
        finding(
          project,
          'spec.namespaceResourceWhitelist',
          `AppProject ${project.name} reaches Argo CD's namespace ${project.namespace} with Argo CD's kinds (admin-level), and Application ${parent.name} syncs it from git: a commit there can widen it; apply it by hand with the root app, outside what the root syncs`,
          rule,
        ),
      );
    }
    found.push(...unnamedClusterKinds(project, rule));
  }
  return found;
}

/** Cluster-scoped kinds a project allows under any name. */
function unnamedClusterKinds(project: LoadedObject, rule: string): Finding[] {
  const list: { group?: string; kind?: string; name?: string }[] = project.body.spec?.clusterResourceWhitelist ?? [];
  return list.flatMap((entry, i) =>
    entry.name === undefined || entry.name === '' || entry.name === '*'
      ? [
          finding(
            project,
            `spec.clusterResourceWhitelist[${i}]`,
            `allows every ${entry.kind ?? '?'} (group ${JSON.stringify(entry.group ?? '')}) by any name, and project destinations do not confine cluster-scoped objects: an Application could adopt ${entry.kind === 'Namespace' ? 'kube-system' : `any ${entry.kind ?? 'such object'} another team owns`}, and delete it with itself; list the names it deploys (name:, Argo CD 3.3 and later)`,
            rule,
          ),
        ]
      : [],
  );
}

/**
 * [argocd-cascade] Deleting or pruning an Argo CD object deletes no workload by surprise. An Application another
 * one syncs is pruned whenever it is renamed or moved (a switch between Applications and an ApplicationSet): with
 * the resources-finalizer, every object it deployed goes with it, and removing the finalizer by hand does not
 * help while the parent self-heals it back. What the root syncs is kept when the root is deleted (Delete=false),
 * and the root orphans an ApplicationSet's Applications when it prunes the ApplicationSet.
 */
export function argocdCascade(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'argocd-cascade';
  const apps = objects.filter((o) => o.kind === 'Application');
  const found: Finding[] = [];
  for (const o of objects.filter((x) => ARGO_KINDS.includes(x.kind) && x.apiVersion?.startsWith(`${ARGO_GROUP}/`))) {
    const parent = parentOf(o, apps);
    if (o.kind === 'ApplicationSet') found.push(...applicationSetFinalizer(o, rule));
    if (parent === undefined) continue;
    const finalizers: string[] = o.body.metadata?.finalizers ?? [];
    if (o.kind === 'Application' && finalizers.some((f) => f.startsWith(RESOURCES_FINALIZER))) {
      found.push(
        finding(
          o,
          'metadata.finalizers',
          `Application ${o.name} carries ${RESOURCES_FINALIZER}, and Application ${parent.name} prunes it when it is renamed or handed to an ApplicationSet: every object it deployed is then deleted, and a finalizer removed by hand comes back with self-heal; leave it out (its objects then stay when it goes)`,
          rule,
        ),
      );
    }
    if (!syncOptionsOf(o).includes('Delete=false')) {
      found.push(
        finding(
          o,
          annotationField(SYNC_OPTIONS),
          `${o.kind} ${o.name} is synced by Application ${parent.name}, and deleting that one (argocd app delete cascades by default) deletes it too; set ${SYNC_OPTIONS}: Delete=false so it outlives its parent`,
          rule,
        ),
      );
    }
    if (o.kind === 'ApplicationSet' && !(parent.body.spec?.syncPolicy?.syncOptions ?? []).includes('PrunePropagationPolicy=orphan')) {
      found.push(
        finding(
          parent,
          'spec.syncPolicy.syncOptions',
          `Application ${parent.name} syncs ApplicationSet ${o.name}; when it prunes it, Kubernetes garbage-collects every Application the set generated (owner references): add PrunePropagationPolicy=orphan, so they stay for the Applications that replace them`,
          rule,
        ),
      );
    }
  }
  return found;
}

/** The ApplicationSet controller adds the resources-finalizer to a template that lists none, unless told to preserve. */
function applicationSetFinalizer(set: LoadedObject, rule: string): Finding[] {
  const listed: string[] = set.body.spec?.template?.metadata?.finalizers ?? [];
  if (listed.some((f) => f.startsWith(RESOURCES_FINALIZER))) {
    return [
      finding(
        set,
        'spec.template.metadata.finalizers',
        `the generated Applications carry ${RESOURCES_FINALIZER}: one the set deletes (its directory renamed or removed) or Kubernetes garbage-collects with the set deletes every object it deployed, and the controller puts a finalizer removed by hand back; leave it out and set spec.syncPolicy.preserveResourcesOnDeletion: true`,
        rule,
      ),
    ];
  }
  if (listed.length === 0 && set.body.spec?.syncPolicy?.preserveResourcesOnDeletion !== true) {
    return [
      finding(
        set,
        'spec.syncPolicy.preserveResourcesOnDeletion',
        `unset, so the controller adds ${RESOURCES_FINALIZER} to every generated Application: one the set deletes or Kubernetes garbage-collects then deletes every object it deployed; set it to true`,
        rule,
      ),
    ];
  }
  return [];
}

/**
 * [applicationset-automated] An ApplicationSet syncs by itself only the directories it names: a generator with
 * automated sync over a pattern (`dist/*\/*`) deploys, pruning and self-healing, any directory that matches,
 * one committed by hand or by a synth that left its release incomplete included. Name the directories that sync
 * automatically, and let a catch-all generator without automated sync create the rest.
 */
export function applicationSetAutomated(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'applicationset-automated';
  return objects
    .filter((o) => o.kind === 'ApplicationSet')
    .flatMap((set) =>
      (set.body.spec?.generators ?? []).flatMap(
        (g: { git?: { directories?: { path?: string; exclude?: boolean }[]; template?: { spec?: { syncPolicy?: object } } } }, i: number) => {
          const syncPolicy = (g.git?.template?.spec?.syncPolicy ?? set.body.spec?.template?.spec?.syncPolicy) as { automated?: object } | undefined;
          if (g.git === undefined || syncPolicy?.automated === undefined) return [];
          return (g.git.directories ?? []).flatMap((d, j) =>
            !d.exclude && RECURSE_PATTERN.test(d.path ?? '')
              ? [
                  finding(
                    set,
                    `spec.generators[${i}].git.directories[${j}].path`,
                    `${JSON.stringify(d.path)} is a pattern, and this generator syncs automatically (prune, self-heal): any directory that matches deploys itself, one added by hand included; name the directories that may, and generate the rest without syncPolicy.automated`,
                    rule,
                  ),
                ]
              : [],
          );
        },
      ),
    );
}
