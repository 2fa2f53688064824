import { CLUSTER_CIDRS, PRODUCTION } from '../annotations';
import { Construct } from 'constructs';
import { KubeNamespace } from '../../imports/k8s';
import type { ResolvedSystem } from '../model/resolve';
import { systemFacts } from './annotations';
import { objectLabels } from './labels';
import { PREREQUISITES_WAVE, RETAIN, syncWave } from './sync';

/**
 * The system's namespaces. Its own enforces the restricted Pod Security Standard, so the API server rejects
 * any pod that is not. A companion `-host` namespace, only for node agents with host access, enforces
 * `privileged` and says why; it still warns and audits against restricted.
 */
export class SystemNamespaces extends Construct {
  constructor(scope: Construct, system: ResolvedSystem) {
    super(scope, 'namespaces');
    for (const ns of system.namespaces) {
      new KubeNamespace(this, ns.name, {
        metadata: {
          name: ns.name,
          labels: {
            ...objectLabels(system, ns.name, 'namespace'),
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/audit-version': 'v1.28',
            'pod-security.kubernetes.io/enforce': ns.enforce,
            'pod-security.kubernetes.io/enforce-version': 'v1.28',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/warn-version': 'v1.28',
          },
          annotations: {
            ...syncWave(PREREQUISITES_WAVE - 1),
            ...(ns.name === system.namespace ? systemFacts(system) : {}),
            ...(ns.reasons.length > 0 ? { 'policy.berth.dev/privileged-because': ns.reasons.join('; ') } : {}),
            ...(system.settings.production ? { [PRODUCTION]: 'true' } : {}),
            // The ranges internet egress excepts, so \`npm run validate\` judges egress against this environment's.
            [CLUSTER_CIDRS]: system.settings.clusterNetworks.join(','),
            // Deleting or renaming the Application would delete the namespace, and the namespace controller
            // then deletes every claim in it, whatever the claim's own annotation says.
            ...(ns.holdsClaims ? RETAIN : {}),
          },
        },
      });
    }
  }
}
