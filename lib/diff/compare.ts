import { type LoadedObject, parseManifests } from '../validate/manifests';

/**
 * Two `dist/` trees compared object by object: each object is known by (apiVersion, kind, namespace, name)
 * within its directory (one Argo CD Application's worth), and a changed object lists the fields that differ.
 */

/** One leaf that differs: its path, and its value before and after (undefined where it is absent). */
export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ObjectChange {
  readonly key: string;
  readonly base?: LoadedObject;
  readonly head?: LoadedObject;
  /** Dotted paths of the fields that differ (`spec.template.spec.containers[backend].image`); empty when added or removed. */
  readonly fields: readonly string[];
  /** The same fields with their values. @default none (added or removed) */
  readonly values?: readonly FieldChange[];
}

export interface DirectoryDiff {
  /** `marketnavigator/prod`, `argocd/apps`, `cluster`. */
  readonly dir: string;
  readonly added: readonly ObjectChange[];
  readonly removed: readonly ObjectChange[];
  readonly changed: readonly ObjectChange[];
  /** Every object of the directory before and after, for the checks that need the whole picture (network paths). */
  readonly baseObjects: readonly LoadedObject[];
  readonly headObjects: readonly LoadedObject[];
}

export const objectKey = (o: LoadedObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} (${o.apiVersion})`;

/** The directory of an output file: `<system>/<env>` for a system, else the path up to the file. */
function directoryOf(file: string): string {
  return file.split('/').slice(0, -1).join('/');
}

/** The manifests of a tree (path → YAML text; other files, such as the overviews, are left out), per directory. */
function filesByDirectory(tree: ReadonlyMap<string, string>): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const [file, text] of [...tree.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/\.ya?ml$/.test(file)) continue;
    const dir = directoryOf(file);
    out.set(dir, [...(out.get(dir) ?? []), [file, text]]);
  }
  return out;
}

const parse = (files: readonly [string, string][] | undefined): LoadedObject[] => (files ?? []).flatMap(([file, text]) => parseManifests(text, file));

/** The leaves that differ between two values, with their values; list items with a `name` are matched by it. */
export function changedValues(a: unknown, b: unknown, at = ''): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  // A map or list on one side only is compared with an empty one, so each of its leaves is named.
  if (a === undefined && b !== null && typeof b === 'object') return changedValues(Array.isArray(b) ? [] : {}, b, at);
  if (b === undefined && a !== null && typeof a === 'object') return changedValues(a, Array.isArray(a) ? [] : {}, at);
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (xs: unknown[]) => xs.every((x) => x !== null && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string');
    if (named(a) && named(b)) {
      const byName = (xs: unknown[]) => new Map(xs.map((x) => [(x as { name: string }).name, x]));
      const [ma, mb] = [byName(a), byName(b)];
      return [...new Set([...ma.keys(), ...mb.keys()])].flatMap((n) => changedValues(ma.get(n), mb.get(n), `${at}[${n}]`));
    }
    if (a.length !== b.length) return [{ path: at, before: a, after: b }];
    return a.flatMap((x, i) => changedValues(x, b[i], `${at}[${i}]`));
  }
  const isObject = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObject(a) && isObject(b)) {
    const [oa, ob] = [a as Record<string, unknown>, b as Record<string, unknown>];
    return [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort().flatMap((k) => changedValues(oa[k], ob[k], at ? `${at}.${k}` : k));
  }
  return [{ path: at, before: a, after: b }];
}

/** The paths of the leaves that differ between two values. */
export const changedFields = (a: unknown, b: unknown): string[] => changedValues(a, b).map((c) => c.path);

/** Both trees, directory by directory (sorted), leaving out directories where nothing changed (those are not even parsed). */
export function compareTrees(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): DirectoryDiff[] {
  const [before, after] = [filesByDirectory(base), filesByDirectory(head)];
  const dirs = [...new Set([...before.keys(), ...after.keys()])].sort();
  return dirs.flatMap((dir) => {
    if (JSON.stringify(before.get(dir)) === JSON.stringify(after.get(dir))) return [];
    const [b, h] = [parse(before.get(dir)), parse(after.get(dir))];
    const [mb, mh] = [new Map(b.map((o) => [objectKey(o), o])), new Map(h.map((o) => [objectKey(o), o]))];
    const added = [...mh.keys()].filter((k) => !mb.has(k)).map((key) => ({ key, head: mh.get(key), fields: [] }));
    const removed = [...mb.keys()].filter((k) => !mh.has(k)).map((key) => ({ key, base: mb.get(key), fields: [] }));
    const changed = [...mb.keys()]
      .filter((k) => mh.has(k))
      .map((key) => {
        const values = changedValues(mb.get(key)!.body, mh.get(key)!.body);
        return { key, base: mb.get(key), head: mh.get(key), fields: values.map((v) => v.path), values };
      })
      .filter((c) => c.fields.length > 0);
    if (added.length + removed.length + changed.length === 0) return [];
    return [{ dir, added, removed, changed, baseObjects: b, headObjects: h }];
  });
}
