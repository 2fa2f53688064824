import { instanceName } from '../model/names';
import type { ResolvedSystem } from '../model/resolve';

export const MANAGED_BY = 'berth';

/** The label that names a component; output files are grouped by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';
/** The label that names a system's environment (`<system>-<env>`). */
const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/**
 * The only labels a selector may use: name and instance never change for the life of a workload, and
 * selectors are immutable (a changed selector makes Argo CD's sync fail with "field is immutable").
 */
export function selectorLabels(system: ResolvedSystem, name: string): Record<string, string> {
  return {
    [INSTANCE_LABEL]: instanceName(system.id, system.environment),
    [NAME_LABEL]: name,
  };
}

/** The recommended `app.kubernetes.io/*` labels, on every object berth writes. */
export function objectLabels(system: ResolvedSystem, name: string, component: string): Record<string, string> {
  // selectorLabels' two, named rather than spread: a spread makes every object's labels field by field (2 µs).
  return {
    [INSTANCE_LABEL]: instanceName(system.id, system.environment),
    [NAME_LABEL]: name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': system.id,
  };
}
