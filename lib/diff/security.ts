import type { Container, PodSpec, PodTemplateSpec, SecurityContext } from 'kubernetes-types/core/v1';

/**
 * How a pod template's security got weaker from one version to the next, one line per loosening. Only the
 * direction matters: tightening is never reported, and a field left as it was is not either.
 */

const ROOT = 0;

/** A seccomp profile that confines the process (RuntimeDefault or Localhost); absent or Unconfined does not. */
const confined = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';

function podLoosenings(base: PodSpec, head: PodSpec): string[] {
  const found: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (!base[field] && head[field]) found.push(`${field} turned on`);
  if (base.automountServiceAccountToken === false && head.automountServiceAccountToken !== false)
    found.push('the service account token is mounted again (automountServiceAccountToken)');
  const [b, h] = [base.securityContext ?? {}, head.securityContext ?? {}];
  if (b.runAsNonRoot === true && h.runAsNonRoot !== true) found.push('pod runAsNonRoot no longer true');
  if (b.runAsUser !== ROOT && h.runAsUser === ROOT) found.push('pod runs as root (runAsUser 0)');
  if (confined(b.seccompProfile?.type) && !confined(h.seccompProfile?.type)) found.push(`pod seccomp profile ${h.seccompProfile?.type ?? 'removed'}`);
  const hostPaths = (s: PodSpec) => new Set((s.volumes ?? []).filter((v) => v.hostPath).map((v) => v.hostPath!.path));
  const [bh, hh] = [hostPaths(base), hostPaths(head)];
  for (const p of hh) if (!bh.has(p)) found.push(`mounts host path ${p}`);
  return found;
}

function containerLoosenings(name: string, base: SecurityContext, head: SecurityContext): string[] {
  const at = (what: string) => `container ${name}: ${what}`;
  const found: string[] = [];
  if (!base.privileged && head.privileged) found.push(at('privileged'));
  if (base.allowPrivilegeEscalation === false && head.allowPrivilegeEscalation !== false) found.push(at('allowPrivilegeEscalation no longer false'));
  if (base.readOnlyRootFilesystem === true && head.readOnlyRootFilesystem !== true) found.push(at('root filesystem writable'));
  if (base.runAsNonRoot === true && head.runAsNonRoot !== true) found.push(at('runAsNonRoot no longer true'));
  if (base.runAsUser !== ROOT && head.runAsUser === ROOT) found.push(at('runs as root (runAsUser 0)'));
  if (confined(base.seccompProfile?.type) && !confined(head.seccompProfile?.type) && head.seccompProfile !== undefined)
    found.push(at(`seccomp profile ${head.seccompProfile.type}`));
  if ((base.capabilities?.drop ?? []).includes('ALL') && !(head.capabilities?.drop ?? []).includes('ALL')) found.push(at('capabilities no longer drop ALL'));
  const added = (head.capabilities?.add ?? []).filter((c) => !(base.capabilities?.add ?? []).includes(c));
  if (added.length > 0) found.push(at(`adds capabilities ${added.join(', ')}`));
  return found;
}

/** Every loosening from `base` to `head`; containers (init containers included) are matched by name. */
export function securityLoosenings(base: PodTemplateSpec, head: PodTemplateSpec): string[] {
  const [b, h] = [base.spec ?? { containers: [] }, head.spec ?? { containers: [] }];
  const containers = (s: PodSpec) => new Map<string, Container>([...(s.initContainers ?? []), ...s.containers].map((c) => [c.name, c]));
  const before = containers(b);
  // A container new in `head` is held against the pod's main container as it was.
  const main = b.containers[0]?.securityContext ?? {};
  return [
    ...podLoosenings(b, h),
    ...[...containers(h).values()].flatMap((c) => containerLoosenings(c.name, (before.get(c.name) ?? { securityContext: main }).securityContext ?? {}, c.securityContext ?? {})),
  ];
}

/** Pod Security admission levels, loosest last. */
const LEVELS = ['restricted', 'baseline', 'privileged'];
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** A namespace that enforces a looser Pod Security level than before (a missing label enforces nothing). */
export function enforcementLoosened(base: Record<string, string> | undefined, head: Record<string, string> | undefined): string | undefined {
  const rank = (labels: Record<string, string> | undefined) => {
    const i = LEVELS.indexOf(labels?.[ENFORCE_LABEL] ?? 'privileged');
    return i < 0 ? LEVELS.length : i;
  };
  if (rank(head) <= rank(base)) return undefined;
  return `Pod Security enforcement ${base?.[ENFORCE_LABEL] ?? 'none'} → ${head?.[ENFORCE_LABEL] ?? 'none'}`;
}
