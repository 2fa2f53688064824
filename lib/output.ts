import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { manifestYaml, type ManifestHeader } from './manifest-yaml';
import { NAME_LABEL } from './constructs/labels';

/** A rendered file and where it goes, relative to the output root. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

/** A rendered object's identity; its whole wire format is `manifestJson(object)`. */
export type Manifest = ManifestHeader;

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

  constructor(
    private readonly dir: string,
    private readonly emit: (file: ManifestFile) => void,
    /** Sees every object rendered (the AppProject's kinds, the overview's diagram, which reads some in full). */
    private readonly observe?: (manifest: Manifest, object: ApiObject) => void,
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
      const { header: manifest, yaml } = manifestYaml(c);
      this.observe?.(manifest, c);
      const group = manifest.metadata.labels?.[NAME_LABEL] ?? manifest.metadata.name;
      const rendered = { kind: manifest.kind, name: manifest.metadata.name, yaml };
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

/** lib/file-sink.js: plain CommonJS, as it also runs in a worker thread (see there). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FileSink } = require('./file-sink.js') as {
  FileSink: new (outdir: string, staging: string) => { write(relative: string, content: string): void; readonly count: number };
};
const SINK = path.join(__dirname, 'file-sink.js');

/** Files are handed to the worker in batches of about this many characters: few messages, little held. */
const BATCH_CHARS = 256 * 1024;

/**
 * Writes a tree of files to a sibling of `outdir` as they come, and swaps it in for `outdir` at `commit`, so a
 * failure half-way (or an `abort`) leaves the previous output untouched. The files are written by a worker
 * thread (lib/file-sink.js), so writing overlaps synthesis: `write` only hands a file over. A file whose
 * content is already in `outdir` is hard-linked instead of written.
 */
export class TreeWriter {
  private readonly staging: string;
  private worker?: Worker;
  private reply?: Promise<{ count?: number; error?: string }>;
  private batch: [string, string][] = [];
  private batchChars = 0;

  private readonly outdir: string;

  constructor(outdir: string) {
    // `dist/` (a shell completes the slash) would stage in dist/.staging, inside what it replaces.
    this.outdir = path.resolve(outdir);
    this.staging = `${this.outdir}.staging`;
    fs.rmSync(this.staging, { recursive: true, force: true });
    // Started now, so that it is up (a new thread loads Node, ~50 ms) by the time the first file is rendered.
    this.worker = this.start();
  }

  /** The writer's thread, unref'd: a writer nobody commits or aborts never keeps the process alive (commit refs it). */
  private start(): Worker {
    const worker = new Worker(SINK, { workerData: { berthFileSink: true, outdir: this.outdir, staging: this.staging } });
    worker.unref();
    this.reply = new Promise((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (err) => resolve({ error: err.message }));
      worker.once('exit', () => resolve({ error: 'the file writer stopped before it finished' }));
    });
    return worker;
  }

  write(file: ManifestFile): void {
    this.batch.push([file.path, file.content]);
    this.batchChars += file.content.length;
    if (this.batchChars >= BATCH_CHARS) this.send();
  }

  /** The file at `relative` as it is in `outdir` now, undefined when there is none. */
  current(relative: string): string | undefined {
    try {
      return fs.readFileSync(path.join(this.outdir, relative), 'utf8');
    } catch {
      return undefined;
    }
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.worker ??= this.start();
    this.worker.postMessage(this.batch);
    this.batch = [];
    this.batchChars = 0;
  }

  /** Waits for every file, then replaces `outdir` with what was written; resolves to how many files that was. */
  async commit(): Promise<number> {
    this.send();
    let count = 0;
    if (this.worker) {
      this.worker.ref();
      this.worker.postMessage('end');
      const reply = await this.reply!;
      this.worker = undefined;
      if (reply.error !== undefined) {
        await this.abort();
        throw new Error(`writing ${this.staging}: ${reply.error}`);
      }
      count = reply.count!;
    }
    swap(this.outdir, this.staging);
    return count;
  }

  async abort(): Promise<void> {
    this.batch = [];
    if (this.worker) await this.worker.terminate();
    this.worker = undefined;
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Replaces `outdir` with `staging` (made empty when nothing was written). */
function swap(outdir: string, staging: string): void {
  const previous = `${outdir}.previous`;
  fs.rmSync(previous, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
}

/** Replaces `outdir` with exactly these files, on this thread (see `TreeWriter`). */
export function writeTree(dir: string, files: readonly ManifestFile[]): void {
  const outdir = path.resolve(dir);
  const staging = `${outdir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  const sink = new FileSink(outdir, staging);
  for (const file of files) sink.write(file.path, file.content);
  swap(outdir, staging);
}
