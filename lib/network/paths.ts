import type { LoadedObject } from '../validate/manifests';
import { type LabelSelector, selects } from '../validate/pods';
import { blockRanges } from './cidr';
import { NAMESPACE_NAME_LABEL, NetworkPolicies, type Peer, type PodGroup, type PolicyRule, type PortRef } from './policies';

/* eslint-disable @typescript-eslint/no-explicit-any -- rule entries are read as the wire format */

/** One connection the policies allow, in words a reviewer reads: `backend → redis 6379/TCP`. */
export interface NetworkPath {
  readonly from: string;
  readonly to: string;
  /** `6379/TCP`, or `any port`. */
  readonly port: string;
  /** The namespace of `from` when it is one of the directory's own workloads (a far end names its own). @default none */
  readonly fromNamespace?: string;
  /** The namespace of `to` when it is one of the directory's own workloads. @default none */
  readonly toNamespace?: string;
}

const qualified = (name: string, namespace: string | undefined) => (namespace === undefined ? name : `${namespace}/${name}`);

/** `backend → redis`; with `withNamespaces`, each own end with its namespace: `ns/backend → ns-host/agent`. */
export const pathEnds = (p: NetworkPath, withNamespaces = false) =>
  withNamespaces ? `${qualified(p.from, p.fromNamespace)} → ${qualified(p.to, p.toNamespace)}` : `${p.from} → ${p.to}`;

export const pathText = (p: NetworkPath) => `${pathEnds(p)} ${p.port}`;

/** `ns/backend → ns-host/agent 9100/TCP`: what tells two paths apart. */
export const qualifiedPathText = (p: NetworkPath) => `${pathEnds(p, true)} ${p.port}`;

/** A path's identity: its ends with their namespaces, and the port. */
export const pathKey = qualifiedPathText;

const portText = (port: PortRef | undefined) => (port === undefined ? 'any port' : `${port.port}/${port.protocol}`);

/** `k=v,k2 in (a,b)`: a selector as one short line ('*' for the empty selector). */
export function selectorText(selector: LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(',')})` : ''}`);
  const all = [...labels, ...expressions];
  return all.length > 0 ? all.join(',') : '*';
}

/**
 * The far end of a rule entry that is not one of the directory's own workloads: addresses (`ipBlock`), pods in
 * another namespace, or anyone (a rule that names no peer). Undefined when the entry names only the
 * directory's own pods, whose paths `podPaths` already judges from both ends.
 */
function farEnd(entry: any, ownNamespaces: ReadonlySet<string>): { id: string; peer: Peer } | undefined {
  if (entry === undefined) return { id: 'anywhere', peer: { kind: 'addresses', ranges: blockRanges('0.0.0.0/0') } };
  if (entry.ipBlock) {
    const except: string[] = entry.ipBlock.except ?? [];
    return { id: `${entry.ipBlock.cidr}${except.length > 0 ? ` except ${except.join(',')}` : ''}`, peer: { kind: 'addresses', ranges: blockRanges(entry.ipBlock.cidr, except) } };
  }
  if (!entry.namespaceSelector) return undefined;
  const named: string | undefined = entry.namespaceSelector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (named !== undefined && ownNamespaces.has(named)) return undefined;
  const namespace = named ?? `namespaces(${selectorText(entry.namespaceSelector)})`;
  return {
    id: `${namespace}/${selectorText(entry.podSelector)}`,
    peer: {
      kind: 'pod',
      namespace,
      namespaceLabels: { ...entry.namespaceSelector.matchLabels, ...(named ? { [NAMESPACE_NAME_LABEL]: named } : {}) },
      labels: entry.podSelector?.matchLabels ?? {},
    },
  };
}

/** The ports a rule lets through toward a far end: those it lists (named ones by name), or every port. */
function rulePorts(rule: PolicyRule): (PortRef | undefined)[] {
  if (!rule.ports || rule.ports.length === 0) return [undefined];
  return rule.ports.map((p) => ({ port: p.port ?? 'any', protocol: p.protocol ?? 'TCP', ...(typeof p.port === 'string' ? { name: p.port } : {}) }));
}

/**
 * Every path the NetworkPolicies of one output directory allow: between its workloads (both ends agree), and
 * between its workloads and what lies outside it (cluster DNS, the ingress controller, address ranges), where
 * only its own side's policies are known. Policies that select pods no workload here makes (cert-manager's
 * HTTP-01 solver) contribute their rules as they stand. Sorted and without duplicates; two workloads of one
 * name in two namespaces have paths of their own.
 */
export function allowedPaths(objects: readonly LoadedObject[]): NetworkPath[] {
  const net = new NetworkPolicies(objects);
  const own = new Set([...net.pods.map((p) => p.namespace), ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name)]);
  const found = new Map<string, NetworkPath>();
  const add = (path: NetworkPath) => found.set(qualifiedPathText(path), path);
  for (const p of net.podPaths()) add({ from: p.from.name, to: p.to.name, port: portText(p.port), fromNamespace: p.from.namespace, toNamespace: p.to.namespace });
  for (const policy of net.policies) {
    const selected = net.pods.filter((pod) => pod.namespace === policy.namespace && selects(policy.podSelector, pod.labels));
    const bySelector = `${policy.namespace}/${selectorText(policy.podSelector)}`;
    for (const direction of ['Ingress', 'Egress'] as const) {
      if (!policy.types.includes(direction)) continue;
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
        for (const entry of rule.peers && rule.peers.length > 0 ? rule.peers : [undefined]) {
          const far = farEnd(entry, own);
          if (!far) continue;
          const join = (near: string, namespace: string | undefined, port: PortRef | undefined) =>
            add(
              direction === 'Ingress'
                ? { from: far.id, to: near, port: portText(port), ...(namespace === undefined ? {} : { toNamespace: namespace }) }
                : { from: near, to: far.id, port: portText(port), ...(namespace === undefined ? {} : { fromNamespace: namespace }) },
            );
          if (selected.length === 0) for (const port of rulePorts(rule)) join(bySelector, undefined, port);
          for (const pod of selected) for (const port of portsToward(pod, direction, rule)) if (net.admits(pod, direction, far.peer, port)) join(pod.name, pod.namespace, port);
        }
      }
    }
  }
  return [...found.values()].sort((a, b) => pathText(a).localeCompare(pathText(b)) || qualifiedPathText(a).localeCompare(qualifiedPathText(b)));
}

/** Into a pod: the ports it declares; out of it: the ports the rule names. */
function portsToward(pod: PodGroup, direction: 'Ingress' | 'Egress', rule: PolicyRule): readonly (PortRef | undefined)[] {
  return direction === 'Ingress' ? pod.ports : rulePorts(rule);
}
