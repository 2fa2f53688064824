import * as fc from 'fast-check';
import { blockRanges } from '../../lib/network/cidr';
import { NetworkPolicies, type PodGroup } from '../../lib/network/policies';
import type { LoadedObject } from '../../lib/validate/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
const obj = (kind: string, name: string, namespace: string | undefined, body: any): LoadedObject => ({
  file: 'test.yaml',
  apiVersion: 'v1',
  kind,
  name,
  namespace,
  body: { ...body, kind, metadata: { ...body.metadata, name, namespace } },
});

const deployment = (name: string, namespace: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[]) =>
  obj('Deployment', name, namespace, { spec: { template: { metadata: { labels }, spec: { containers: [{ name, ports }] } } } });

const policy = (name: string, namespace: string, spec: any) => obj('NetworkPolicy', name, namespace, { spec });

const namespaceObj = (name: string, labels: Record<string, string>) => obj('Namespace', name, undefined, { metadata: { labels } });

const denyAll = (ns: string) => policy('default-deny', ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

function paths(objects: LoadedObject[]): string[] {
  return new NetworkPolicies(objects)
    .podPaths()
    .map((p) => `${p.from.name}->${p.to.name}:${p.port.port}/${p.port.protocol}`)
    .sort();
}

const web = deployment('web', 'shop', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
const db = deployment('db', 'shop', { app: 'db' }, [{ name: 'pg', containerPort: 5432 }]);

describe('NetworkPolicies: what the objects allow, by the Kubernetes rules', () => {
  test('pods no policy selects talk freely; default-deny stops every path', () => {
    expect(paths([web, db])).toEqual(['db->web:8080/TCP', 'web->db:5432/TCP']);
    expect(paths([web, db, denyAll('shop')])).toEqual([]);
  });

  test('a path needs both ends: ingress alone or egress alone is not enough', () => {
    const ingress = policy('db', 'shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
    });
    const egress = policy('web', 'shop', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    expect(paths([web, db, denyAll('shop'), ingress])).toEqual([]);
    expect(paths([web, db, denyAll('shop'), egress])).toEqual([]);
    expect(paths([web, db, denyAll('shop'), ingress, egress])).toEqual(['web->db:5432/TCP']);
  });

  test('a rule may name the port as the destination pod names it, or give a range with endPort', () => {
    const named = policy('db', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'pg' }] }] });
    expect(paths([web, db, named])).toEqual(['web->db:5432/TCP']);
    const range = policy('db', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] });
    expect(paths([web, db, range])).toEqual(['db->web:8080/TCP']);
    const udp = policy('db', 'shop', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 5432, protocol: 'UDP' }] }] });
    expect(paths([web, db, udp])).toEqual([]);
  });

  test('policyTypes defaults to Ingress, and to Egress as well only when the policy has egress rules', () => {
    const onlyIngress = policy('quiet', 'shop', { podSelector: { matchLabels: { app: 'web' } } });
    expect(paths([web, db, onlyIngress])).toEqual(['web->db:5432/TCP']);
    const withEgress = policy('quiet', 'shop', { podSelector: { matchLabels: { app: 'web' } }, egress: [] });
    expect(paths([web, db, withEgress])).toEqual([]);
  });

  test('a podSelector alone means pods of the policy namespace; a namespaceSelector reaches other namespaces by their labels', () => {
    const client = deployment('client', 'other', { app: 'web' }, []);
    const sameNs = policy('db', 'shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
    expect(paths([web, db, client, sameNs]).filter((p) => p.endsWith(':5432/TCP'))).toEqual(['web->db:5432/TCP']);
    const byNamespace = policy('db', 'shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }] }],
    });
    expect(paths([web, db, client, byNamespace, namespaceObj('other', { team: 'blue' })]).filter((p) => p.endsWith(':5432/TCP'))).toEqual(['client->db:5432/TCP']);
    // Every namespace carries kubernetes.io/metadata.name, even where its object sets no labels.
    const byName = policy('db', 'shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }],
    });
    expect(paths([web, db, client, byName]).filter((p) => p.endsWith(':5432/TCP'))).toEqual(['client->db:5432/TCP']);
  });

  test('an ipBlock admits addresses in its range but not in its exceptions, and never a pod', () => {
    const net = new NetworkPolicies([
      web,
      policy('web', 'shop', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] }),
    ]);
    const pod = net.pods[0] as PodGroup;
    const https = { port: 443, protocol: 'TCP' };
    expect(net.admits(pod, 'Egress', { kind: 'addresses', ranges: blockRanges('203.0.113.0/24') }, https)).toBe(true);
    expect(net.admits(pod, 'Egress', { kind: 'addresses', ranges: blockRanges('10.1.0.0/16') }, https)).toBe(false);
    expect(net.admits(pod, 'Egress', { kind: 'addresses', ranges: blockRanges('203.0.113.0/24') }, { port: 80, protocol: 'TCP' })).toBe(false);
    expect(net.admits(pod, 'Egress', net.peerOf(pod), https)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Against a literal reading of the rules, on random pods, namespaces and policies.

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

function literalSelects(selector: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const ok = {
      In: () => k(e.key) && e.values!.includes(labels[e.key]),
      NotIn: () => !k(e.key) || !e.values!.includes(labels[e.key]),
      Exists: () => k(e.key),
      DoesNotExist: () => !k(e.key),
    }[e.operator as 'In']();
    if (!ok) return false;
  }
  return true;
  function k(key: string) {
    return Object.prototype.hasOwnProperty.call(labels, key);
  }
}

