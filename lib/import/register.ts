/**
 * Adds an imported chart to `charts/index.ts`: its import after the last import line, and its export at the end
 * of the `charts` list. Pure (source in, source out), so it is tested without touching the file system.
 */
export function registerChart(indexSource: string, id: string, exportName: string): string {
  const importLine = `import { ${exportName} } from './${id}';`;
  if (indexSource.includes(importLine)) return indexSource; // imported again: already registered
  const lines = indexSource.split('\n');
  const lastImport = lines.reduce((last, line, i) => (line.startsWith('import ') ? i : last), -1);
  lines.splice(lastImport + 1, 0, importLine);
  const withImport = lines.join('\n');
  const list = /(export const charts: readonly System\[\] = \[)([^\]]*)(\];)/;
  const m = list.exec(withImport);
  if (m === null) throw new Error('charts/index.ts has no `export const charts: readonly System[] = [...]`; add the chart to it by hand');
  const items = m[2].trim().replace(/,\s*$/, '');
  return withImport.replace(list, `$1${items.length > 0 ? `${items}, ` : ''}${exportName}$3`);
}
