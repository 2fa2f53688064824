import { DEPENDS_ON, HEALTH_CHECK_SOURCE, LONGEST_TASK, REDIS_ROLE } from '../annotations';
import { podPorts } from '../model/objects';
import type { ResolvedService, ResolvedSystem } from '../model/resolve';

/**
 * What the documents say that Kubernetes has no field for — a service's purpose, its compose name and restart
 * policy, what was not deployed and why — travels with the objects as `berth.dev/*` annotations, so the
 * committed manifests answer "where did this come from?" without the documents.
 */
export function descriptionAnnotation(description: string): Record<string, string> {
  return { 'berth.dev/description': description };
}

/**
 * A workload's facts. Several are read back by `npm run validate`: `depends-on` (what may sync before the
 * Ingress), `health-check-source` (no probe on an invented path), `longest-task-seconds` (the grace period
 * covers it) and `roles` (a broker never evicts).
 */
export function serviceFacts(svc: ResolvedService): Record<string, string> {
  const published = podPorts(svc).filter((p) => p.published !== undefined && p.published !== p.port);
  // Where each HTTP check comes from: the service's own, then each sidecar's, named.
  const sources = [svc.healthCheck?.source, ...svc.sidecars.map((s) => s.healthCheck?.source && `${s.name}: ${s.healthCheck.source}`)].filter((x) => x);
  return {
    ...descriptionAnnotation(svc.description),
    'berth.dev/compose-service': svc.composeName,
    ...(svc.restart ? { 'berth.dev/compose-restart': svc.restart } : {}),
    ...(published.length > 0 ? { 'berth.dev/compose-published': published.map((p) => `${p.published}:${p.port}`).join(', ') } : {}),
    ...(svc.dependsOn.length > 0 ? { [DEPENDS_ON]: svc.dependsOn.map((d) => `${d.service}: ${d.condition}`).join(', ') } : {}),
    ...(sources.length > 0 ? { [HEALTH_CHECK_SOURCE]: sources.join('; ') } : {}),
    ...(svc.longestTaskSeconds !== undefined ? { [LONGEST_TASK]: String(svc.longestTaskSeconds) } : {}),
    ...(svc.roles.length > 0 ? { [REDIS_ROLE]: svc.roles.join(', ') } : {}),
  };
}

export function systemFacts(system: ResolvedSystem): Record<string, string> {
  const list = (entries: string[]) => entries.join('; ');
  return {
    ...descriptionAnnotation(system.description),
    'berth.dev/sources': list([...system.sources]),
    ...(system.externals.length > 0 ? { 'berth.dev/externals': list(system.externals.map((e) => `${e.name}: ${e.host ?? 'any host'}:${e.port} (${e.description})`)) } : {}),
    ...(Object.keys(system.replaced).length > 0
      ? {
          'berth.dev/not-deployed': list(
            Object.keys(system.replaced)
              .sort()
              .map((k) => `${k}: ${system.replaced[k]}`),
          ),
        }
      : {}),
    ...(Object.keys(system.contradictions).length > 0
      ? {
          'berth.dev/departs-from-documents': list(
            Object.keys(system.contradictions)
              .sort()
              .map((k) => `${k}: ${system.contradictions[k]}`),
          ),
        }
      : {}),
  };
}
