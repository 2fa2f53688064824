import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyEgressRule, type NetworkPolicyIngressRule, type NetworkPolicyPeer } from '../../imports/k8s';
import type { ResolvedService, ResolvedSystem } from '../model/resolve';
import { objectLabels, selectorLabels } from './labels';
import { PREREQUISITES_WAVE, syncWave } from './sync';

/**
 * Network policy per namespace: deny everything, allow DNS, then per service exactly the documented paths.
 * Policies are additive, so each service's own policy lists who may reach it and whom it may reach.
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, system: ResolvedSystem) {
    super(scope, 'network');
    const meta = (name: string, namespace: string) => ({
      name,
      namespace,
      labels: objectLabels(system, name, 'network-policy'),
      annotations: syncWave(PREREQUISITES_WAVE),
    });

    for (const { name: namespace } of system.namespaces) {
      new KubeNetworkPolicy(this, `${namespace}-default-deny`, {
        metadata: meta('default-deny', namespace),
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      new KubeNetworkPolicy(this, `${namespace}-allow-dns`, {
        metadata: meta('allow-dns', namespace),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { port: IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          },
        ],
      },
      });
    }

    for (const svc of system.services) {
      new KubeNetworkPolicy(this, svc.name, {
        metadata: meta(svc.name, svc.namespace),
        spec: {
          podSelector: { matchLabels: selectorLabels(system, svc.name) },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingressRules(system, svc),
          egress: egressRules(system, svc),
        },
      });
    }
  }
}

const byName = (system: ResolvedSystem, name: string) => system.services.find((s) => s.name === name)!;

/** A peer's pods, seen from `from`'s namespace: a namespaceSelector only when they live elsewhere. */
function peer(system: ResolvedSystem, from: ResolvedService, to: ResolvedService): NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: selectorLabels(system, to.name) },
    ...(to.namespace !== from.namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': to.namespace } } } : {}),
  };
}

function ingressRules(system: ResolvedSystem, svc: ResolvedService): NetworkPolicyIngressRule[] {
  const rules: NetworkPolicyIngressRule[] = [];
  const clients = system.services.filter((s) => s.talksTo.includes(svc.name));
  if (clients.length > 0 && svc.ports.length > 0) {
    rules.push({
      from: clients.map((c) => peer(system, svc, c)),
      ports: svc.ports.map((p) => ({ port: IntOrString.fromNumber(p.port), protocol: p.protocol })),
    });
  }
  const routedPorts = [...new Set(system.routes.flatMap((r) => r.paths.filter((p) => p.service === svc.name).map((p) => p.port)))].sort((a, b) => a - b);
  if (routedPorts.length > 0) {
    const controller = system.settings.ingressController;
    rules.push({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controller.namespace } },
          podSelector: { matchLabels: { ...controller.podLabels } },
        },
      ],
      ports: routedPorts.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' })),
    });
  }
  const scraper = svc.scrapedBy && system.services.find((s) => s.name === svc.scrapedBy!.service);
  if (scraper) {
    const port = svc.ports.find((p) => p.name === svc.scrapedBy!.port)!;
    rules.push({
      from: [peer(system, svc, scraper)],
      ports: [{ port: IntOrString.fromNumber(port.port), protocol: port.protocol }],
    });
  }
  return rules;
}

function egressRules(system: ResolvedSystem, svc: ResolvedService): NetworkPolicyEgressRule[] {
  const peers = svc.talksTo.map((name) => byName(system, name));
  const scrapeTargets = system.services.filter((s) => s.scrapedBy?.service === svc.name);
  const rules: NetworkPolicyEgressRule[] = [...peers, ...scrapeTargets]
    .filter((target, i, all) => all.indexOf(target) === i)
    .map((target) => ({
      to: [peer(system, svc, target)],
      ports: target.ports.map((p) => ({ port: IntOrString.fromNumber(p.port), protocol: p.protocol })),
    }));
  for (const ext of svc.externals) {
    // NetworkPolicy cannot match DNS names; the port and the source pods are what narrows an external path.
    rules.push({
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
      ports: [{ port: IntOrString.fromNumber(ext.port), protocol: 'TCP' }],
    });
  }
  return rules;
}