interface RandomPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ports: { name: string; containerPort: number; protocol: string }[];
}

function literalAllowed(nsLabels: Record<string, Record<string, string>>, policies: any[], from: RandomPod, to: RandomPod, port: RandomPod['ports'][0]): boolean {
  const side = (pod: RandomPod, dir: 'Ingress' | 'Egress', other: RandomPod) => {
    const mine = policies.filter((p) => {
      const types = p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress ? ['Egress'] : [])];
      return p.namespace === pod.namespace && literalSelects(p.spec.podSelector, pod.labels) && types.includes(dir);
    });
    if (mine.length === 0) return true;
    return mine.some((p) =>
      ((dir === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
        const peers = dir === 'Ingress' ? rule.from : rule.to;
        const peerOk =
          !peers ||
          peers.length === 0 ||
          peers.some(
            (e: any) =>
              (e.namespaceSelector
                ? literalSelects(e.namespaceSelector, { ...nsLabels[other.namespace], 'kubernetes.io/metadata.name': other.namespace })
                : other.namespace === p.namespace) &&
              (!e.podSelector || literalSelects(e.podSelector, other.labels)),
          );
        const portOk =
          !rule.ports ||
          rule.ports.length === 0 ||
          rule.ports.some(
            (r: any) =>
              (r.protocol ?? 'TCP') === port.protocol &&
              (r.port === undefined ||
                r.port === port.name ||
                (r.endPort === undefined ? r.port === port.containerPort : r.port <= port.containerPort && port.containerPort <= r.endPort)),
          );
        return peerOk && portOk;
      }),
    );
  };
  return side(from, 'Egress', to) && side(to, 'Ingress', from);
}

const label = fc.record({ a: fc.constantFrom('x', 'y'), b: fc.constantFrom('x', 'y') }, { requiredKeys: [] });
const selector: fc.Arbitrary<Selector> = fc.record(
  {
    matchLabels: label,
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: fc.constantFrom('a', 'b'), operator: fc.constantFrom('In', 'NotIn'), values: fc.subarray(['x', 'y'], { minLength: 1 }) }),
        fc.record({ key: fc.constantFrom('a', 'b'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);
const PORTS = [
  { name: 'http', containerPort: 80, protocol: 'TCP' },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'db', containerPort: 5432, protocol: 'TCP' },
];
const rulePort = fc.oneof(
  fc.record({ port: fc.constantFrom<number | string>(80, 53, 5432, 'http', 'db', 'dns'), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(50, 53, 80), endPort: fc.constantFrom(53, 80, 100, 6000) }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP') }),
);
const peer = fc.record(
  { podSelector: selector, namespaceSelector: fc.record({ matchLabels: fc.record({ team: fc.constantFrom('red', 'blue') }, { requiredKeys: [] }) }) },
  { requiredKeys: [] },
);
const rule = fc.record({ peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(rulePort, { maxLength: 2 }), { nil: undefined }) });
const randomPolicy = fc.record({
  namespace: fc.constantFrom('n1', 'n2'),
  podSelector: selector,
  policyTypes: fc.option(fc.subarray(['Ingress', 'Egress']), { nil: undefined }),
  ingress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
});
const randomPods = fc.array(fc.record({ namespace: fc.constantFrom('n1', 'n2'), labels: label, ports: fc.subarray(PORTS) }), { minLength: 1, maxLength: 5 });

test('podPaths agrees with a literal reading of the NetworkPolicy rules on random pods and policies', () => {
  fc.assert(
    fc.property(randomPods, fc.array(randomPolicy, { maxLength: 4 }), fc.constantFrom('red', 'blue'), (drawn, drawnPolicies, team) => {
      const pods: RandomPod[] = drawn.map((p, i) => ({ ...p, name: `p${i}` }));
      const nsLabels = { n1: { team }, n2: {} };
      const wire = drawnPolicies.map((p, i) => {
        const spec: any = { podSelector: p.podSelector };
        if (p.policyTypes) spec.policyTypes = p.policyTypes;
        if (p.ingress) spec.ingress = p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
        if (p.egress) spec.egress = p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
        return { name: `np${i}`, namespace: p.namespace, spec };
      });
      const objects = [
        ...pods.map((p) => deployment(p.name, p.namespace, p.labels, p.ports)),
        ...wire.map((p) => policy(p.name, p.namespace, p.spec)),
        namespaceObj('n1', nsLabels.n1),
        namespaceObj('n2', nsLabels.n2),
      ];
      const expected = pods.flatMap((from) =>
        pods.flatMap((to) =>
          from === to
            ? []
            : to.ports.filter((port) => literalAllowed(nsLabels, wire, from, to, port)).map((port) => `${from.name}->${to.name}:${port.containerPort}/${port.protocol}`),
        ),
      );
      expect(paths(objects)).toEqual(expected.sort());
    }),
    { numRuns: 300 },
  );
});
