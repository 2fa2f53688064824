import type { Finding, LoadedObject } from './manifests';
import { finding, isProtected, SYNC_OPTIONS } from './runtime-index';

/** Rules about the objects that deliver the systems: Argo CD Applications and their projects, PriorityClasses. */

/** A destination pattern of an AppProject (`*` and `?` globs, as Argo CD matches them). */
export function globMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return false;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/**
 * [argocd-destination] An Application's destination must be one its AppProject allows, namespace included:
 * Argo CD compares the namespace even for an Application that holds only cluster-scoped objects, and an empty
 * namespace matches no listed destination (argo-cd#11510). The Application then never syncs, with no error
 * anywhere but its own status.
 */
export function argocdDestination(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'argocd-destination';
  const projects = new Map(objects.filter((o) => o.kind === 'AppProject').map((p) => [p.name, p]));
  return objects
    .filter((o) => o.kind === 'Application')
    .flatMap((app) => {
      const project = projects.get(app.body.spec?.project ?? 'default');
      const allowed: { server?: string; name?: string; namespace?: string }[] | undefined = project?.body.spec?.destinations;
      if (!project || !allowed) return [];
      const dest = app.body.spec?.destination ?? {};
      const namespace: string = dest.namespace ?? '';
      const ok = allowed.some(
        (d) => (dest.server !== undefined ? globMatches(d.server, dest.server) : globMatches(d.name, dest.name ?? '')) && globMatches(d.namespace, namespace),
      );
      if (ok) return [];
      const listed = allowed.map((d) => `${d.server ?? d.name}/${d.namespace}`).join(', ');
      return [
        finding(
          app,
          'spec.destination.namespace',
          `${namespace === '' ? 'no namespace' : `namespace ${JSON.stringify(namespace)}`} on ${dest.server ?? dest.name} is not among AppProject ${project.name}'s destinations (${listed}): Argo CD refuses to sync it${namespace === '' ? ' (an empty namespace matches none, even for cluster-scoped objects)' : ''}; set a namespace the project lists, or list it`,
          rule,
        ),
      ];
    });
}

/**
 * [priority-preemption] A PriorityClass that may preempt evicts every pod of lower priority to make room,
 * including the platform's own ingress controller, cert-manager and Argo CD, which usually run at priority 0.
 * Application tiers order scheduling and node-pressure eviction; they should not preempt.
 */
export function priorityPreemption(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'priority-preemption';
  return objects
    .filter((o) => o.kind === 'PriorityClass' && (o.body.value ?? 0) > 0 && (o.body.preemptionPolicy ?? 'PreemptLowerPriority') !== 'Never')
    .map((o) =>
      finding(
        o,
        'preemptionPolicy',
        `${JSON.stringify(o.body.preemptionPolicy ?? 'PreemptLowerPriority (the default)')} lets pods of priority ${o.body.value} evict the platform's pods at priority 0 (ingress controller, Argo CD): set preemptionPolicy: Never`,
        rule,
      ),
    );
}

/**
 * [priority-class-protection] A PriorityClass that Argo CD may prune or delete with its app: from then on the
 * API server refuses every new pod that names it (no such PriorityClass), in every system at once.
 */
export function priorityClassProtection(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'priority-class-protection';
  return objects
    .filter((o) => o.kind === 'PriorityClass' && !isProtected(o))
    .map((o) =>
      finding(
        o,
        `metadata.annotations["${SYNC_OPTIONS}"]`,
        `deleting its app (or renaming the tier) removes it, and every pod that names it is refused at admission; set ${SYNC_OPTIONS}: Prune=false,Delete=false`,
        rule,
      ),
    );
}
