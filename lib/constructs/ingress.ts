import { Construct } from 'constructs';
import { KubeIngress } from '../../imports/k8s';
import type { ResolvedSystem } from '../model/resolve';
import { objectLabels } from './labels';
import { syncWave } from './sync';

/** The Secret cert-manager writes the system's certificate into. */
export function tlsSecretName(system: ResolvedSystem): string {
  return `${system.id}-tls`;
}

/**
 * The documents' nginx (TLS termination, path routing) → one Ingress. cert-manager's ingress-shim sees the
 * cluster-issuer annotation and keeps a certificate for every TLS host in `tls.secretName`.
 * Synced last: nothing waits on it, and it only routes to Services that exist by then.
 */
export class PublicRoutes extends Construct {
  constructor(scope: Construct, system: ResolvedSystem, wave: number) {
    super(scope, 'ingress');
    const hosts = [...new Set(system.routes.map((r) => r.host))].sort();
    new KubeIngress(this, 'ingress', {
      metadata: {
        name: system.id,
        namespace: system.namespace,
        labels: objectLabels(system, system.id, 'ingress'),
        annotations: { ...syncWave(wave), 'cert-manager.io/cluster-issuer': system.settings.clusterIssuer },
      },
      spec: {
        ingressClassName: system.settings.ingressClassName,
        tls: [{ hosts, secretName: tlsSecretName(system) }],
        rules: system.routes.map((route) => ({
          host: route.host,
          http: {
            paths: route.paths.map((p) => ({
              path: p.path,
              pathType: p.pathType ?? 'Prefix',
              backend: { service: { name: p.service, port: { number: p.port } } },
            })),
          },
        })),
      },
    });
  }
}
