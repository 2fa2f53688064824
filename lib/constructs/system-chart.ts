import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedSystem } from '../model/resolve';
import { Claim } from './claims';
import { ExternalSecretFor } from './external-secrets';
import { PublicRoutes } from './ingress';
import { SystemNamespaces } from './namespace';
import { NetworkGraph, NetworkPolicies, serviceNetworkPolicy } from './network-policy';
import { ServiceResources } from './workload';

/**
 * One system in one environment: every object Argo CD applies to its namespace. Each service's objects (its
 * workload, ConfigMaps, Service, budget, autoscaler and network policy) are one construct, handed to
 * `onService` as soon as it is built, so a caller can render it and drop it before the next one is built.
 */
export class SystemChart extends Chart {
  constructor(scope: Construct, system: ResolvedSystem, onService: (part: Construct) => void = () => undefined) {
    // Names are set on every object; this keeps cdk8s from appending hashes to any that are not.
    super(scope, `${system.id}-${system.environment}`, { disableResourceNameHashes: true });
    new SystemNamespaces(this, system);
    for (const secret of system.secrets) new ExternalSecretFor(this, system, secret);
    new NetworkPolicies(this, system);
    for (const volume of system.volumes) new Claim(this, system, volume);
    if (system.ingresses.length > 0) new PublicRoutes(this, system);
    const graph = new NetworkGraph(system);
    for (const svc of system.services) {
      const part = new ServiceResources(this, system, svc);
      serviceNetworkPolicy(part, system, graph, svc);
      onService(part);
    }
  }
}
