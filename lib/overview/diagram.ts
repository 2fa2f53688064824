import { type AddressRange, blockRanges, subtract } from '../network/cidr';
import { NAMESPACE_NAME_LABEL, NetworkPolicies, type Peer, type PodGroup, type PortRef } from '../network/policies';
import type { ResolvedExternal, ResolvedSystem } from '../model/resolve';
import type { Tier } from '../model/types';
import type { LoadedObject } from '../validate/manifests';
import { selects } from '../validate/pods';
import { workloadText } from './tables';

/**
 * OVERVIEW.svg's graph, as Graphviz DOT: the workloads grouped by tier, their claims, the public routes and the
 * external endpoints, joined by exactly the connections the emitted NetworkPolicies allow (`lib/network`):
 * an edge between two workloads when both ends' policies let the port through, from a route's host to a
 * workload when its policies admit the ingress controller on the port its Service targets, and to an external
 * endpoint when its egress reaches that endpoint's addresses and port. Nothing is drawn from the description's
 * intent: a path the policies do not allow is not in the picture.
 */

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: 'workload' | 'route' | 'external';
}

/** Node ids, one namespace per kind of node. */
export const nodeId = {
  workload: (name: string) => `workload:${name}`,
  route: (host: string) => `route:${host}`,
  external: (key: string) => `external:${key}`,
  claim: (name: string) => `claim:${name}`,
};

/**
 * External endpoints by what NetworkPolicy can tell apart (addresses and port): endpoints on the internet that
 * share a port are one destination, since egress to one of them is egress to all.
 */
