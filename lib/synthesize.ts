import { App } from 'cdk8s';
import { type ApplicationTarget, ClusterChart, DeliveryChart, type DeliverySettings, type EmittedKind } from './constructs/delivery';
import { deliveryProblems } from './model/destinations';
import { SystemChart } from './constructs/system-chart';
import { ARGOCD, OUTPUT, systemDir } from './model/names';
import { InvalidSystemError } from './model/problems';
import { checkResolved } from './model/check-resolved';
import { releaseComplete, resolveEnvironment, type ResolvedSystem } from './model/resolve';
import { validateSystem } from './model/validate';
import type { System } from './model/types';
import { ChartRenderer, chartFiles, type Manifest, type ManifestFile } from './output';
import { Overview } from './overview/overview';
import type { Diagram } from './overview/render';

export interface Synthesis {
  readonly files: readonly ManifestFile[];
  readonly warnings: readonly string[];
  /** OVERVIEW.svg of each system and environment, still to render (`renderDiagrams`). */
  readonly diagrams: readonly Diagram[];
}

export interface SynthesisOptions {
  /** Write OVERVIEW.md (and return the diagrams) for every system and environment. @default true */
  readonly overviews?: boolean;
}

/** Every problem of every system, so one run reports them all. */
export class InvalidDescriptionError extends Error {
  constructor(readonly errors: readonly InvalidSystemError[]) {
    super(errors.map((e) => e.message).join('\n\n'));
    this.name = 'InvalidDescriptionError';
  }
}

/** Resolves every system × environment; throws InvalidDescriptionError before anything is rendered. */
export function resolveAll(systems: readonly System[]): ResolvedSystem[] {
  const errors: InvalidSystemError[] = [];
  const resolved: ResolvedSystem[] = [];
  const ids = new Set<string>();
  for (const system of systems) {
    if (ids.has(system.id)) errors.push(new InvalidSystemError(system.id, [{ path: 'id', message: `system id "${system.id}" is used twice` }]));
    ids.add(system.id);
    try {
      validateSystem(system);
      const environments = Object.keys(system.environments)
        .sort()
        .map((env) => resolveEnvironment(system, env));
      // The rules that depend on an environment judge what was resolved for it.
      checkResolved(system, environments).throwIfAny(system.id);
      resolved.push(...environments);
    } catch (err) {
      if (err instanceof InvalidSystemError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw new InvalidDescriptionError(errors);
  return resolved;
}

/** `resolveAll`, and the problems of delivering the result together (clusters, ApplicationSet constraints). */
export function resolveDeliverable(systems: readonly System[], delivery: DeliverySettings): ResolvedSystem[] {
  const resolved = resolveAll(systems);
  const undeliverable = deliveryProblems(resolved, delivery.mode ?? 'applications');
  if (undeliverable.length > 0) throw new InvalidDescriptionError(undeliverable);
  return resolved;
}

/** The whole `dist/` tree in memory, but for the diagrams still to render. */
export function synthesize(systems: readonly System[], delivery: DeliverySettings): Synthesis {
  const files: ManifestFile[] = [];
  const { warnings, diagrams } = synthesizeTo(systems, delivery, (file) => files.push(file));
  return { files, warnings, diagrams };
}

/** Where each system in each environment goes, and whether Argo CD may sync it by itself. */
export function deliveryTargets(resolved: readonly ResolvedSystem[]): ApplicationTarget[] {
  return resolved.map((s) => ({
    system: s.id,
    environment: s.environment,
    namespace: s.namespace,
    namespaces: s.namespaces.map((n) => n.name),
    destination: s.destination,
    // The services stay out of the text, so a release of one image changes its image lines and nothing else.
    ...(releaseComplete(s) ? {} : { manualBecause: `its release is not complete: berth release --check ${s.id} ${s.environment} lists what is missing` }),
  }));
}

/**
 * The whole `dist/` tree, each file handed to `emit` as soon as it is complete (in no particular order), so
 * that nothing holds all of it; the diagrams (OVERVIEW.svg) come back as sources, for `renderDiagrams`, as
 * Graphviz runs asynchronously. Every description is validated and resolved first: an invalid one throws
 * InvalidDescriptionError before the first file is emitted.
 */
export function synthesizeTo(
  systems: readonly System[],
  delivery: DeliverySettings,
  emit: (file: ManifestFile) => void,
  options: SynthesisOptions = {},
): { warnings: readonly string[]; diagrams: readonly Diagram[] } {
  const resolved = resolveDeliverable(systems, delivery);
  const app = new App();
  const diagrams: Diagram[] = [];
  // The kinds written into the clusters, for the AppProject's whitelists: exactly these, nothing else; the
  // cluster-scoped ones with the names of their objects.
  const kinds = new Map<string, { group: string; kind: string; namespaced: boolean; names: Set<string> }>();
  const observeKind = (m: Manifest) => {
    const slash = m.apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : m.apiVersion.slice(0, slash);
    const key = `${group}/${m.kind}`;
    const namespaced = m.metadata.namespace !== undefined;
    if (!kinds.has(key)) kinds.set(key, { group, kind: m.kind, namespaced, names: new Set() });
    if (!namespaced) kinds.get(key)!.names.add(m.metadata.name);
  };
  for (const system of resolved) {
    const dir = systemDir(system.id, system.environment);
    const overview = (options.overviews ?? true) ? new Overview(system, dir) : undefined;
    const renderer = new ChartRenderer(dir, emit, (m, object) => {
      observeKind(m);
      overview?.observe(m, object);
    });
    const chart = new SystemChart(app, system, (part, complete) => renderer.add(part, complete));
    renderer.add(chart);
    renderer.flush();
    app.node.tryRemoveChild(chart.node.id);
    if (!overview) continue;
    const { markdown, diagram } = overview.files();
    emit(markdown);
    if (diagram) diagrams.push(diagram);
  }
  const clusterRenderer = new ChartRenderer(OUTPUT.cluster, emit, observeKind);
  clusterRenderer.add(new ClusterChart(app, OUTPUT.cluster));
  clusterRenderer.flush();
  const sortedKinds: EmittedKind[] = [...kinds.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind))
    .map((k) => ({ group: k.group, kind: k.kind, namespaced: k.namespaced, names: [...k.names].sort() }));
  const deliveryChart = new DeliveryChart(app, 'argocd', delivery, deliveryTargets(resolved), sortedKinds);
  for (const file of chartFiles(deliveryChart, OUTPUT.argocd)) {
    // The root application and its project are applied by hand; everything else is what the root syncs.
    emit(file.path === `${OUTPUT.argocd}/${ARGOCD.root}.yaml` ? file : { ...file, path: file.path.replace(`${OUTPUT.argocd}/`, `${OUTPUT.argocdApps}/`) });
  }
  return { warnings: resolved.flatMap((s) => s.warnings), diagrams };
}
