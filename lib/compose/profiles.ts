/**
 * Which services run (compose-spec `15-profiles.md`): a service without `profiles` always; one with profiles when
 * one of them is requested (`--profile`, else the `COMPOSE_PROFILES` variable, comma-separated; `*` is every
 * profile). A service that an active service requires through `depends_on` is activated too, as compose does
 * for the services a command names, with a warning saying why.
 */
import type { Problems } from './problems';
import type { ComposeLocation, ComposeService } from './types';

type Inactive = Omit<ComposeService, 'active'>;

export function requestedProfiles(profiles: readonly string[] | undefined, variable: string | undefined): string[] {
  if (profiles !== undefined && profiles.length > 0) return [...profiles];
  return (variable ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function activate(
  services: Readonly<Record<string, Inactive>>,
  requested: readonly string[],
  problems: Problems,
  where: (path: string) => ComposeLocation | undefined,
): Set<string> {
  const all = requested.includes('*');
  const active = new Set(
    Object.values(services)
      .filter((s) => s.profiles.length === 0 || all || s.profiles.some((p) => requested.includes(p)))
      .map((s) => s.name),
  );
  const queue = [...active];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const [dep, spec] of Object.entries(services[name].dependsOn)) {
      // Own keys only: a dependency named `valueOf` is no service (and no prototype method).
      if (!spec.required || active.has(dep) || !Object.hasOwn(services, dep)) continue;
      active.add(dep);
      queue.push(dep);
      const path = `services.${name}.depends_on.${dep}`;
      problems.warn(
        where(path),
        path,
        `${dep} (profiles: ${services[dep].profiles.join(', ')}) is activated because ${name} depends on it`,
        `request one of its profiles, or mark the dependency required: false`,
      );
    }
  }
  const known = new Set(Object.values(services).flatMap((s) => s.profiles));
  for (const p of requested) {
    if (p !== '*' && !known.has(p))
      problems.warn(undefined, 'profiles', `profile '${p}' matches no service`, known.size === 0 ? 'no service has profiles' : `known profiles: ${[...known].sort().join(', ')}`);
  }
  return active;
}
