import type { LoadedObject } from '../validate/manifests';
import { type LabelSelector, podTemplateOf, selects } from '../validate/pods';
import { type AddressRange, blockRanges, overlaps } from './cidr';

/**
 * What NetworkPolicies allow, read from the objects themselves (as a CNI would enforce them), not from the
 * description they came from: for a pair of pods and a port, traffic flows only when the source's egress and
 * the destination's ingress both let it (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 * A pod no policy of a direction selects is not isolated in that direction. Pods in other namespaces (the
 * ingress controller, cluster DNS) are known only through the selectors that name them; their own namespaces'
 * policies are not in the output and are taken to allow the traffic.
 */

/** Every namespace carries this label, set by the API server (Kubernetes 1.21+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const COMPONENT_LABEL = 'app.kubernetes.io/name';

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

/** The pods of one workload: what a policy selects and where a path starts or ends. */
export interface PodGroup {
  /** The workload's `app.kubernetes.io/name` (a Job named after its spec hash keeps its service's name), else its name. */
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The ports its containers declare (init containers listen on none). */
  readonly ports: readonly ContainerPort[];
}

/** The other end of a connection, as a policy rule matches it: a pod somewhere in the cluster, or addresses. */
export type Peer =
  | { readonly kind: 'pod'; readonly namespace: string; readonly namespaceLabels: Readonly<Record<string, string>>; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'addresses'; readonly ranges: readonly AddressRange[] };

/** A destination port, with its name on the destination pod when it has one (rules may name ports). */
export interface PortRef {
  readonly port: number | string;
  readonly protocol: string;
  readonly name?: string;
}

export type Direction = 'Ingress' | 'Egress';

/* eslint-disable @typescript-eslint/no-explicit-any -- policies are read as the wire format, field by field */
export interface PolicyRule {
  /** `from` of an ingress rule, `to` of an egress rule; absent or empty: every peer. */
  readonly peers?: readonly any[];
  /** Absent or empty: every port. */
  readonly ports?: readonly any[];
}

export interface Policy {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly types: readonly Direction[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

function readPolicy(o: LoadedObject): Policy {
  const spec = o.body.spec ?? {};
  // policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
  const types: Direction[] = spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress' as const] : [])];
  return {
    name: o.name,
    namespace: o.namespace ?? 'default',
    podSelector: spec.podSelector ?? {},
    types,
    ingress: (spec.ingress ?? []).map((r: any) => ({ peers: r?.from, ports: r?.ports })),
    egress: (spec.egress ?? []).map((r: any) => ({ peers: r?.to, ports: r?.ports })),
  };
}

/** Does one peer entry of a rule (in a policy of `namespace`) match `peer`? */
export function peerMatches(entry: any, namespace: string, peer: Peer): boolean {
  if (entry.ipBlock) return peer.kind === 'addresses' && overlaps(peer.ranges, blockRanges(entry.ipBlock.cidr, entry.ipBlock.except));
  // ipBlock is meant for addresses outside the cluster (pod IPs are ephemeral); pods are matched by selectors.
  if (peer.kind !== 'pod') return false;
  const inNamespace = entry.namespaceSelector ? selects(entry.namespaceSelector, peer.namespaceLabels) : peer.namespace === namespace;
  return inNamespace && (entry.podSelector ? selects(entry.podSelector, peer.labels) : true);
}

/** Does a rule's port list let `port` through? An undefined port asks for every port: only a rule without ports does. */
export function portMatches(ports: readonly any[] | undefined, port: PortRef | undefined): boolean {
  if (!ports || ports.length === 0) return true;
  if (port === undefined) return false;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== port.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return p.port === port.name || p.port === port.port;
    if (typeof port.port !== 'number') return false;
    return p.endPort !== undefined ? p.port <= port.port && port.port <= p.endPort : p.port === port.port;
  });
}

export function ruleMatches(rule: PolicyRule, namespace: string, peer: Peer, port: PortRef | undefined): boolean {
  const peerOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((entry) => peerMatches(entry, namespace, peer));
  return peerOk && portMatches(rule.ports, port);
}

