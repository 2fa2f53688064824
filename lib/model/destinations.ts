import { namespaceName } from './names';
import { InvalidSystemError, ProblemList, show } from './problems';
import type { ResolvedSystem } from './resolved';
import type { ClusterDestination } from './types';

/**
 * Where Argo CD deploys an environment. Argo CD registers its own cluster as `in-cluster`, at
 * https://kubernetes.default.svc; every other cluster is added with `argocd cluster add` under a name.
 */
export const IN_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' } as const;

/** An environment that names no destination is deployed to Argo CD's own cluster. */
export const DEFAULT_DESTINATION: ClusterDestination = { server: IN_CLUSTER.server };

/** A stable id of a destination cluster: its Argo CD name, `in-cluster` for Argo CD's own, else its server's host. */
export function clusterId(destination: ClusterDestination): string {
  if ('name' in destination) return destination.name;
  if (destination.server === IN_CLUSTER.server) return IN_CLUSTER.name;
  return destination.server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

/** `name prod` or `server https://…`, for messages. */
export function describeDestination(destination: ClusterDestination): string {
  return 'name' in destination ? `cluster ${destination.name}` : `server ${destination.server}`;
}

/**
 * The cluster's name in Argo CD, as an ApplicationSet names it: a named destination, or `in-cluster` for Argo
 * CD's own. Another server has no name berth knows (`checkApplicationSet` reports it).
 */
export function clusterName(destination: ClusterDestination): string {
  return 'name' in destination ? destination.name : destination.server === IN_CLUSTER.server ? IN_CLUSTER.name : destination.server;
}

/** Distinct destination clusters, by id, in the order first named (`deliveryProblems` reports two spellings of one). */
export function destinationClusters(destinations: readonly ClusterDestination[]): ClusterDestination[] {
  const byId = new Map<string, ClusterDestination>();
  for (const d of destinations) if (!byId.has(clusterId(d))) byId.set(clusterId(d), d);
  return [...byId.values()];
}

/** How the systems are handed to Argo CD: one Application each, or one ApplicationSet that generates them. */
export type DeliveryMode = 'applications' | 'applicationset';

/**
 * What keeps these environments from being delivered together, per system. A cluster is named one way
 * everywhere (by name or by server), so it gets one cluster app. An ApplicationSet knows a system's namespace
 * and cluster only from its directory, `dist/<system>/<environment>`: namespaces must be `<system>-<environment>`,
 * an environment lands on one cluster in every system, and that cluster has a name in Argo CD.
 */
export function deliveryProblems(resolved: readonly ResolvedSystem[], mode: DeliveryMode): InvalidSystemError[] {
  const problems = new Map<string, ProblemList>();
  const add = (system: string, path: string, message: string) => {
    if (!problems.has(system)) problems.set(system, new ProblemList());
    problems.get(system)!.add(path, message);
  };
  const first = new Map<string, { destination: ClusterDestination; where: string }>();
  const envCluster = new Map<string, { name: string; where: string }>();
  for (const s of resolved) {
    const at = `environments.${s.environment}`;
    const id = clusterId(s.destination);
    const seen = first.get(id);
    if (seen === undefined) first.set(id, { destination: s.destination, where: `${s.id}/${s.environment}` });
    else if (JSON.stringify(seen.destination) !== JSON.stringify(s.destination)) {
      add(
        s.id,
        `${at}.destination`,
        `${describeDestination(s.destination)} and ${describeDestination(seen.destination)} (${seen.where}) are one cluster, ${id}: name it one way everywhere`,
      );
    }
    if (mode !== 'applicationset') continue;
    if (s.namespace !== namespaceName(s.id, s.environment)) {
      add(
        s.id,
        `${at}.namespace`,
        `${show(s.namespace)}: an ApplicationSet derives each namespace from its directory (${namespaceName(s.id, s.environment)}); drop the override or deliver with applications`,
      );
    }
    const name = clusterName(s.destination);
    if ('server' in s.destination && name === s.destination.server) {
      add(s.id, `${at}.destination`, `an ApplicationSet names each cluster: use { name: '<its name in argocd cluster list>' } instead of server ${s.destination.server}`);
    }
    const other = envCluster.get(s.environment);
    if (other === undefined) envCluster.set(s.environment, { name, where: s.id });
    else if (other.name !== name) {
      add(
        s.id,
        `${at}.destination`,
        `cluster ${name}, but ${other.where}/${s.environment} is on ${other.name}: an ApplicationSet takes the cluster from the environment's name, so every system's ${s.environment} must be on one cluster`,
      );
    }
  }
  return [...problems.entries()].map(([system, list]) => new InvalidSystemError(system, list.all));
}
