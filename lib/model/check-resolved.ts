import { checkHeap } from './check-heap';
import { checkObjectNames } from './check-names';
import { ProblemList, show } from './problems';
import type { ResolvedLongRunning, ResolvedService, ResolvedSidecar, ResolvedSystem } from './resolved';
import type { System } from './types';

/**
 * The rules that depend on an environment, judged on what resolution decided for it (the replicas, access
 * modes and dependencies the constructs will render), never re-derived. Problems are phrased in chart terms
 * and reported once even when several environments share them.
 */
export function checkResolved(system: System, environments: readonly ResolvedSystem[]): ProblemList {
  const problems = new ProblemList();
  for (const env of environments) {
    const byComposeName = new Map(env.services.map((s) => [s.composeName, s]));
    checkClaims(env, byComposeName, problems);
    checkDependencies(system, env, byComposeName, problems);
    checkRoutes(system, env, byComposeName, problems);
    checkEntryPath(env, byComposeName, problems);
    for (const svc of env.services) {
      checkHeap(env.environment, svc, problems);
      checkMemoryScratch(system, env, svc, problems);
      if (svc.kind === 'long-running') checkCopies(system, env, svc, problems);
      if (svc.kind === 'one-shot' && svc.oneShot.sampleData && env.settings.production) {
        problems.add(`services.${svc.composeName}.onlyIn`, `loads sample data but ${env.environment} is a production environment; limit it with onlyIn to the others`);
      }
    }
    checkObjectNames(env, problems);
    if (env.settings.production) checkAssumptions(system, env.environment, problems);
  }
  return problems.deduplicated();
}

/**
 * The copies a long-running service runs here, after the environment's overrides: the values the Deployment and
 * its autoscaler get. A problem names the field where the value was set: the environment's override, or the
 * service itself.
 */
function checkCopies(system: System, env: ResolvedSystem, svc: ResolvedLongRunning, problems: ProblemList): void {
  const override = system.environments[env.environment].services?.[svc.composeName];
  const at = (field: 'replicas' | 'autoscaling') =>
    override?.[field] !== undefined ? `environments.${env.environment}.services.${svc.composeName}.${field}` : `services.${svc.composeName}.${field}`;
  if (!Number.isInteger(svc.replicas) || svc.replicas < 0) problems.add(at('replicas'), `${show(svc.replicas)} is not a replica count (0 or more)`);
  if (svc.singleton && svc.replicas !== 1) problems.add(at('replicas'), `a singleton runs exactly 1 replica, got ${svc.replicas}`);
  if (svc.singleton && svc.autoscaling) problems.add(at('autoscaling'), 'a singleton cannot autoscale');
  const a = svc.autoscaling;
  if (a && (a.minReplicas < 1 || a.maxReplicas < a.minReplicas)) problems.add(at('autoscaling'), `needs 1 <= minReplicas <= maxReplicas, got ${a.minReplicas}..${a.maxReplicas}`);
  if (a && a.cpuUtilizationPercent < 1) problems.add(`${at('autoscaling')}.cpuUtilizationPercent`, `${a.cpuUtilizationPercent} must be at least 1`);
}

/**
 * What a process writes to an in-memory emptyDir is memory charged to its container: the sizes together must
 * leave the process room below the memory limit this environment gives it, or filling them gets it OOM-killed.
 */
function checkMemoryScratch(system: System, env: ResolvedSystem, svc: ResolvedService, problems: ProblemList): void {
  for (const c of [svc, ...svc.sidecars]) {
    const inMemory = c.scratch.filter((s) => s.inMemory);
    const totalMi = inMemory.reduce((sum, s) => sum + (s.sizeMi ?? 0), 0);
    const limitMi = c.resources.memoryLimitMi;
    if (inMemory.length === 0 || totalMi < limitMi) continue;
    const sidecar = c === svc ? '' : `.sidecars.${(c as ResolvedSidecar).name}`;
    const overridden = sidecar === '' && system.environments[env.environment].services?.[svc.composeName]?.resources !== undefined;
    const limitAt = overridden ? `environments.${env.environment}.services.${svc.composeName}.resources` : `services.${svc.composeName}${sidecar}.resources`;
    problems.add(
      `services.${svc.composeName}${sidecar}.scratch`,
      `in-memory paths of ${inMemory.map((s) => `${s.sizeMi} MiB (${s.path})`).join(' + ')} = ${totalMi} MiB fill the memory limit of ${limitMi} MiB in ${env.environment}, ` +
        `leaving the process nothing: raise memoryLimitMi in ${limitAt} above ${totalMi} MiB plus what the process needs, shrink sizeMi, or keep a path on disk (inMemory: false)`,
    );
  }
}

