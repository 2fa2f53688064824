// The annotations berth writes that `npm run validate` reads back: each name spelt here once, for the constructs
// that write it and the rules that read it.

/** The ACME challenge an Ingress certificate is solved with (http01, dns01). */
export const ACME_CHALLENGE = 'berth.dev/acme-challenge';
/** A namespace's cluster pod, service and node ranges. */
export const CLUSTER_CIDRS = 'berth.dev/cluster-cidrs';
/** Why a Job that runs on every sync is safe to run again. */
export const IDEMPOTENT_BECAUSE = 'berth.dev/idempotent-because';
/** A run-once Job's spec hash, which its name carries. */
export const SPEC_HASH = 'berth.dev/spec-hash';
/** A Job that seeds sample data. */
export const SAMPLE_DATA = 'berth.dev/sample-data';
/** A production namespace. */
export const PRODUCTION = 'berth.dev/production';
/** A workload's compose dependencies and their conditions. */
export const DEPENDS_ON = 'berth.dev/depends-on';
/** The document or image an HTTP probe endpoint comes from. */
export const HEALTH_CHECK_SOURCE = 'berth.dev/health-check-source';
/** A service's roles (a Redis broker, cache, ...). */
export const REDIS_ROLE = 'berth.dev/roles';
/** A worker's longest task, which its grace period must cover. */
export const LONGEST_TASK = 'berth.dev/longest-task-seconds';
/** Why a claim is not kept when its Application goes. */
export const UNPROTECTED_BECAUSE = 'berth.dev/unprotected-because';
/** The embedded database a claim holds. */
export const EMBEDDED_STORE = 'berth.dev/embedded-store';
