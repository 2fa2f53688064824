import type { ResolvedSystem } from '../model/resolve';
import type { Tier } from '../model/types';
import { externalDestinations } from './diagram';

/**
 * The dependency graph as Mermaid, which Git hosts render in Markdown: every arrow points at what a service
 * needs. Start-up dependencies carry their condition (the gate), other documented calls are dotted, routes
 * come from their host and external endpoints sit outside. This is the description's graph; OVERVIEW.svg
 * draws what the NetworkPolicies allow.
 */

const CONDITION = { service_healthy: 'healthy', service_started: 'started', service_completed_successfully: 'completed' } as const;
const TIERS: Tier[] = ['critical', 'important', 'non-critical'];

/** A Mermaid id: DNS names have no `_`, so `-` → `_` keeps them apart. */
const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const text = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;

export function mermaidGraph(system: ResolvedSystem): string {
  const lines = ['flowchart LR'];
  TIERS.forEach((tier) => {
    const members = system.services.filter((s) => s.tier === tier);
    if (members.length === 0) return;
    lines.push(`  subgraph ${id('tier', tier)}[${text(tier)}]`);
    for (const s of members) lines.push(`    ${id('s', s.name)}${s.kind === 'one-shot' || s.kind === 'scheduled' ? `[/${s.name}/]` : `[${text(s.name)}]`}`);
    lines.push('  end');
  });
  for (const host of [...new Set(system.routes.map((r) => r.host))].sort()) lines.push(`  ${id('h', host)}([${text(`https://${host}`)}])`);
  for (const d of externalDestinations(system)) for (const e of d.externals) lines.push(`  ${id('x', e.name)}{{${text(`${e.name}: ${e.host ?? 'any host'}:${e.port}`)}}}`);
  for (const route of system.routes) {
    const byService = new Map<string, string[]>();
    for (const p of route.paths) byService.set(p.service, [...(byService.get(p.service) ?? []), p.path]);
    for (const [service, paths] of byService) lines.push(`  ${id('h', route.host)} -->|${text(paths.join(' '))}| ${id('s', service)}`);
  }
  for (const s of system.services) {
    const waited = new Set(s.dependsOn.map((d) => d.service));
    for (const d of s.dependsOn) lines.push(`  ${id('s', s.name)} -->|${CONDITION[d.condition]}| ${id('s', d.service)}`);
    for (const peer of s.talksTo) if (!waited.has(peer)) lines.push(`  ${id('s', s.name)} -.->|calls| ${id('s', peer)}`);
    for (const e of s.externals) lines.push(`  ${id('s', s.name)} -.-> ${id('x', e.name)}`);
  }
  return lines.join('\n');
}
