import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedSystem } from '../model/resolve';
import { Claim } from './claims';
import { ExternalSecretFor } from './external-secrets';
import { PublicRoutes } from './ingress';
import { SystemNamespaces } from './namespace';
import { NetworkPolicies } from './network-policy';
import { ServiceResources } from './workload';

/** One system in one environment: every object Argo CD applies to its namespace. */
export class SystemChart extends Chart {
  constructor(scope: Construct, system: ResolvedSystem) {
    // Names are set on every object; this keeps cdk8s from appending hashes to any that are not.
    super(scope, `${system.id}-${system.environment}`, { disableResourceNameHashes: true });
    new SystemNamespaces(this, system);
    for (const secret of system.secrets) new ExternalSecretFor(this, system, secret);
    new NetworkPolicies(this, system);
    for (const volume of system.volumes) new Claim(this, system, volume);
    for (const svc of system.services) new ServiceResources(this, system, svc);
    if (system.ingresses.length > 0) new PublicRoutes(this, system);
  }
}
