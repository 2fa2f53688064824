import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/external-secrets.io';
import type { ResolvedSecret, ResolvedSystem } from '../model/resolve';
import { descriptionAnnotation } from './annotations';
import { objectLabels } from './labels';
import { PREREQUISITES_WAVE, syncWave } from './sync';

/**
 * A credential never appears in the output: an ExternalSecret tells the External Secrets operator which keys
 * of the environment's secret store to copy into a Secret of this name, which pods then reference.
 */
export class ExternalSecretFor extends Construct {
  constructor(scope: Construct, system: ResolvedSystem, secret: ResolvedSecret) {
    super(scope, `secret-${secret.name}`);
    new ExternalSecret(this, 'external-secret', {
      metadata: {
        name: secret.name,
        namespace: system.namespace,
        labels: objectLabels(system, secret.name, 'credentials'),
        annotations: { ...syncWave(PREREQUISITES_WAVE), ...descriptionAnnotation(secret.description) },
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: {
          kind: ExternalSecretSpecSecretStoreRefKind[system.settings.secretStore.kind === 'ClusterSecretStore' ? 'CLUSTER_SECRET_STORE' : 'SECRET_STORE'],
          name: system.settings.secretStore.name,
        },
        target: {
          name: secret.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        ...(secret.kind === 'env-file'
          ? // An env file: every property of the one JSON value becomes a key, loaded whole with envFrom.
            { dataFrom: [{ extract: { key: secret.remoteKey } }] }
          : {
              data: Object.keys(secret.keys)
                .sort()
                .map((key) => ({
                  secretKey: key,
                  remoteRef: { key: secret.keys[key].remoteKey, ...(secret.keys[key].property ? { property: secret.keys[key].property } : {}) },
                })),
            }),
      },
    });
  }
}
