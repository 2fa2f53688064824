import type { Container, PodSpec, PodTemplateSpec, SecurityContext } from 'kubernetes-types/core/v1';

/**
 * How a pod template's security is weaker than another's, one line per loosening, each saying how it stands
 * now. Only the direction matters: tightening is never reported, and a field left as it was is not either. A
 * changed workload is held against what it was; a new one against `RESTRICTED_TEMPLATE`, the baseline every
 * pod berth writes holds to.
 */

const ROOT = 0;

/**
 * The restricted Pod Security Standard as berth writes it (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted),
 * plus what berth adds to it: a read-only root filesystem and no service-account token. No host namespaces,
 * host paths or volume types it does not allow, privileged containers, added capabilities, shared process
 * namespace or sysctls.
 */
export const RESTRICTED_TEMPLATE: PodTemplateSpec = {
  spec: {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: '',
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    ],
  },
};

/** A seccomp profile that confines the process (RuntimeDefault or Localhost); absent or Unconfined does not. */
const confined = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';

/** runAsNonRoot as it applies to a container: its own, else the pod's. */
const nonRoot = (pod: PodSpec, c: SecurityContext) => (c.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true;
/** The seccomp profile as it applies to a container: its own, else the pod's. */
const seccomp = (pod: PodSpec, c: SecurityContext) => c.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;

function podLoosenings(base: PodSpec, head: PodSpec): string[] {
  const found: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (!base[field] && head[field]) found.push(`${field}: true`);
  if (!base.shareProcessNamespace && head.shareProcessNamespace)
    found.push("shareProcessNamespace: true (compose init): every container sees the others' processes, environment and root filesystem");
  if (base.automountServiceAccountToken === false && head.automountServiceAccountToken !== false) found.push('the service account token is mounted (automountServiceAccountToken)');
  const [b, h] = [base.securityContext ?? {}, head.securityContext ?? {}];
  if (b.runAsUser !== ROOT && h.runAsUser === ROOT) found.push('pod runs as root (runAsUser 0)');
  const sysctls = new Map((b.sysctls ?? []).map((s) => [s.name, s.value]));
  for (const s of h.sysctls ?? []) {
    const was = sysctls.get(s.name);
    if (was !== s.value) found.push(`sysctl ${s.name}=${s.value}${was === undefined ? '' : ` (was ${was})`}`);
  }
  const hostPaths = (s: PodSpec) => new Set((s.volumes ?? []).filter((v) => v.hostPath).map((v) => v.hostPath!.path));
  const [bh, hh] = [hostPaths(base), hostPaths(head)];
  for (const p of hh) if (!bh.has(p)) found.push(`mounts host path ${p}`);
  return [...found, ...volumeLoosenings(base, head)];
}

/** The volume types the restricted standard allows (its "Volume Types" control); a host path is reported on its own. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'hostPath'];

/** Volumes of a type the restricted standard refuses (`nfs`, `iscsi`, ...), new in `head`. */
function volumeLoosenings(base: PodSpec, head: PodSpec): string[] {
  const typeOf = (v: object) => Object.keys(v).find((k) => k !== 'name') ?? 'none';
  const before = new Set((base.volumes ?? []).map((v) => `${v.name}/${typeOf(v)}`));
  return (head.volumes ?? [])
    .filter((v) => !RESTRICTED_VOLUMES.includes(typeOf(v)) && !before.has(`${v.name}/${typeOf(v)}`))
    .map((v) => `volume ${v.name} of type ${typeOf(v)}, which the restricted standard does not allow`);
}

function containerLoosenings(pods: { base: PodSpec; head: PodSpec }, was: Container, is: Container): string[] {
  const at = (what: string) => `container ${is.name}: ${what}`;
  const [base, head]: SecurityContext[] = [was.securityContext ?? {}, is.securityContext ?? {}];
  const found: string[] = [];
  const hostPorts = new Set((was.ports ?? []).map((p) => p.hostPort));
  for (const p of is.ports ?? []) if (p.hostPort !== undefined && !hostPorts.has(p.hostPort)) found.push(at(`hostPort ${p.hostPort}`));
  if (!base.privileged && head.privileged) found.push(at('privileged'));
  if (base.allowPrivilegeEscalation === false && head.allowPrivilegeEscalation !== false) found.push(at('allowPrivilegeEscalation not false'));
  if (base.readOnlyRootFilesystem === true && head.readOnlyRootFilesystem !== true) found.push(at('root filesystem writable'));
  if (nonRoot(pods.base, base) && !nonRoot(pods.head, head)) found.push(at('runAsNonRoot not true: the image may run as root'));
  if (base.runAsUser !== ROOT && head.runAsUser === ROOT) found.push(at('runs as root (runAsUser 0)'));
  if (confined(seccomp(pods.base, base)) && !confined(seccomp(pods.head, head))) found.push(at(`seccomp profile ${seccomp(pods.head, head) ?? 'none'}`));
  if ((base.capabilities?.drop ?? []).includes('ALL') && !(head.capabilities?.drop ?? []).includes('ALL')) found.push(at('capabilities do not drop ALL'));
  const added = (head.capabilities?.add ?? []).filter((c) => !(base.capabilities?.add ?? []).includes(c));
  if (added.length > 0) found.push(at(`adds capabilities ${added.join(', ')}`));
  return found;
}

/** Every loosening from `base` to `head`; containers (init containers included) are matched by name. */
export function securityLoosenings(base: PodTemplateSpec, head: PodTemplateSpec): string[] {
  const [b, h] = [base.spec ?? { containers: [] }, head.spec ?? { containers: [] }];
  const containers = (s: PodSpec) => new Map<string, Container>([...(s.initContainers ?? []), ...s.containers].map((c) => [c.name, c]));
  const before = containers(b);
  // A container new in `head` is held against the pod's main container as it was (its ports aside).
  const main: Container = { name: '', securityContext: b.containers[0]?.securityContext };
  return [...podLoosenings(b, h), ...[...containers(h).values()].flatMap((c) => containerLoosenings({ base: b, head: h }, before.get(c.name) ?? main, c))];
}

/** Pod Security admission levels, loosest last. */
const LEVELS = ['restricted', 'baseline', 'privileged'];
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** The restricted level, as a new namespace is held against. */
export const RESTRICTED_LABELS: Readonly<Record<string, string>> = { [ENFORCE_LABEL]: 'restricted' };

/** A namespace that enforces a looser Pod Security level than before (a missing label enforces nothing). */
export function enforcementLoosened(base: Readonly<Record<string, string>> | undefined, head: Record<string, string> | undefined): string | undefined {
  const rank = (labels: Readonly<Record<string, string>> | undefined) => {
    const i = LEVELS.indexOf(labels?.[ENFORCE_LABEL] ?? 'privileged');
    return i < 0 ? LEVELS.length : i;
  };
  if (rank(head) <= rank(base)) return undefined;
  return `Pod Security enforcement ${base?.[ENFORCE_LABEL] ?? 'none'} → ${head?.[ENFORCE_LABEL] ?? 'none'}`;
}