export function externalDestinations(system: ResolvedSystem): { key: string; port: number; ranges: AddressRange[]; externals: ResolvedExternal[] }[] {
  const internet = subtract(
    blockRanges('0.0.0.0/0'),
    system.settings.clusterNetworks.flatMap((c) => blockRanges(c)),
  );
  const byKey = new Map<string, { key: string; port: number; ranges: AddressRange[]; externals: ResolvedExternal[] }>();
  for (const e of system.externals) {
    const key = `${e.cidr ?? 'internet'}:${e.port}`;
    const entry = byKey.get(key) ?? { key, port: e.port, ranges: e.cidr ? blockRanges(e.cidr) : internet, externals: [] };
    entry.externals.push(e);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Every edge of the diagram, from the objects' NetworkPolicies, in a stable order. */
export function diagramEdges(system: ResolvedSystem, objects: readonly LoadedObject[]): DiagramEdge[] {
  const net = new NetworkPolicies(objects);
  const edges = new Map<string, { from: string; to: string; labels: Set<string>; kind: DiagramEdge['kind'] }>();
  const add = (from: string, to: string, label: string, kind: DiagramEdge['kind']) => {
    const key = `${from}\0${to}`;
    const edge = edges.get(key) ?? { from, to, labels: new Set<string>(), kind };
    edge.labels.add(label);
    edges.set(key, edge);
  };
  for (const p of net.podPaths()) add(nodeId.workload(p.from.name), nodeId.workload(p.to.name), String(p.port.port), 'workload');
  for (const route of routedPaths(system, objects, net)) add(nodeId.route(route.host), nodeId.workload(route.pod.name), route.path, 'route');
  for (const dest of externalDestinations(system)) {
    const peer: Peer = { kind: 'addresses', ranges: dest.ranges };
    for (const pod of net.pods)
      if (net.admits(pod, 'Egress', peer, { port: dest.port, protocol: 'TCP' })) add(nodeId.workload(pod.name), nodeId.external(dest.key), String(dest.port), 'external');
  }
  return [...edges.values()]
    .map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: [...e.labels].sort().join(', ') }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/**
 * Each Ingress path whose backend pods admit the ingress controller: host, path, and the pods behind the
 * Service it names, on the port that Service targets.
 */
function routedPaths(system: ResolvedSystem, objects: readonly LoadedObject[], net: NetworkPolicies): { host: string; path: string; pod: PodGroup }[] {
  const controller = system.settings.ingressController;
  const peer: Peer = { kind: 'pod', namespace: controller.namespace, namespaceLabels: { [NAMESPACE_NAME_LABEL]: controller.namespace }, labels: controller.podLabels };
  const services = new Map(objects.filter((o) => o.kind === 'Service').map((o) => [`${o.namespace}/${o.name}`, o]));
  /* eslint-disable @typescript-eslint/no-explicit-any -- Ingress and Service are read as the wire format */
  return objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((ing) =>
      (ing.body.spec?.rules ?? []).flatMap((rule: any) =>
        (rule.http?.paths ?? []).flatMap((p: any) => {
          const backend = p.backend?.service;
          const service = services.get(`${ing.namespace}/${backend?.name}`);
          const servicePort = (service?.body.spec?.ports ?? []).find((sp: any) => sp.port === backend?.port?.number || sp.name === backend?.port?.name);
          if (!service || !servicePort) return [];
          const target = servicePort.targetPort ?? servicePort.port;
          return net.pods
            .filter((pod) => pod.namespace === service.namespace && selects({ matchLabels: service.body.spec.selector }, pod.labels))
            .flatMap((pod) => {
              const port = pod.ports.find((pp) => pp.name === target || pp.port === target);
              const ref: PortRef = port ?? { port: target, protocol: 'TCP' };
              return net.admits(pod, 'Ingress', peer, ref) ? [{ host: rule.host as string, path: p.path as string, pod }] : [];
            });
        }),
      ),
    );
}

const TIER_STYLE: Record<Tier, { label: string; fill: string }> = {
  critical: { label: 'critical (berth-critical)', fill: '#fdecea' },
  important: { label: 'important (berth-important)', fill: '#fff6dc' },
  'non-critical': { label: 'non-critical (berth-non-critical)', fill: '#eaf2fb' },
};

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const label = (...lines: string[]) => quote(lines.join('\n')).replace(/\n/g, '\\n');

/** The whole diagram as DOT. */
export function diagramDot(system: ResolvedSystem, objects: readonly LoadedObject[]): string {
  const out: string[] = [
    `digraph ${quote(`${system.id}-${system.environment}`)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, nodesep=0.25, ranksep=0.9, label=${label(`${system.id} / ${system.environment}: the connections its NetworkPolicies allow`, '(every pod may also query cluster DNS on port 53)')}];`,
    '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor="white", margin="0.2,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#444444"];',
  ];
  const hosts = [...new Set(system.routes.map((r) => r.host))].sort();
  if (hosts.length > 0) {
    out.push('  subgraph cluster_routes {', `    label=${label(`Ingress (${system.settings.ingressClassName})`)}; style="rounded"; color="#1f6feb";`);
    for (const host of hosts)
      out.push(`    ${quote(nodeId.route(host))} [label=${label(`https://${host}`, `TLS: ${system.settings.clusterIssuer}`)}, shape=cds, fillcolor="#dbe9ff"];`);
    out.push('  }');
  }
  for (const tier of Object.keys(TIER_STYLE) as Tier[]) {
    const members = system.services.filter((s) => s.tier === tier);
    if (members.length === 0) continue;
    out.push(
      `  subgraph ${quote(`cluster_${tier}`)} {`,
      `    label=${label(TIER_STYLE[tier].label)}; style="rounded,filled"; fillcolor=${quote(TIER_STYLE[tier].fill)}; color="#bbbbbb";`,
    );
    for (const s of members) {
      const dashed = s.kind === 'one-shot' || s.kind === 'scheduled' ? ',dashed' : '';
      const roles = s.roles.length > 0 ? [s.roles.join(', ')] : [];
      out.push(`    ${quote(nodeId.workload(s.name))} [label=${label(s.name, workloadText(s), ...roles)}, style=${quote(`rounded,filled${dashed}`)}];`);
    }
    // A claim sits with the tier of its first consumer, next to what mounts it.
    const tierOf = new Map(system.services.map((s) => [s.name, s.tier]));
    for (const v of system.volumes.filter((v) => tierOf.get(v.consumers[0]) === tier)) {
      const kept = v.unprotectedBecause === undefined ? 'kept on delete' : 'may be deleted';
      out.push(`    ${quote(nodeId.claim(v.name))} [label=${label(v.name, `${v.sizeGi}Gi ${v.accessMode}`, `backup ${v.backup}, ${kept}`)}, shape=cylinder, fillcolor="#f3f0ff"];`);
    }
    out.push('  }');
  }
  for (const v of system.volumes) {
    for (const c of v.consumers) out.push(`  ${quote(nodeId.workload(c))} -> ${quote(nodeId.claim(v.name))} [style=dotted, arrowhead=none, color="#8a63d2"];`);
  }
  const destinations = externalDestinations(system);
  if (destinations.length > 0) {
    out.push('  subgraph cluster_outside {', `    label="outside the cluster"; style="rounded,dashed"; color="#888888";`);
    for (const d of destinations) {
      const names = d.externals.map((e) => `${e.name} (${e.host ?? 'any host'})`);
      out.push(
        `    ${quote(nodeId.external(d.key))} [label=${label(...names, `${d.key.startsWith('internet') ? 'internet' : d.key.split(':')[0]} port ${d.port}`)}, shape=component, fillcolor="#f4f4f4"];`,
      );
    }
    out.push('  }');
  }
  for (const e of diagramEdges(system, objects)) {
    const style = e.kind === 'route' ? ', color="#1f6feb", penwidth=1.6' : e.kind === 'external' ? ', style=dashed, color="#777777"' : '';
    out.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${label(e.label)}${style}];`);
  }
  out.push('}', '');
  return out.join('\n');
}
