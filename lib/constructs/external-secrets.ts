import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  type ExternalSecretSpec,
} from '../../imports/external-secrets.io';
import type { ResolvedSecret, ResolvedSystem } from '../model/resolve';
import type { SecretKey } from '../model/types';
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
    // A pull Secret goes where its pods run (a node agent's companion namespace too); the others stay in the system's.
    for (const namespace of secret.kind === 'registry' ? secret.namespaces : [system.namespace]) this.externalSecret(system, secret, namespace);
  }

  private externalSecret(system: ResolvedSystem, secret: ResolvedSecret, namespace: string): void {
    new ExternalSecret(this, namespace, {
      metadata: {
        name: secret.name,
        namespace,
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
          ...(secret.kind === 'registry' ? { template: dockerConfigTemplate(secret.registry) } : {}),
        },
        ...SECRET_DATA[secret.kind](secret as never),
      },
    });
  }
}

type SecretOfKind<K extends ResolvedSecret['kind']> = Extract<ResolvedSecret, { kind: K }>;

const remoteRef = (key: SecretKey) => ({ key: key.remoteKey, ...(key.property ? { property: key.property } : {}) });

/** Which keys of the store each kind of secret copies. */
const SECRET_DATA: { readonly [K in ResolvedSecret['kind']]: (secret: SecretOfKind<K>) => Pick<ExternalSecretSpec, 'data' | 'dataFrom'> } = {
  // An env file: every property of the one JSON value becomes a key, loaded whole with envFrom.
  'env-file': (secret) => ({ dataFrom: [{ extract: { key: secret.remoteKey } }] }),
  keys: (secret) => ({
    data: Object.keys(secret.keys)
      .sort()
      .map((key) => ({ secretKey: key, remoteRef: remoteRef(secret.keys[key]) })),
  }),
  // The registry's user and password, which the template below writes into `.dockerconfigjson`.
  registry: (secret) => ({
    data: REGISTRY_LOGIN.map((property) => ({ secretKey: property, remoteRef: { key: secret.remoteKey, property } })),
  }),
};

/** The properties of a registry's store key. */
const REGISTRY_LOGIN = ['password', 'username'] as const;

/**
 * A pull Secret is of type kubernetes.io/dockerconfigjson with the config under `.dockerconfigjson`; the
 * External Secrets operator's template writes it (its guide "A few common k8s secret types": Dockerconfigjson)
 * from the store's user and password, for exactly this registry. A Docker config copied from a workstation is
 * not used: with a credential store, `docker login` writes `{"auths": {"host": {}}, "credsStore": ...}`, which
 * holds no credentials, and the kubelet pulls anonymously (401).
 */
function dockerConfigTemplate(registry: string) {
  const auth = `{{ printf "%s:%s" .username .password | b64enc }}`;
  return {
    engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': `{"auths":{${JSON.stringify(registry)}:{"username":"{{ .username }}","password":"{{ .password }}","auth":"${auth}"}}}` },
  };
}
