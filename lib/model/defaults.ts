/**
 * Defaults settled once, here, so the constructs need no fallbacks. Compose's own defaults come first:
 * a description that leaves a field out means what docker compose would do.
 */

/** compose healthcheck defaults (https://docs.docker.com/reference/compose-file/services/#healthcheck). */
export const COMPOSE_HEALTHCHECK = {
  intervalSeconds: 30,
  timeoutSeconds: 30,
  retries: 3,
  startPeriodSeconds: 0,
} as const;

export const ONE_SHOT = {
  backoffLimit: 3,
  activeDeadlineSeconds: 600,
} as const;

export const TERMINATION_GRACE_PERIOD_SECONDS = 30;

export const DEFAULT_TIER = 'important' as const;

/**
 * Init containers that gate start-up. busybox has `nc`, `wget` and `date`; pinned so a gate never changes
 * under a running system.
 */
export const GATE = {
  image: 'busybox:1.36.1',
  /** A gate that has waited this long fails, so the pod shows Init:Error instead of hanging silently. */
  timeoutSeconds: 300,
  pollSeconds: 2,
  /** Gates are tiny clients; they are still given requests and limits (restricted namespaces may demand them). */
  resources: { cpu: 0.01, memoryMi: 16, cpuLimit: 0.1, memoryLimitMi: 32 },
  /** busybox's `nobody`: any non-root UID works for a client. */
  uid: 65534,
} as const;
