import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedSystem } from '../model/resolve';
import { Claim } from './claims';
import { ExternalSecretFor } from './external-secrets';
import { PublicRoutes } from './ingress';
import { SystemNamespaces } from './namespace';
import { NetworkGraph, NetworkPolicies, serviceNetworkPolicy } from './network-policy';
import { ServiceResources } from './workload';

/**
 * One system in one environment: every object Argo CD applies to its namespace, in parts handed to `onPart`
 * as soon as each is built, so a caller can render a part and drop it before the next one is built. First the
 * shared part (namespaces, secrets, baseline network policies, claims, Ingresses), then one part per service
 * (its workload, ConfigMaps, Service, budget, autoscaler and network policy), which is `complete`: no later
 * part has objects of the service's name.
 */
export class SystemChart extends Chart {
  constructor(scope: Construct, system: ResolvedSystem, onPart: (part: Construct, complete: boolean) => void = () => undefined) {
    // Names are set on every object; this keeps cdk8s from appending hashes to any that are not.
    super(scope, `${system.id}-${system.environment}`, { disableResourceNameHashes: true });
    const shared = new Construct(this, 'shared');
    new SystemNamespaces(shared, system);
    for (const secret of system.secrets) new ExternalSecretFor(shared, system, secret);
    new NetworkPolicies(shared, system);
    for (const volume of system.volumes) new Claim(shared, system, volume);
    if (system.ingresses.length > 0) new PublicRoutes(shared, system);
    onPart(shared, false);
    const graph = new NetworkGraph(system);
    for (const svc of system.services) {
      const part = new ServiceResources(this, system, svc);
      serviceNetworkPolicy(part, system, graph, svc);
      onPart(part, true);
    }
  }
}
