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
 * Init containers that gate start-up. The busybox image is built from defconfig, so it has `nc -z`, `wget -T`
 * and `date`; pinned so a gate never changes under a running system. 1.37.0: 1.36.1 carries
 * CVE-2023-42363..42366 and is no longer built by the official images.
 */
export const GATE = {
  image: 'busybox:1.37.0',
  /** A gate that has waited this long fails, so the pod shows Init:Error instead of hanging silently. */
  timeoutSeconds: 300,
  pollSeconds: 2,
  /** Gates are tiny clients; they are still given requests and limits (restricted namespaces may demand them). */
  resources: { cpu: 0.01, memoryMi: 16, cpuLimit: 0.1, memoryLimitMi: 32 },
  /** busybox's `nobody`: any non-root UID works for a client. */
  uid: 65534,
} as const;

/**
 * ingress-nginx's own defaults (proxy-read-timeout, proxy-send-timeout, proxy-body-size), written out on every
 * Ingress so a reviewer sees the limit a route has: an idle WebSocket drops after 60 s, an upload over 1 MiB
 * gets 413.
 */
export const INGRESS_NGINX = {
  readTimeoutSeconds: 60,
  sendTimeoutSeconds: 60,
  maxBodyMi: 1,
} as const;

/**
 * Share of a container's memory limit an in-memory store may fill (Redis `--maxmemory`): the rest is for the
 * fork of a BGSAVE or AOF rewrite and the allocator. `{{berth.maxmemory}}` in a command is this share of the
 * environment's limit; `npm run validate` holds redis-server to it.
 */
export const MAX_MEMORY_SHARE = 0.75;

/** cert-manager's HTTP-01 solver pods: this label, this port, in the namespace of the Ingress. */
export const ACME_HTTP01_SOLVER = {
  podLabels: { 'acme.cert-manager.io/http01-solver': 'true' },
  port: 8089,
} as const;
