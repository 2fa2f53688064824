import { ACME_CHALLENGE } from '../annotations';
import { Construct } from 'constructs';
import { KubeIngress } from '../../imports/k8s';
import { ingressName, tlsSecretName } from '../model/names';
import type { ResolvedIngress, ResolvedSystem } from '../model/resolve';
import { objectLabels } from './labels';
import { syncWave } from './sync';

/**
 * The documents' nginx (TLS termination, path routing) → Ingresses for ingress-nginx, one per distinct set of
 * path settings (timeouts, body limit), since its annotations apply to a whole Ingress; ingress-nginx merges
 * the Ingresses of one host. Only the earliest synced carries the cert-manager annotation, so exactly one
 * Certificate owns the TLS Secret, it lists every host, and it is requested as soon as any route is served; the
 * others serve the same Secret.
 * Each syncs in the wave right after its own backends, before anything that could hold it back.
 */
export class PublicRoutes extends Construct {
  constructor(scope: Construct, system: ResolvedSystem) {
    super(scope, 'ingress');
    const allHosts = [...new Set(system.routes.map((r) => r.host))].sort();
    const earliest = Math.min(...system.ingresses.map((i) => i.wave));
    const issuer = system.ingresses.findIndex((i) => i.wave === earliest);
    system.ingresses.forEach((ingress, index) => this.ingress(system, ingress, index, index === issuer, allHosts));
  }

  private ingress(system: ResolvedSystem, ingress: ResolvedIngress, index: number, issues: boolean, allHosts: readonly string[]): void {
    const name = ingressName(system.id, index, ingress.paths[0].path);
    const settings = ingress.paths[0];
    const hosts = [...new Set(ingress.paths.map((p) => p.host))];
    new KubeIngress(this, name, {
      metadata: {
        name,
        namespace: system.namespace,
        labels: objectLabels(system, name, 'ingress'),
        annotations: {
          ...syncWave(ingress.wave),
          ...(issues ? { 'cert-manager.io/cluster-issuer': system.settings.clusterIssuer, [ACME_CHALLENGE]: system.settings.acmeChallenge } : {}),
          // Written out even where they are ingress-nginx's defaults, so a reviewer sees each route's limits.
          'nginx.ingress.kubernetes.io/proxy-read-timeout': String(settings.readTimeoutSeconds),
          'nginx.ingress.kubernetes.io/proxy-send-timeout': String(settings.sendTimeoutSeconds),
          'nginx.ingress.kubernetes.io/proxy-body-size': `${settings.maxBodyMi}m`,
        },
      },
      spec: {
        ingressClassName: system.settings.ingressClassName,
        tls: [{ hosts: issues ? [...allHosts] : [...hosts].sort(), secretName: tlsSecretName(system.id) }],
        rules: hosts.map((host) => ({
          host,
          http: {
            paths: ingress.paths
              .filter((p) => p.host === host)
              .map((p) => ({ path: p.path, pathType: p.pathType, backend: { service: { name: p.service, port: { number: p.port } } } })),
          },
        })),
      },
    });
  }
}