/** A ReadWriteOnce claim is mounted on one node: one consumer, one copy. */
function checkClaims(env: ResolvedSystem, services: ReadonlyMap<string, ResolvedService>, problems: ProblemList): void {
  const byName = new Map([...services.values()].map((s) => [s.name, s]));
  for (const volume of env.volumes.filter((v) => v.accessMode === 'ReadWriteOnce')) {
    const consumers = volume.consumers.map((c) => byName.get(c)!);
    if (consumers.length > 1) {
      problems.add(`volumes.${volume.composeName}`, `mounted by ${consumers.map((c) => c.composeName).join(' and ')} but accessMode is ReadWriteOnce; use ReadWriteMany`);
      continue;
    }
    const [svc] = consumers;
    if (svc.kind === 'long-running' && svc.replicated) {
      const copies = svc.autoscaling ? `up to ${svc.autoscaling.maxReplicas} autoscaled replicas` : `${svc.replicas} replicas`;
      problems.add(
        `environments.${env.environment}.services.${svc.composeName}.replicas`,
        `${copies} share the ReadWriteOnce volume ${show(volume.composeName)}, which only one node can mount; use 1 replica or ReadWriteMany`,
      );
    }
  }
}

function checkDependencies(system: System, env: ResolvedSystem, services: ReadonlyMap<string, ResolvedService>, problems: ProblemList): void {
  for (const svc of env.services) {
    for (const dep of svc.dependsOn) {
      if (services.has(dep.composeName) || !system.services[dep.composeName]) continue;
      problems.add(
        `services.${svc.composeName}.dependsOn.${dep.composeName}`,
        `${show(dep.composeName)} is not deployed in ${env.environment}, but ${show(svc.composeName)} is; deploy it there, or make the dependency optional with { condition, required: false }`,
      );
    }
  }
}

function checkRoutes(system: System, env: ResolvedSystem, services: ReadonlyMap<string, ResolvedService>, problems: ProblemList): void {
  (system.routes ?? []).forEach((route, r) =>
    route.paths.forEach((p, i) => {
      if (system.services[p.service] && !services.has(p.service)) problems.add(`routes[${r}].paths[${i}].service`, `${show(p.service)} is not deployed in ${env.environment}`);
    }),
  );
}

/**
 * The public entry path (routed backends that are not non-critical, and everything they wait for) syncs before
 * the Ingress. A non-critical service on it would hold the Ingress back whenever it fails to get healthy.
 */
function checkEntryPath(env: ResolvedSystem, services: ReadonlyMap<string, ResolvedService>, problems: ProblemList): void {
  const byName = new Map([...services.values()].map((s) => [s.name, s]));
  const seen = new Set<string>();
  const visit = (svc: ResolvedService, trail: string[]) => {
    if (seen.has(svc.name)) return;
    seen.add(svc.name);
    for (const dep of svc.dependsOn) {
      const target = byName.get(dep.service);
      if (!target) continue;
      if (target.tier === 'non-critical') {
        problems.add(
          `services.${svc.composeName}.dependsOn.${target.composeName}`,
          `${[...trail, svc.composeName].join(' → ')} is routed publicly and waits for non-critical ${show(target.composeName)}; its failure would keep Argo CD from ever applying the Ingress. Raise its tier or drop the dependency`,
        );
      }
      visit(target, [...trail, svc.composeName]);
    }
  };
  for (const path of env.routes.flatMap((r) => r.paths)) {
    const backend = byName.get(path.service);
    if (backend && backend.tier !== 'non-critical') visit(backend, []);
  }
}

/** A production environment runs only decided values: each `assumed(…)` needs someone to confirm or change it. */
function checkAssumptions(system: System, environment: string, problems: ProblemList): void {
  for (const a of system.assumptions ?? []) {
    problems.add(a.path, `${show(a.value)} is assumed (${a.because}) and ${environment} is a production environment; decide: write the value without assumed(…)`);
  }
}
