/**
 * The sysctls a pod may set in a berth namespace. Two gates decide: the Pod Security admission at the version
 * the namespaces pin (`pod-security.kubernetes.io/enforce-version: v1.28`, baseline's "sysctls" check, which
 * restricted includes), and the kubelet, which refuses to start a pod with a sysctl outside its safe set
 * (`SysctlForbidden`) unless the node allows it as unsafe. Both lists grew together:
 * kubernetes/kubernetes `staging/src/k8s.io/pod-security-admission/policy/check_sysctls.go` and
 * `pkg/kubelet/sysctl/safe_sysctls.go`.
 */

/** Allowed by Pod Security v1.27 and later, and in every kubelet's safe set since 1.27. */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies',
];

/**
 * Safe only from a later Kubernetes version than the namespaces pin: Pod Security v1.28 rejects them, and a
 * 1.28 kubelet does not count them as safe.
 */
export const LATER_SYSCTLS: Readonly<Record<string, string>> = {
  'net.ipv4.tcp_fin_timeout': '1.29',
  'net.ipv4.tcp_keepalive_intvl': '1.29',
  'net.ipv4.tcp_keepalive_probes': '1.29',
  'net.ipv4.tcp_keepalive_time': '1.29',
  'net.ipv4.tcp_rmem': '1.32',
  'net.ipv4.tcp_wmem': '1.32',
};

/** Why a sysctl cannot be set, with what to do instead; undefined when it can. */
export function sysctlProblem(name: string): string | undefined {
  if (SAFE_SYSCTLS.includes(name)) return undefined;
  const since = LATER_SYSCTLS[name];
  const allowed = `allowed: ${SAFE_SYSCTLS.join(', ')}`;
  if (since !== undefined) {
    return `${name} is safe only from Kubernetes ${since}, but the namespaces enforce Pod Security v1.28 (and a 1.28 kubelet refuses it); leave it out (${allowed})`;
  }
  return `${name} is not in the kubelet's safe set, which the restricted Pod Security Standard allows; leave it out, or set it on the nodes (${allowed})`;
}
