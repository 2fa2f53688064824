import { WORKLOAD_KIND } from '../model/objects';
import type { ResolvedService, ResolvedSystem } from '../model/resolve';
import type { System } from '../model/types';
import { allowedPaths, type NetworkPath } from '../network/paths';
import { claimsText, gateText, probesText } from '../overview/tables';
import { formatFinding, type Finding, type LoadedObject } from '../validate/manifests';
import { type CatalogLookup, provenance, sourceText } from './provenance';
import { wholeSources } from './sources';

/**
 * One service's whole story in one environment, for `berth explain --service`: where each value came from,
 * what it waits for, who may reach it and what it may reach (read from the emitted NetworkPolicies), its
 * routes and claims, and the warnings, findings and exemptions that apply to it.
 */
export interface StoryInput {
  readonly chart: System;
  readonly system: ResolvedSystem;
  readonly svc: ResolvedService;
  /** The objects of the environment's directory, as synthesized. */
  readonly objects: readonly LoadedObject[];
  /** What `npm run validate` finds in those objects (warnings included). */
  readonly findings: readonly Finding[];
  readonly catalog?: CatalogLookup;
}

const section = (title: string, lines: readonly string[]) => ['', title, ...(lines.length > 0 ? lines.map((l) => `  ${l}`) : ['  none'])];

/** Paths grouped by the far end: `redis: 6379/TCP`. */
function grouped(paths: readonly NetworkPath[], end: 'from' | 'to'): string[] {
  const byPeer = new Map<string, string[]>();
  for (const p of paths) byPeer.set(p[end], [...(byPeer.get(p[end]) ?? []), p.port]);
  return [...byPeer.entries()].map(([peer, ports]) => `${peer}: ${ports.join(', ')}`);
}

export function serviceStory(input: StoryInput): string {
  const { chart, system, svc } = input;
  const rows = [...provenance(chart, system.environment, svc, input.catalog), ...wholeSources(chart, system, svc)];
  const fieldWidth = Math.max(...rows.map((r) => r.field.length));
  const valueWidth = Math.min(48, Math.max(...rows.map((r) => r.value.length)));
  const paths = allowedPaths(input.objects);
  const probes = probesText(svc);
  const ownObjects = new Set(input.objects.filter((o) => o.body.metadata?.labels?.['app.kubernetes.io/name'] === svc.name).map((o) => `${o.kind}/${o.name}`));
  const warnings = system.warnings.filter((w) => w.includes(` ${svc.composeName}:`) || w.includes(`service ${svc.composeName} `));
  return [
    `${svc.name} in ${system.id}/${system.environment}: ${svc.description}`,
    `${WORKLOAD_KIND[svc.kind]} in namespace ${svc.namespace}, compose service ${svc.composeName}, tier ${svc.tier}, sync wave ${svc.wave}`,
    ...section(
      'Where each value comes from',
      rows.map((r) => `${r.field.padEnd(fieldWidth)}  ${r.value.padEnd(valueWidth)}  ${sourceText(r)}`),
    ),
    ...section('Probes', [`readiness: ${probes.readiness}`, `startup:   ${probes.startup}`, `liveness:  ${probes.liveness}`]),
    ...section(`Waits for (each gate gives up after ${svc.gateTimeoutSeconds}s)`, svc.dependsOn.map(gateText)),
    ...section(
      'Reached by (what the NetworkPolicies allow in)',
      grouped(
        paths.filter((p) => p.to === svc.name),
        'from',
      ),
    ),
    ...section(
      'May reach (what the NetworkPolicies allow out)',
      grouped(
        paths.filter((p) => p.from === svc.name),
        'to',
      ),
    ),
    ...section(
      'Routes',
      system.routes.flatMap((r) => r.paths.filter((p) => p.service === svc.name).map((p) => `https://${r.host}${p.path} → port ${p.port}`)),
    ),
    ...section('Claims', svc.mounts.length > 0 ? [claimsText(svc)] : []),
    ...section(
      'Exemptions',
      svc.exemptions.map((e) => `${e.check}: ${e.reason}`),
    ),
    ...section('Warnings and findings', [...warnings, ...input.findings.filter((f) => ownObjects.has(f.object)).map(formatFinding)]),
  ].join('\n');
}
