import type { ComposeProject } from '../compose/types';
import type { ImportWarning } from './context';

/**
 * Which compose services share another's network namespace (`network_mode: "service:vpn"`, or
 * `"container:<vpn's container_name>"`): in Kubernetes each is a sidecar, one more container of the pod of the
 * service at the end of the chain (a → b → c: a and b are sidecars of c).
 */
export interface Pods {
  /** Sidecar → the service whose pod it runs in (the root of its chain). */
  readonly rootOf: ReadonlyMap<string, string>;
  /** Root → its sidecars, sorted. */
  readonly sidecarsOf: ReadonlyMap<string, readonly string[]>;
  /** What stops the import: a name that is no service, a chain that comes back to itself. */
  readonly problems: readonly ImportWarning[];
}

/** The service whose network namespace `name` joins, when compose says one (else undefined). */
function sharedWith(project: ComposeProject, name: string, containers: ReadonlyMap<string, string>): { target?: string; problem?: string } {
  const mode = project.services[name].networkMode;
  if (mode?.startsWith('service:')) {
    const target = mode.slice('service:'.length);
    if (Object.hasOwn(project.services, target)) return { target };
    return { problem: `"${mode}" names no service of the project (known: ${Object.keys(project.services).sort().join(', ')}); name the service whose network it shares` };
  }
  // `container:<id or name>` of a container outside the project stays unmapped (process.ts warns about it).
  if (mode?.startsWith('container:')) return { target: containers.get(mode.slice('container:'.length)) };
  return {};
}

export function podsOf(project: ComposeProject): Pods {
  const containers = new Map<string, string>();
  for (const s of Object.values(project.services)) if (s.containerName !== undefined) containers.set(s.containerName, s.name);
  const problems: ImportWarning[] = [];
  const next = new Map<string, string>();
  for (const name of Object.keys(project.services).sort()) {
    const { target, problem } = sharedWith(project, name, containers);
    if (problem !== undefined) problems.push({ path: `services.${name}.network_mode`, message: problem });
    else if (target === name) problems.push({ path: `services.${name}.network_mode`, message: 'a service cannot share its own network namespace; remove network_mode' });
    else if (target !== undefined) next.set(name, target);
  }
  const rootOf = new Map<string, string>();
  for (const name of [...next.keys()].sort()) {
    const chain = [name];
    let at = next.get(name)!;
    while (next.has(at) && !chain.includes(at)) {
      chain.push(at);
      at = next.get(at)!;
    }
    if (chain.includes(at)) {
      // Report a cycle once, on its first member in name order.
      const cycle = chain.slice(chain.indexOf(at));
      if (cycle.every((c) => c >= name))
        problems.push({
          path: `services.${name}.network_mode`,
          message: `${[...cycle, at].join(' → ')} share each other's network in a circle: one of them must own the network; remove network_mode from it`,
        });
    } else rootOf.set(name, at);
  }
  const sidecarsOf = new Map<string, string[]>();
  for (const [sidecar, root] of [...rootOf].sort(([a], [b]) => a.localeCompare(b))) sidecarsOf.set(root, [...(sidecarsOf.get(root) ?? []), sidecar]);
  return { rootOf, sidecarsOf, problems };
}
