import { App } from 'cdk8s';
import { ClusterChart, DeliveryChart, type DeliverySettings } from './constructs/delivery';
import { SystemChart } from './constructs/system-chart';
import { ARGOCD, OUTPUT, systemDir } from './model/names';
import { InvalidSystemError } from './model/problems';
import { checkResolved } from './model/check-resolved';
import { resolveEnvironment, type ResolvedSystem } from './model/resolve';
import { validateSystem } from './model/validate';
import type { System } from './model/types';
import { ChartRenderer, chartFiles, type ManifestFile } from './output';

export interface Synthesis {
  readonly files: readonly ManifestFile[];
  readonly warnings: readonly string[];
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

/** The whole `dist/` tree, in memory. */
export function synthesize(systems: readonly System[], delivery: DeliverySettings): Synthesis {
  const files: ManifestFile[] = [];
  const { warnings } = synthesizeTo(systems, delivery, (file) => files.push(file));
  return { files, warnings };
}

/**
 * The whole `dist/` tree, each file handed to `emit` as soon as it is complete (in no particular order), so
 * that nothing holds all of it. Every description is validated and resolved first: an invalid one throws
 * InvalidDescriptionError before the first file is emitted.
 */
export function synthesizeTo(systems: readonly System[], delivery: DeliverySettings, emit: (file: ManifestFile) => void): { warnings: readonly string[] } {
  const resolved = resolveAll(systems);
  const app = new App();
  for (const system of resolved) {
    const renderer = new ChartRenderer(systemDir(system.id, system.environment), emit);
    const chart = new SystemChart(app, system, (part, complete) => renderer.add(part, complete));
    renderer.add(chart);
    renderer.flush();
    app.node.tryRemoveChild(chart.node.id);
  }
  const deliveryChart = new DeliveryChart(
    app,
    'argocd',
    delivery,
    resolved.map((s) => ({ system: s.id, environment: s.environment, namespace: s.namespace, namespaces: s.namespaces.map((n) => n.name) })),
  );
  for (const file of chartFiles(deliveryChart, OUTPUT.argocd)) {
    // The root application is applied by hand; everything else is what it syncs.
    emit(file.path === `${OUTPUT.argocd}/${ARGOCD.root}.yaml` ? file : { ...file, path: file.path.replace(`${OUTPUT.argocd}/`, `${OUTPUT.argocdApps}/`) });
  }
  for (const file of chartFiles(new ClusterChart(app, OUTPUT.cluster), OUTPUT.cluster)) emit(file);
  return { warnings: resolved.flatMap((s) => s.warnings) };
}
