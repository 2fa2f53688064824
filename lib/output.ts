import * as fs from 'fs';
import * as path from 'path';
import type { Chart } from 'cdk8s';
import { stringify } from 'yaml';

/** A rendered manifest and the file it goes to, relative to the output root. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

interface Manifest {
  kind: string;
  metadata: { name: string };
}

/**
 * One file per object, `<kind>-<name>.yaml`, keys sorted, no timestamps or versions: the same input gives
 * the same bytes, so a Git diff shows exactly what a change does.
 */
export function chartFiles(chart: Chart, dir: string): ManifestFile[] {
  const seen = new Set<string>();
  return (chart.toJson() as Manifest[]).map((manifest) => {
    const file = path.posix.join(dir, `${manifest.kind.toLowerCase()}-${manifest.metadata.name}.yaml`);
    if (seen.has(file)) throw new Error(`two objects would be written to ${file}`);
    seen.add(file);
    return { path: file, content: stringify(manifest, { sortMapEntries: true, lineWidth: 0 }) };
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
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const target = path.join(staging, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
}
