import { instanceName } from '../model/names';
import type { ResolvedSystem } from '../model/resolve';
import { mermaidGraph } from './mermaid';
import { overviewTables, type Table } from './tables';

/** What Markdown would read as markup inside a table cell. */
const cell = (s: string) => s.replace(/[\\|*_<>[\]`]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

export function markdownTable(table: Table): string {
  return [
    `## ${table.title}`,
    '',
    `| ${table.columns.map(cell).join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * OVERVIEW.md of one system in one environment: what it runs, how it starts, where it is reached, what it keeps,
 * with the dependency graph (Mermaid, which the Git host renders) and the network diagram (OVERVIEW.svg).
 * `diagram` says why there are no graphs when there are none (a system too large to draw legibly).
 */
export function overviewMarkdown(system: ResolvedSystem, diagram: { readonly file: string } | { readonly omitted: string }): string {
  const namespaces = system.namespaces.map((n) => `\`${n.name}\` (${n.enforce})`).join(', ');
  const sorted = (record: Readonly<Record<string, string>>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  const notes = [
    ...sorted(system.replaced).map(([what, why]) => `- not deployed: **${cell(what)}**: ${cell(why)}`),
    ...sorted(system.contradictions).map(([what, how]) => `- departs from the documents: **${cell(what)}**: ${cell(how)}`),
  ];
  return [
    `# ${system.id} / ${system.environment}`,
    '',
    cell(system.description),
    '',
    `Namespaces ${namespaces}; Argo CD Application \`${instanceName(system.id, system.environment)}\`${system.settings.production ? '; production' : ''}. ` +
      'Written by `npm run synth` from `charts/` (edit the chart, not this file); Argo CD applies only the `.yaml` files here.',
    '',
    ...('file' in diagram
      ? [
          '## Dependency graph',
          '',
          'Arrows point at what a service needs: `healthy`, `started` and `completed` are its start-up gates, dotted arrows other calls.',
          '',
          '```mermaid',
          mermaidGraph(system),
          '```',
          '',
          '## Network paths',
          '',
          `![The connections the NetworkPolicies allow](${diagram.file})`,
          '',
        ]
      : [cell(diagram.omitted), '']),
    ...overviewTables(system).flatMap((t) => [markdownTable(t), '']),
    ...(notes.length > 0 ? ['## Notes', '', ...notes, ''] : []),
  ].join('\n');
}
