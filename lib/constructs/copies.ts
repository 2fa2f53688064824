import type { Container } from '../../imports/k8s';
import { GATE } from '../model/defaults';
import { copyVolumeName } from '../model/names';
import type { ResolvedService } from '../model/resolve';
import { cpu, mebibytes } from './quantities';
import { containerSecurityContext } from './security';

/** Where the copy container mounts each writable copy's emptyDir (the image's own directory stays visible). */
const COPIES_ROOT = '/berth-copies';

/**
 * The init container that fills each writable copy (`runAs.writableCopies`) with the image's files: the same
 * image, as the same user, copying the directory into its emptyDir before the process starts. Under a read-only
 * root, an entrypoint that renders configuration beside the files the image ships (`/etc/nginx/nginx.conf`) can
 * then write there, and still finds the rest. `cp -R` keeps modes but not owners: the files become the pod
 * user's, which is what lets the process write them.
 */
export function copyContainers(svc: ResolvedService): Container[] {
  if (svc.runAs.writableCopies.length === 0) return [];
  const pairs = svc.runAs.writableCopies.flatMap((path) => [path, `${COPIES_ROOT}/${copyVolumeName(path)}`]);
  return [
    {
      name: 'copy-image-files',
      image: svc.image,
      imagePullPolicy: 'IfNotPresent',
      // Pairs of (image directory, emptyDir) as arguments: no path is spliced into shell code.
      command: ['sh', '-c', 'set -e\nwhile [ "$#" -gt 1 ]; do\n  echo "copying $1"\n  cp -R "$1/." "$2/"\n  shift 2\ndone', 'copy-image-files', ...pairs],
      resources: {
        requests: { cpu: cpu(GATE.resources.cpu), memory: mebibytes(GATE.resources.memoryMi) },
        limits: { cpu: cpu(GATE.resources.cpuLimit), memory: mebibytes(GATE.resources.memoryLimitMi) },
      },
      securityContext: containerSecurityContext(),
      volumeMounts: svc.runAs.writableCopies.map((path) => ({ name: copyVolumeName(path), mountPath: `${COPIES_ROOT}/${copyVolumeName(path)}` })),
    },
  ];
}
