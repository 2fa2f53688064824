import type { PodSecurityContext, SecurityContext } from '../../imports/k8s';

/**
 * The restricted Pod Security Standard, and a read-only root on top (Bitnami's charts do the same):
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * The UID must be numeric: with `runAsNonRoot` and a named image user (prometheus' `nobody`) the kubelet
 * refuses to start the container because it cannot verify the user is not root.
 */
export function podSecurityContext(runAs: { uid: number; gid: number; fsGroup: number }, sysctls: readonly { name: string; value: string }[] = []): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.uid,
    runAsGroup: runAs.gid,
    fsGroup: runAs.fsGroup,
    // Re-chown a volume only when its root does not match, not on every start of a large volume.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
    // Only the kubelet's safe set, which Pod Security allows (lib/model/sysctls.ts): namespaced per pod.
    ...(sysctls.length > 0 ? { sysctls: sysctls.map((s) => ({ name: s.name, value: s.value })) } : {}),
  };
}

export function containerSecurityContext(): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
