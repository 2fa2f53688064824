import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { manifestJson } from './manifest-json';
import { NAME_LABEL } from './constructs/labels';
import { toYaml } from './yaml-emit';

/** A rendered file and where it goes, relative to the output root. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

/** Order of documents within a file: what an object needs comes before it, as `kubectl apply -f` reads it. */
const KIND_ORDER = [
  'Namespace',
  'PriorityClass',
  'AppProject',
  'Application',
  'ExternalSecret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Service',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'NetworkPolicy',
  'Ingress',
];

const rank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

/**
 * One file per component, `<app.kubernetes.io/name>.yaml`, holding every object of that service (its
 * ConfigMap, workload, Service, budget and network policy) as separate YAML documents. A review of a
 * change to `backend` reads one file; a 1000-service system writes ~1000 files instead of ~4000.
 * Keys are sorted and nothing carries a timestamp or version: the same input gives the same bytes.
 */
export function chartFiles(chart: Chart, dir: string): ManifestFile[] {
  const files: ManifestFile[] = [];
  const renderer = new ChartRenderer(dir, (file) => files.push(file));
  renderer.add(chart);
  renderer.flush();
  return files;
}

/** One object as YAML, with what orders it within its file. */
interface Rendered {
  readonly kind: string;
  readonly name: string;
  readonly yaml: string;
}

/**
 * The files of one chart (see `chartFiles`), rendered part by part: each part's objects become YAML as soon as
 * the part is built, and the part leaves the construct tree; a file is handed to `emit` as soon as it is
 * complete, so a large system holds neither its objects nor its text. `chart.toJson()` is not used: it walks
 * the whole app twice (dependencies, validations) for every chart, and berth has neither; its order is lost
 * anyway, as files are grouped and sorted.
 */
export class ChartRenderer {
  private readonly groups = new Map<string, Rendered[]>();

  /** `observe` sees each object's wire format as it is rendered (the overview keeps what its diagram reads). */
  constructor(
    private readonly dir: string,
    private readonly emit: (file: ManifestFile) => void,
    /** Sees every object rendered (the AppProject's kinds, the overview's tables). */
    private readonly observe?: (manifest: Manifest) => void,
  ) {}

  /**
   * Renders every object under `scope` that belongs to its chart, then removes `scope` from the tree (unless
   * it is the chart). With `complete`, no later part adds to the files `scope` touched: they are emitted now.
   */
  add(scope: IConstruct, complete = false): void {
    const chart = Chart.of(scope);
    const touched = new Set<string>();
    for (const c of scope.node.findAll()) {
      if (!(c instanceof ApiObject) || Chart.of(c) !== chart) continue;
      const manifest = manifestJson(c) as Manifest;
      this.observe?.(manifest);
      const group = manifest.metadata.labels?.[NAME_LABEL] ?? manifest.metadata.name;
      const rendered = { kind: manifest.kind, name: manifest.metadata.name, yaml: toYaml(manifest) };
      const list = this.groups.get(group);
      if (list) list.push(rendered);
      else this.groups.set(group, [rendered]);
      touched.add(group);
    }
    if (scope !== chart) scope.node.scope!.node.tryRemoveChild(scope.node.id);
    if (complete) for (const group of touched) this.emitGroup(group);
  }

  /** Emits every file not emitted yet. */
  flush(): void {
    for (const group of [...this.groups.keys()].sort()) this.emitGroup(group);
  }

  private emitGroup(group: string): void {
    const objects = this.groups.get(group)!.sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
    this.groups.delete(group);
    this.emit({ path: path.posix.join(this.dir, `${group}.yaml`), content: objects.map((o) => o.yaml).join('---\n') });
  }
}

/**
 * Writes a tree of files to a sibling of `outdir` as they come, and swaps it in for `outdir` at `commit`, so a
 * failure half-way (or an `abort`) leaves the previous output untouched. A file whose content is already in
 * `outdir` is hard-linked instead of written: on a repeated synth most files are unchanged, and a link costs a
 * fraction of writing the data (the old tree is unlinked after the swap, so nothing stays shared).
 */
export class TreeWriter {
  private readonly staging: string;
  private readonly made = new Set<string>();
  private count = 0;

  constructor(private readonly outdir: string) {
    this.staging = `${outdir}.staging`;
    fs.rmSync(this.staging, { recursive: true, force: true });
  }

  write(file: ManifestFile): void {
    const target = path.join(this.staging, file.path);
    const dir = path.dirname(target);
    if (!this.made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    this.made.add(dir);
    if (!this.linkUnchanged(file, target)) fs.writeFileSync(target, file.content);
    this.count++;
  }

  /** The file at `relative` as it is in `outdir` now, undefined when there is none. */
  current(relative: string): string | undefined {
    try {
      return fs.readFileSync(path.join(this.outdir, relative), 'utf8');
    } catch {
      return undefined;
    }
  }

  private linkUnchanged(file: ManifestFile, target: string): boolean {
    if (this.current(file.path) !== file.content) return false; // new, unreadable, or changed: written
    try {
      fs.linkSync(path.join(this.outdir, file.path), target);
      return true;
    } catch {
      return false; // a file system without links: written
    }
  }

  /** Replaces `outdir` with what was written; returns how many files that was. */
  commit(): number {
    const previous = `${this.outdir}.previous`;
    fs.rmSync(previous, { recursive: true, force: true });
    fs.mkdirSync(this.staging, { recursive: true });
    if (fs.existsSync(this.outdir)) fs.renameSync(this.outdir, previous);
    fs.renameSync(this.staging, this.outdir);
    fs.rmSync(previous, { recursive: true, force: true });
    return this.count;
  }

  abort(): void {
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Replaces `outdir` with exactly these files (see `TreeWriter`). */
export function writeTree(outdir: string, files: readonly ManifestFile[]): void {
  const writer = new TreeWriter(outdir);
  for (const file of files) writer.write(file);
  writer.commit();
}
