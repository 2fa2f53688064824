import { EMBEDDED_STORE, UNPROTECTED_BECAUSE } from '../annotations';
import { Construct } from 'constructs';
import { KubePersistentVolumeClaim } from '../../imports/k8s';
import type { ResolvedSystem, ResolvedVolume } from '../model/resolve';
import { descriptionAnnotation } from './annotations';
import { objectLabels } from './labels';
import { gibibytes } from './quantities';
import { RETAIN, syncWave } from './sync';

export const BACKUP_LABEL = 'backup.berth.dev/priority';

/**
 * A named compose volume → a PersistentVolumeClaim of the same (DNS) name. Every claim holds state, so Argo CD
 * never prunes or deletes it, whatever its backup priority; only a claim whose data can be rebuilt opts out,
 * and says why. (The namespace is protected too: deleting it would delete the claim regardless.)
 */
export class Claim extends Construct {
  constructor(scope: Construct, system: ResolvedSystem, volume: ResolvedVolume) {
    super(scope, `claim-${volume.name}`);
    new KubePersistentVolumeClaim(this, 'claim', {
      metadata: {
        name: volume.name,
        namespace: system.namespace,
        labels: {
          ...objectLabels(system, volume.name, 'storage'),
          [BACKUP_LABEL]: volume.backup.toLowerCase(),
        },
        annotations: {
          ...syncWave(volume.wave),
          ...descriptionAnnotation(volume.description),
          ...(volume.unprotectedBecause === undefined ? RETAIN : { [UNPROTECTED_BECAUSE]: volume.unprotectedBecause }),
          ...(volume.embeddedStore ? { [EMBEDDED_STORE]: volume.embeddedStore } : {}),
        },
      },
      spec: {
        accessModes: [volume.accessMode],
        resources: { requests: { storage: gibibytes(volume.sizeGi) } },
        storageClassName: volume.storageClass,
      },
    });
  }
}
