import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyEgressRule, type NetworkPolicyIngressRule } from '../../imports/k8s';
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
    const meta = (name: string) => ({
      name,
      namespace: system.namespace,
      labels: objectLabels(system, name, 'network-policy'),
      annotations: syncWave(PREREQUISITES_WAVE),
    });

    new KubeNetworkPolicy(this, 'default-deny', {
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new KubeNetworkPolicy(this, 'allow-dns', {
      metadata: meta('allow-dns'),
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

    for (const svc of system.services) {
      new KubeNetworkPolicy(this, svc.name, {
        metadata: meta(svc.name),
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

function ingressRules(system: ResolvedSystem, svc: ResolvedService): NetworkPolicyIngressRule[] {
  const rules: NetworkPolicyIngressRule[] = [];
  const clients = system.services.filter((s) => s.talksTo.includes(svc.name));
  if (clients.length > 0 && svc.ports.length > 0) {
    rules.push({
      from: clients.map((c) => ({ podSelector: { matchLabels: selectorLabels(system, c.name) } })),
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
  if (svc.scrapedBy && system.services.some((s) => s.name === svc.scrapedBy!.service)) {
    const port = svc.ports.find((p) => p.name === svc.scrapedBy!.port)!;
    rules.push({
      from: [{ podSelector: { matchLabels: selectorLabels(system, svc.scrapedBy.service) } }],
      ports: [{ port: IntOrString.fromNumber(port.port), protocol: port.protocol }],
    });
  }
  return rules;
}

function egressRules(system: ResolvedSystem, svc: ResolvedService): NetworkPolicyEgressRule[] {
  const peers = svc.talksTo.map((name) => byName(system, name));
  const scrapeTargets = system.services.filter((s) => s.scrapedBy?.service === svc.name);
  const rules: NetworkPolicyEgressRule[] = [...peers, ...scrapeTargets]
    .filter((peer, i, all) => all.indexOf(peer) === i)
    .map((peer) => ({
      to: [{ podSelector: { matchLabels: selectorLabels(system, peer.name) } }],
      ports: peer.ports.map((p) => ({ port: IntOrString.fromNumber(p.port), protocol: p.protocol })),
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
