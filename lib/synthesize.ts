import { App } from 'cdk8s';
import { ClusterChart, DeliveryChart, type DeliverySettings } from './constructs/delivery';
import { SystemChart } from './constructs/system-chart';
import { ARGOCD } from './model/names';
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
  const resolved = resolveAll(systems);
  const app = new App();
  const files: ManifestFile[] = [];
  for (const system of resolved) {
    const renderer = new ChartRenderer(`${system.id}/${system.environment}`);
    const chart = new SystemChart(app, system, (part) => renderer.add(part));
    renderer.add(chart);
    app.node.tryRemoveChild(chart.node.id);
    files.push(...renderer.files());
  }
  const deliveryChart = new DeliveryChart(
    app,
    'argocd',
    delivery,
    resolved.map((s) => ({ system: s.id, environment: s.environment, namespace: s.namespace, namespaces: s.namespaces.map((n) => n.name) })),
  );
  for (const file of chartFiles(deliveryChart, 'argocd')) {
    // The root application is applied by hand; everything else is what it syncs.
    files.push(file.path === `argocd/${ARGOCD.root}.yaml` ? file : { ...file, path: file.path.replace('argocd/', 'argocd/apps/') });
  }
  files.push(...chartFiles(new ClusterChart(app, 'cluster'), 'cluster'));
  return { files, warnings: resolved.flatMap((s) => s.warnings) };
}
