import type { Table } from '../overview/tables';

/**
 * A table for the terminal: aligned columns when it fits in `width`, else one block per row (its first cell,
 * then each other column on a line of its own), which stays readable however long the cells are.
 */
export function textTable(table: Table, width: number): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => r[i].length)));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const lines = [table.title, '-'.repeat(table.title.length)];
  if (total <= width) {
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
    lines.push(line(table.columns), ...table.rows.map(line));
  } else {
    const labelWidth = Math.max(...table.columns.slice(1).map((c) => c.length));
    for (const row of table.rows) lines.push(row[0], ...table.columns.slice(1).map((c, i) => `  ${c.padEnd(labelWidth)}  ${row[i + 1]}`));
  }
  return lines.join('\n');
}
