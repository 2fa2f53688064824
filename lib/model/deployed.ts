import type { Dependency, DependencyCondition, System } from './types';

/** Which services run in an environment, and which dependencies they wait for there. */

/** Whether a service runs in an environment: `onlyIn`, then `enabled`, then the environment's switch. */
export function isDeployedIn(system: System, name: string, envName: string): boolean {
  const svc = system.services[name];
  if (svc.onlyIn && !svc.onlyIn.includes(envName)) return false;
  return system.environments[envName]?.services?.[name]?.enabled ?? svc.enabled ?? true;
}

export function conditionOf(entry: Dependency): DependencyCondition {
  return typeof entry === 'string' ? entry : entry.condition;
}

export function isRequired(entry: Dependency): boolean {
  return typeof entry === 'string' || entry.required !== false;
}

/** A service's dependencies in one environment, by compose name and sorted. */
export type Dependencies = readonly { readonly service: string; readonly condition: DependencyCondition }[];

/**
 * The dependencies a service waits for in one environment, by compose name and sorted: every required one, and
 * the optional ones (`required: false`) that are deployed there.
 */
export function dependenciesIn(system: System, name: string, envName: string): Dependencies {
  return Object.entries(system.services[name].dependsOn ?? {})
    .filter(([dep, entry]) => isRequired(entry) || (system.services[dep] !== undefined && isDeployedIn(system, dep, envName)))
    .map(([service, entry]) => ({ service, condition: conditionOf(entry) }))
    .sort((a, b) => a.service.localeCompare(b.service));
}
