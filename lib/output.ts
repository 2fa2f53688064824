import * as fs from 'fs';
import * as path from 'path';
import type { Chart } from 'cdk8s';
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
  const groups = new Map<string, Manifest[]>();
  for (const manifest of chart.toJson() as Manifest[]) {
    const name = manifest.metadata.labels?.['app.kubernetes.io/name'] ?? manifest.metadata.name;
    groups.set(name, [...(groups.get(name) ?? []), manifest]);
  }
  return [...groups.keys()].sort().map((name) => {
    const manifests = groups.get(name)!.sort((a, b) => rank(a.kind) - rank(b.kind) || a.metadata.name.localeCompare(b.metadata.name));
    return { path: path.posix.join(dir, `${name}.yaml`), content: manifests.map(toYaml).join('---\n') };
  });
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
