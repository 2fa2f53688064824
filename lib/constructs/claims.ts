import { Construct } from 'constructs';
import { KubePersistentVolumeClaim } from '../../imports/k8s';
import type { ResolvedSystem, ResolvedVolume } from '../model/resolve';
import { describe } from './annotations';
import { objectLabels } from './labels';
import { gibibytes } from './quantities';
import { RETAIN, syncWave } from './sync';

export const BACKUP_LABEL = 'backup.berth.dev/priority';

/** Claims whose loss the documents rate CRITICAL or HIGH are never pruned or deleted by Argo CD. */
export function isProtected(volume: ResolvedVolume): boolean {
  return volume.backup === 'CRITICAL' || volume.backup === 'HIGH';
}

/** A named compose volume → a PersistentVolumeClaim of the same (DNS) name. */
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
          ...describe(volume.description),
          ...(isProtected(volume) ? RETAIN : {}),
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