/** The pods of each workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) among `objects`. */
export function podGroups(objects: readonly LoadedObject[]): PodGroup[] {
  return objects.flatMap((o) => {
    const pod = podTemplateOf(o);
    if (!pod || o.kind === 'Pod') return [];
    const labels: Record<string, string> = pod.template.metadata?.labels ?? {};
    const ports = (pod.template.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    );
    return [{ name: o.body.metadata?.labels?.[COMPONENT_LABEL] ?? o.name, kind: o.kind, namespace: o.namespace ?? 'default', labels, ports }];
  });
}

/** The NetworkPolicies, workloads and Namespaces of one output directory, indexed for questions about paths. */
export class NetworkPolicies {
  readonly pods: readonly PodGroup[];
  readonly policies: readonly Policy[];
  private readonly byNamespace = new Map<string, Policy[]>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  private readonly selecting = new Map<PodGroup, Record<Direction, Policy[]>>();

  constructor(objects: readonly LoadedObject[]) {
    this.pods = podGroups(objects);
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy').map(readPolicy);
    for (const p of this.policies) this.byNamespace.set(p.namespace, [...(this.byNamespace.get(p.namespace) ?? []), p]);
    for (const o of objects) if (o.kind === 'Namespace') this.namespaceLabels.set(o.name, o.body.metadata?.labels ?? {});
  }

  /** The labels a namespace has in the cluster: its object's, and the name label the API server adds. */
  labelsOfNamespace(namespace: string): Record<string, string> {
    return { ...(this.namespaceLabels.get(namespace) ?? {}), [NAMESPACE_NAME_LABEL]: namespace };
  }

  peerOf(pod: PodGroup): Peer {
    return { kind: 'pod', namespace: pod.namespace, namespaceLabels: this.labelsOfNamespace(pod.namespace), labels: pod.labels };
  }

  /** The policies that select `pod` for each direction. */
  policiesOf(pod: PodGroup): Record<Direction, Policy[]> {
    let found = this.selecting.get(pod);
    if (!found) {
      const mine = (this.byNamespace.get(pod.namespace) ?? []).filter((p) => selects(p.podSelector, pod.labels));
      found = { Ingress: mine.filter((p) => p.types.includes('Ingress')), Egress: mine.filter((p) => p.types.includes('Egress')) };
      this.selecting.set(pod, found);
    }
    return found;
  }

  /** Do `pod`'s policies let traffic with `peer` on `port` in (Ingress) or out (Egress)? Not isolated: yes. */
  admits(pod: PodGroup, direction: Direction, peer: Peer, port: PortRef | undefined): boolean {
    const policies = this.policiesOf(pod)[direction];
    if (policies.length === 0) return true;
    return policies.some((p) => (direction === 'Ingress' ? p.ingress : p.egress).some((r) => ruleMatches(r, p.namespace, peer, port)));
  }

  /** Both ends agree: `from`'s egress and `to`'s ingress let the connection through. */
  allows(from: PodGroup, to: PodGroup, port: PortRef): boolean {
    return this.admits(from, 'Egress', this.peerOf(to), port) && this.admits(to, 'Ingress', this.peerOf(from), port);
  }

  /** Every allowed connection between two different workloads, to each port the destination declares. */
  podPaths(): { from: PodGroup; to: PodGroup; port: PortRef }[] {
    const paths: { from: PodGroup; to: PodGroup; port: PortRef }[] = [];
    for (const to of this.pods) {
      if (to.ports.length === 0) continue;
      const candidates = this.possibleClients(to);
      for (const from of candidates) {
        if (from === to) continue;
        for (const port of to.ports) if (this.allows(from, to, port)) paths.push({ from, to, port });
      }
    }
    return paths;
  }

  /** The pods that `to`'s ingress rules name at all (every pod when it is not isolated, or a rule names no peers). */
  private possibleClients(to: PodGroup): readonly PodGroup[] {
    const policies = this.policiesOf(to).Ingress;
    if (policies.length === 0) return this.pods;
    const rules = policies.flatMap((p) => p.ingress.map((r) => ({ r, ns: p.namespace })));
    if (rules.some(({ r }) => !r.peers || r.peers.length === 0)) return this.pods;
    return this.pods.filter((from) => rules.some(({ r, ns }) => r.peers!.some((entry) => peerMatches(entry, ns, this.peerOf(from)))));
  }
}
