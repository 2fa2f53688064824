import type { Dependencies } from './deployed';
import type { System } from './types';

/**
 * Argo CD sync waves, by compose name, in three bands: the entry path (routed backends that are not
 * non-critical, and everything they depend on), then a wave left for the Ingresses, then every other
 * service, then the non-critical ones. Argo CD never applies a wave after an unhealthy one, so nothing off the
 * entry path can keep the public entry from being applied. Within a band each service comes one wave after its
 * latest dependency; a service that depends on a later band joins it.
 */
export function syncWaves(system: System, deployed: readonly string[], dependencies: ReadonlyMap<string, Dependencies>): Map<string, number> {
  const deps = new Map([...dependencies].map(([name, list]) => [name, list.map((d) => d.service)]));
  const depsOf = (name: string) => deps.get(name) ?? [];
  const nonCritical = (name: string) => system.services[name].tier === 'non-critical';
  const isDeployed = new Set(deployed);
  const routed = [...new Set((system.routes ?? []).flatMap((r) => r.paths.map((p) => p.service)))].filter((s) => isDeployed.has(s));
  const entry = closure(
    routed.filter((s) => !nonCritical(s)),
    depsOf,
  );

  const bands = new Map<string, number>();
  const bandOf = (name: string): number => {
    const known = bands.get(name);
    if (known !== undefined) return known;
    const band = Math.max(entry.has(name) ? 0 : nonCritical(name) ? 2 : 1, ...depsOf(name).map(bandOf));
    bands.set(name, band);
    return band;
  };
  const waves = new Map<string, number>();
  const waveOf = (name: string, start: number): number => {
    const known = waves.get(name);
    if (known !== undefined) return known;
    const wave = Math.max(start, ...depsOf(name).map((d) => 1 + waveOf(d, start)));
    waves.set(name, wave);
    return wave;
  };
  let start = 0;
  for (const band of [0, 1, 2]) {
    const members = deployed.filter((n) => bandOf(n) === band);
    for (const name of members) waveOf(name, start);
    const last = Math.max(start - 1, ...members.map((n) => waves.get(n)!));
    start = band === 0 && routed.length > 0 ? last + 2 : last + 1;
  }
  return waves;
}

/** `roots` and everything reachable from them through `next`. */
function closure(roots: readonly string[], next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    next(name).forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}
