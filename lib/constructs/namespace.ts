import { Construct } from 'constructs';
import { KubeNamespace } from '../../imports/k8s';
import type { ResolvedSystem } from '../model/resolve';
import { objectLabels } from './labels';
import { PREREQUISITES_WAVE, syncWave } from './sync';

/** The namespace, with the restricted Pod Security Standard enforced, so the API server rejects any pod that is not. */
export class SystemNamespace extends Construct {
  constructor(scope: Construct, system: ResolvedSystem) {
    super(scope, 'namespace');
    new KubeNamespace(this, 'namespace', {
      metadata: {
        name: system.namespace,
        labels: {
          ...objectLabels(system, system.namespace, 'namespace'),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'v1.28',
        },
        annotations: syncWave(PREREQUISITES_WAVE - 1),
      },
    });
  }
}
