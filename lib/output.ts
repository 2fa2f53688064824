import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { toYaml } from './yaml-emit';

/** A rendered file and where it goes, relative to the output root. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
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
  const renderer = new ChartRenderer(dir);
  renderer.add(chart);
  return renderer.files();
}

/** One object as YAML, with what orders it within its file. */
interface Rendered {
  readonly kind: string;
  readonly name: string;
  readonly yaml: string;
}

/**
 * The files of one chart (see `chartFiles`), rendered part by part: each part's objects become YAML as soon as
 * the part is built, and the part leaves the construct tree, so a large system holds text rather than objects.
 * `chart.toJson()` is not used: it walks the whole app twice (dependencies, validations) for every chart, and
 * berth has neither; its order is lost anyway, as files are grouped and sorted.
 */
export class ChartRenderer {
  private readonly groups = new Map<string, Rendered[]>();

  constructor(private readonly dir: string) {}

  /** Renders every object under `scope` that belongs to its chart, then removes `scope` from the tree (unless it is the chart). */
  add(scope: IConstruct): void {
    const chart = Chart.of(scope);
    for (const c of scope.node.findAll()) {
      if (!(c instanceof ApiObject) || Chart.of(c) !== chart) continue;
      const manifest = c.toJson() as Manifest;
      const group = manifest.metadata.labels?.['app.kubernetes.io/name'] ?? manifest.metadata.name;
      const rendered = { kind: manifest.kind, name: manifest.metadata.name, yaml: toYaml(manifest) };
      const list = this.groups.get(group);
      if (list) list.push(rendered);
      else this.groups.set(group, [rendered]);
    }
    if (scope !== chart) scope.node.scope!.node.tryRemoveChild(scope.node.id);
  }

  files(): ManifestFile[] {
    return [...this.groups.keys()].sort().map((group) => {
      const objects = this.groups.get(group)!.sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
      return { path: path.posix.join(this.dir, `${group}.yaml`), content: objects.map((o) => o.yaml).join('---\n') };
    });
  }
}

/**
 * Replaces `outdir` with exactly these files. Everything is written to a sibling directory first and swapped
 * in at the end, so a failure half-way leaves the previous output untouched.
 */
export function writeTree(outdir: string, files: readonly ManifestFile[]): void {
  const staging = `${outdir}.staging`;
  const previous = `${outdir}.previous`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(previous, { recursive: true, force: true });
  const made = new Set<string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const target = path.join(staging, file.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
    fs.writeFileSync(target, file.content);
  }
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
}
