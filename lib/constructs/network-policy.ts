import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyEgressRule, type NetworkPolicyIngressRule, type NetworkPolicyPeer } from '../../imports/k8s';
import { ACME_HTTP01_SOLVER } from '../model/defaults';
import { NETWORK_POLICY } from '../model/names';
import { podPorts } from '../model/objects';
import type { ResolvedPort, ResolvedService, ResolvedSystem } from '../model/resolve';
import { objectLabels, selectorLabels } from './labels';
import { PREREQUISITES_WAVE, syncWave } from './sync';

/**
 * Network policy per namespace: deny everything, allow DNS, then per service exactly the documented paths
 * (`serviceNetworkPolicy`). Policies are additive, so each service's own policy lists who may reach it and
 * whom it may reach.
 */
export class NetworkPolicies extends Construct {
  constructor(
    scope: Construct,
    private readonly system: ResolvedSystem,
  ) {
    super(scope, 'network');
    for (const { name: namespace } of system.namespaces) this.baseline(namespace);
    if (system.routes.length > 0 && system.settings.acmeChallenge === 'http01') {
      // cert-manager's HTTP-01 solver pod runs in the Ingress's namespace; without this path the ingress
      // controller cannot reach it under default-deny, and the certificate stays pending forever.
      new KubeNetworkPolicy(this, `${system.namespace}-acme-http01-solver`, {
        metadata: this.meta(NETWORK_POLICY.acmeSolver, system.namespace),
        spec: {
          podSelector: { matchLabels: { ...ACME_HTTP01_SOLVER.podLabels } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [ingressControllerPeer(system)], ports: [{ port: IntOrString.fromNumber(ACME_HTTP01_SOLVER.port), protocol: 'TCP' }] }],
        },
      });
    }
  }

  private meta(name: string, namespace: string) {
    return { name, namespace, labels: objectLabels(this.system, name, 'network-policy'), annotations: syncWave(PREREQUISITES_WAVE) };
  }

  /** Deny everything, then allow DNS: the baseline of every namespace. */
  private baseline(namespace: string): void {
    new KubeNetworkPolicy(this, `${namespace}-default-deny`, {
      metadata: this.meta(NETWORK_POLICY.defaultDeny, namespace),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new KubeNetworkPolicy(this, `${namespace}-allow-dns`, {
      metadata: this.meta(NETWORK_POLICY.allowDns, namespace),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          },
        ],
      },
    });
  }
}

/** The policy of one service: who may reach it and whom it may reach, looked up in the system's graph. */
export function serviceNetworkPolicy(scope: Construct, system: ResolvedSystem, graph: NetworkGraph, svc: ResolvedService): KubeNetworkPolicy {
  return new KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: svc.name, namespace: svc.namespace, labels: objectLabels(system, svc.name, 'network-policy'), annotations: syncWave(PREREQUISITES_WAVE) },
    spec: {
      podSelector: { matchLabels: selectorLabels(system, svc.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingressRules(system, graph, svc),
      egress: egressRules(system, graph, svc),
    },
  });
}

/** Who talks to whom, who scrapes whom and which ports are routed, indexed once for the whole system. */
export class NetworkGraph {
  private readonly byName = new Map<string, ResolvedService>();
  private readonly clients = new Map<string, ResolvedService[]>();
  private readonly scrapeTargets = new Map<string, ResolvedService[]>();
  private readonly routed = new Map<string, Set<number>>();

  constructor(system: ResolvedSystem) {
    for (const s of system.services) this.byName.set(s.name, s);
    for (const s of system.services) {
      for (const peer of s.talksTo) append(this.clients, peer, s);
      if (s.scrapedBy) append(this.scrapeTargets, s.scrapedBy.service, s);
    }
    for (const p of system.routes.flatMap((r) => r.paths)) this.routed.set(p.service, (this.routed.get(p.service) ?? new Set()).add(p.port));
  }

  service(name: string): ResolvedService | undefined {
    return this.byName.get(name);
  }

  clientsOf(name: string): readonly ResolvedService[] {
    return this.clients.get(name) ?? [];
  }

