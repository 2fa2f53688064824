import { renderedFrom } from '../overview/render';
import type { Synthesis } from '../synthesize';

/**
 * Where a committed `dist/` is not what the charts synthesize, file by file: what Argo CD applies is the
 * commit, so a hand edit of `dist/` (or a chart change committed without its synth) deploys something no
 * chart describes. Manifests and OVERVIEW.md compare byte for byte; an OVERVIEW.svg by the source it was
 * rendered from (the mark a synth checks before it renders again), without loading Graphviz.
 */
export function staleFiles(committed: ReadonlyMap<string, string>, synthesis: Pick<Synthesis, 'files' | 'diagrams'>): string[] {
  const found: string[] = [];
  const written = new Set<string>();
  for (const f of synthesis.files) {
    written.add(f.path);
    const text = committed.get(f.path);
    if (text === undefined) found.push(`${f.path}: missing from the commit`);
    else if (text !== f.content) found.push(`${f.path}: differs`);
  }
  for (const d of synthesis.diagrams) {
    written.add(d.path);
    const svg = committed.get(d.path);
    if (svg === undefined) found.push(`${d.path}: missing from the commit`);
    else if (!renderedFrom(d, svg)) found.push(`${d.path}: rendered from another graph`);
  }
  for (const file of committed.keys()) if (!written.has(file)) found.push(`${file}: no synth writes it`);
  return found.sort();
}
