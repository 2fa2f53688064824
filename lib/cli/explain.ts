import { delivery, systems } from '../../charts';
import { commandArgs } from './args';
import type { CatalogLookup } from '../explain/provenance';
import { serviceStory } from '../explain/story';
import { findImage } from '../images';
import { textTable } from '../explain/text';
import { kubeName, systemDir } from '../model/names';
import type { ResolvedSystem } from '../model/resolve';
import type { System } from '../model/types';
import { allowedPaths, pathText } from '../network/paths';
import { overviewTables } from '../overview/tables';
import { InvalidDescriptionError, resolveAll, synthesize } from '../synthesize';
import { type LoadedObject, parseManifests } from '../validate/manifests';
import { checkPolicy } from '../validate/policy';
import { checkRuntime } from '../validate/runtime';

const USAGE = `usage: berth explain <system> [--env <environment>] [--service <service>]

Prints what OVERVIEW.md shows, in the terminal: services, probes and gates, routes, external dependencies,
volumes, and the network paths the NetworkPolicies allow. With --service, that service's whole story: where
each value comes from (chart, environment override, catalog, default, computed), env files and files it
takes whole, what it waits for, who may reach it and what it may reach, and which warnings and exemptions
apply. Without --env, every environment.`;

class UsageError extends Error {}

const known = (names: readonly string[]) => names.join(', ') || 'none';

/** The objects of one environment's directory, as a synth writes them. */
function objectsOf(chart: System, system: ResolvedSystem): LoadedObject[] {
  const dir = `${systemDir(system.id, system.environment)}/`;
  return synthesize([chart], delivery)
    .files.filter((f) => f.path.startsWith(dir) && f.path.endsWith('.yaml'))
    .flatMap((f) => parseManifests(f.content, f.path));
}

function systemText(system: ResolvedSystem, objects: readonly LoadedObject[], width: number): string {
  const paths = allowedPaths(objects).map((p) => `  ${pathText(p)}`);
  return [
    `${system.id}/${system.environment}: ${system.description}`,
    `namespaces ${system.namespaces.map((n) => `${n.name} (${n.enforce})`).join(', ')}${system.settings.production ? ', production' : ''}`,
    ...overviewTables(system).flatMap((t) => ['', textTable(t, width)]),
    '',
    'Network paths (what the NetworkPolicies allow)',
    '----------------------------------------------',
    ...paths,
  ].join('\n');
}

/** The explanation of `systemId`, for `--env` or every environment, for `--service` or the whole system. */
export function explain(systemId: string, options: { env?: string; service?: string; width?: number }, charts: readonly System[] = systems): string {
  const chart = charts.find((s) => s.id === systemId);
  if (!chart) throw new UsageError(`no system "${systemId}" (known: ${known(charts.map((s) => s.id))})`);
  const envs = Object.keys(chart.environments).sort();
  if (options.env !== undefined && !envs.includes(options.env)) throw new UsageError(`system "${systemId}" has no environment "${options.env}" (known: ${known(envs)})`);
  const wanted = options.service;
  const composeNames = Object.keys(chart.services).sort();
  if (wanted !== undefined && !composeNames.some((n) => kubeName(n) === kubeName(wanted))) {
    throw new UsageError(`no service "${wanted}" in ${systemId} (known: ${known(composeNames)})`);
  }
  const resolved = resolveAll([chart]).filter((s) => options.env === undefined || s.environment === options.env);
  return resolved
    .map((system) => {
      const objects = objectsOf(chart, system);
      if (wanted === undefined) return systemText(system, objects, options.width ?? 160);
      const svc = system.services.find((s) => s.name === kubeName(wanted));
      if (!svc) return `${wanted} is described in ${systemId} but not deployed in ${system.environment} (enabled: false, or onlyIn other environments)`;
      return serviceStory({ chart, system, svc, objects, findings: [...checkPolicy(objects), ...checkRuntime(objects)], catalog: catalogFacts });
    })
    .join('\n\n');
}

/** `berth explain <system> [--env e] [--service s]`. */
export function run(argv: readonly string[]): number {
  const parsed = commandArgs('explain', USAGE, argv, { env: { type: 'string' }, service: { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  try {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which system? give its id' : `one system at a time (got ${positionals.join(', ')})`);
    console.log(explain(positionals[0], { env: values.env, service: values.service, width: process.stdout.columns }));
    return 0;
  } catch (err) {
    if (err instanceof InvalidDescriptionError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof UsageError) {
      console.error(`berth explain: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** What the image catalog says of an image: the UID, GID, fsGroup, writable paths and settings a chart may have taken from it. */
const catalogFacts: CatalogLookup = (image) => {
  const found = findImage(image);
  return found && { uid: found.user.uid, gid: found.user.gid, fsGroup: found.user.fsGroup, writablePaths: found.writablePaths, env: found.env };
};