  scrapeTargetsOf(name: string): readonly ResolvedService[] {
    return this.scrapeTargets.get(name) ?? [];
  }

  /** The ports of `name` that routes send traffic to, ascending. */
  routedPortsOf(name: string): number[] {
    return [...(this.routed.get(name) ?? [])].sort((a, b) => a - b);
  }
}

function append<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** The ports of `target`'s pod (sidecars' included) that `client` may reach: all of them, unless a port names who may. */
function reachablePorts(target: ResolvedService, client: ResolvedService): ResolvedPort[] {
  return podPorts(target).filter((p) => p.reachableFrom === undefined || p.reachableFrom.includes(client.name));
}

const portList = (ports: readonly ResolvedPort[]) => ports.map((p) => ({ port: IntOrString.fromNumber(p.port), protocol: p.protocol }));

function ingressControllerPeer(system: ResolvedSystem): NetworkPolicyPeer {
  const controller = system.settings.ingressController;
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controller.namespace } },
    podSelector: { matchLabels: { ...controller.podLabels } },
  };
}

/** A peer's pods, seen from `from`'s namespace: a namespaceSelector only when they live elsewhere. */
function peer(system: ResolvedSystem, from: ResolvedService, to: ResolvedService): NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: selectorLabels(system, to.name) },
    ...(to.namespace !== from.namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': to.namespace } } } : {}),
  };
}

function ingressRules(system: ResolvedSystem, graph: NetworkGraph, svc: ResolvedService): NetworkPolicyIngressRule[] {
  const rules: NetworkPolicyIngressRule[] = [];
  // Clients that may reach the same ports share one rule; a port closed to a client is left out of its rule.
  const byPorts = new Map<string, { ports: ResolvedPort[]; clients: ResolvedService[] }>();
  for (const client of graph.clientsOf(svc.name)) {
    const ports = reachablePorts(svc, client);
    if (ports.length === 0) continue;
    const key = ports.map((p) => p.name).join(',');
    byPorts.set(key, { ports, clients: [...(byPorts.get(key)?.clients ?? []), client] });
  }
  for (const { ports, clients } of byPorts.values()) rules.push({ from: clients.map((c) => peer(system, svc, c)), ports: portList(ports) });
  const routedPorts = graph.routedPortsOf(svc.name);
  if (routedPorts.length > 0) {
    rules.push({
      from: [ingressControllerPeer(system)],
      ports: routedPorts.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' })),
    });
  }
  const scraper = svc.scrapedBy && graph.service(svc.scrapedBy.service);
  if (scraper) {
    const port = podPorts(svc).find((p) => p.name === svc.scrapedBy!.port)!;
    rules.push({
      from: [peer(system, svc, scraper)],
      ports: [{ port: IntOrString.fromNumber(port.port), protocol: port.protocol }],
    });
  }
  return rules;
}

function egressRules(system: ResolvedSystem, graph: NetworkGraph, svc: ResolvedService): NetworkPolicyEgressRule[] {
  const rules: NetworkPolicyEgressRule[] = [];
  const talksTo = new Set(svc.talksTo);
  for (const target of svc.talksTo.map((name) => graph.service(name)!)) {
    const ports = reachablePorts(target, svc);
    if (ports.length > 0) rules.push({ to: [peer(system, svc, target)], ports: portList(ports) });
  }
  for (const target of graph.scrapeTargetsOf(svc.name)) {
    if (talksTo.has(target.name)) continue;
    const port = podPorts(target).find((p) => p.name === target.scrapedBy!.port)!;
    rules.push({ to: [peer(system, svc, target)], ports: portList([port]) });
  }
  for (const ext of svc.externals) {
    // NetworkPolicy cannot match DNS names; the port and the source pods are what narrows an external path.
    // The internet excepts the cluster's own ranges, so this never opens the API server or other namespaces.
    rules.push({
      to: [{ ipBlock: ext.cidr ? { cidr: ext.cidr } : { cidr: '0.0.0.0/0', except: [...system.settings.clusterNetworks] } }],
      ports: [{ port: IntOrString.fromNumber(ext.port), protocol: 'TCP' }],
    });
  }
  return rules;
}
