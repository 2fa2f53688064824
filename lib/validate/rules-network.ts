import { ACME_CHALLENGE, CLUSTER_CIDRS } from '../annotations';
import { type Cidr, covers, parseCidr } from '../network/cidr';
import type { Finding, LoadedObject } from './manifests';
import { annotationField, annotationsOf, finding, indexOf, isEmptySelector, type LabelSelector, type NamespaceView, selects } from './runtime-index';

/** The network around the pods: certificates under default-deny, ingress-nginx defaults, and open peers. */

const ISSUERS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];
const SOLVER_LABELS = { 'acme.cert-manager.io/http01-solver': 'true' };
const SOLVER_PORT = 8089;

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Does a NetworkPolicy port list let TCP `port` through (no list: every port)? */
function allowsPort(ports: any[] | undefined, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === 'TCP' &&
      (p.port === undefined || p.port === port || (typeof p.port === 'number' && p.endPort !== undefined && p.port <= port && port <= p.endPort)),
  );
}

/** [acme-http01] HTTP-01 solvers are reachable under default-deny, and every issued Ingress says its challenge type. */
export function acmeHttp01(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'acme-http01';
  return indexOf(objects).namespaces.flatMap((ns) => {
    const issued = ns.of('Ingress').filter((ing) => ISSUERS.some((k) => annotationsOf(ing)[k] !== undefined));
    if (issued.length === 0) return [];
    const policies = ns.of('NetworkPolicy');
    const deny = policies.find((p) => isEmptySelector(p.body.spec?.podSelector) && (p.body.spec?.policyTypes ?? []).includes('Ingress'));
    const solverAllowed = policies.some(
      (p) =>
        selects(p.body.spec?.podSelector as LabelSelector, SOLVER_LABELS) &&
        (p.body.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
        (p.body.spec?.ingress ?? []).some((r: any) => allowsPort(r.ports, SOLVER_PORT)),
    );
    return issued.flatMap((ing) => {
      const found: Finding[] = [];
      const a = annotationsOf(ing);
      const issuerKey = ISSUERS.find((k) => a[k] !== undefined) as string;
      const challenge = a[ACME_CHALLENGE];
      if (challenge === undefined || !['http01', 'dns01'].includes(challenge)) {
        found.push(
          finding(
            ing,
            annotationField(ACME_CHALLENGE),
            `Ingress ${ing.name} gets its certificate from ${issuerKey.split('/')[1]} ${a[issuerKey]} but ${challenge === undefined ? 'does not say' : `says ${JSON.stringify(challenge)} for`} its ACME challenge type: set ${ACME_CHALLENGE}: http01 or dns01, as the issuer solves it`,
            rule,
          ),
        );
      }
      if (challenge !== 'dns01' && deny && !solverAllowed) {
        found.push(
          finding(
            ing,
            annotationField(issuerKey),
            `HTTP-01 challenge under default-deny NetworkPolicy ${deny.name}: no NetworkPolicy in ${ns.name} selects the solver pods (acme.cert-manager.io/http01-solver: "true") and allows ingress on TCP ${SOLVER_PORT}, ` +
              `so the ingress controller cannot reach the solver and the certificate stays pending forever; add a NetworkPolicy that does (from the ingress controller's namespace), or use a dns01 issuer`,
            rule,
          ),
        );
      }
      return found;
    });
  });
}

const NGINX = 'nginx.ingress.kubernetes.io';
const WEBSOCKET_SEGMENTS = ['ws', 'wss', 'websocket', 'websockets', 'socket.io', 'cable'];
const WEBSOCKET_TIMEOUT = 3600;

/** [ingress-nginx] ingress-nginx's body-size and timeout defaults do not break uploads and WebSockets. */
export function ingressNginx(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'ingress-nginx';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.of('Ingress').flatMap((ing) => {
      const a = annotationsOf(ing);
      if ((ing.body.spec?.ingressClassName ?? a['kubernetes.io/ingress.class']) !== 'nginx') return [];
      const found: Finding[] = [];
      if (a[`${NGINX}/proxy-body-size`] === undefined) {
        found.push(
          finding(
            ing,
            annotationField(`${NGINX}/proxy-body-size`),
            `ingress-nginx answers request bodies over its default 1m with 413: set ${NGINX}/proxy-body-size to the largest upload the application takes (e.g. "50m")`,
            rule,
          ),
        );
      }
      const wsPaths: string[] = (ing.body.spec?.rules ?? []).flatMap((r: any) =>
        (r.http?.paths ?? [])
          .map((p: any) => p.path ?? '/')
          .filter((p: string) =>
            p
              .toLowerCase()
              .split('/')
              .some((s) => WEBSOCKET_SEGMENTS.includes(s)),
          ),
      );
      if (wsPaths.length > 0) {
        for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
          const raw = a[`${NGINX}/${key}`];
          const seconds = raw === undefined ? undefined : Number(String(raw).replace(/s$/, ''));
          if (seconds !== undefined && seconds >= WEBSOCKET_TIMEOUT) continue;
          found.push(
            finding(
              ing,
              annotationField(`${NGINX}/${key}`),
              `path${wsPaths.length > 1 ? 's' : ''} ${wsPaths.join(', ')} look${wsPaths.length > 1 ? '' : 's'} like WebSockets but ${key} is ${raw === undefined ? 'unset (ingress-nginx default 60 s)' : JSON.stringify(raw)}, which drops idle connections: set it to "${WEBSOCKET_TIMEOUT}" or more`,
              rule,
            ),
          );
        }
      }
      return found;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// internet-egress

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** The ranges an ipBlock for the whole internet must except in a namespace, and where they come from. */
interface ClusterRanges {
  /** The namespace's cluster-cidrs annotation, undefined when it has none. */
  readonly declared?: string;
  readonly required: readonly string[];
  readonly source: string;
}

function clusterRanges(ns: NamespaceView): ClusterRanges {
  const declared = ns.annotation(CLUSTER_CIDRS);
  const required =
    declared === undefined
      ? PRIVATE_V4
      : declared
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const source = declared === undefined ? 'the private ranges' : `the cluster ranges of ${CLUSTER_CIDRS}`;
  return { declared, required, source };
}

/** [internet-egress] An ipBlock for the whole internet excepts the cluster's ranges, and pod/namespace peers name their ports. */
export function internetEgress(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'internet-egress';
  return indexOf(objects).namespaces.flatMap((ns) => {
    const ranges = clusterRanges(ns);
    return ns.of('NetworkPolicy').flatMap((np) => policyPeerFindings(np, ranges, rule));
  });
}

/** Every ingress and egress rule of a NetworkPolicy: pod/namespace peers name their ports, internet ipBlocks except the cluster. */
function policyPeerFindings(np: LoadedObject, ranges: ClusterRanges, rule: string): Finding[] {
  const found: Finding[] = [];
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    (np.body.spec?.[direction] ?? []).forEach((r: any, i: number) => {
      const peers: any[] = r?.[peersKey] ?? [];
      const at = `spec.${direction}[${i}]`;
      if (peers.some((p) => p.podSelector || p.namespaceSelector) && (r.ports ?? []).length === 0) {
        found.push(finding(np, `${at}.ports`, `${direction} rule with pod/namespace peers but no ports opens every port of those peers: list the ports the traffic uses`, rule));
      }
      peers.forEach((p, j) => found.push(...internetBlockFindings(np, `${at}.${peersKey}[${j}].ipBlock.except`, p.ipBlock, ranges, rule)));
    });
  }
  return found;
}

/** An ipBlock of 0.0.0.0/0 or ::/0 excepts every required range of its address family (`field` is its except). */
function internetBlockFindings(np: LoadedObject, field: string, ipBlock: any, ranges: ClusterRanges, rule: string): Finding[] {
  const cidr = ipBlock?.cidr;
  if (cidr !== '0.0.0.0/0' && cidr !== '::/0') return [];
  const except: string[] = ipBlock.except ?? [];
  if (except.length === 0) {
    return [
      finding(
        np,
        field,
        `ipBlock ${cidr} without except also opens the cluster's pod, service and node ranges and the API server: except ${ranges.declared === undefined && cidr === '0.0.0.0/0' ? PRIVATE_V4.join(', ') : `the cluster ranges (${CLUSTER_CIDRS} on the Namespace)`}`,
        rule,
      ),
    ];
  }
  const family = parseCidr(cidr) as Cidr;
  const excepted = except.map(parseCidr).filter((c): c is Cidr => !!c);
  const uncovered = ranges.required.filter((req) => {
    const r = parseCidr(req);
    return r !== undefined && r.v6 === family.v6 && !excepted.some((e) => covers(e, r));
  });
  if (uncovered.length === 0) return [];
  return [
    finding(
      np,
      field,
      `ipBlock ${cidr} except ${JSON.stringify(except)} leaves ${uncovered.join(', ')} open (${ranges.source}), so the rule also reaches pods, Services, nodes or the API server: add ${uncovered.join(', ')} to except`,
      rule,
    ),
  ];
}
