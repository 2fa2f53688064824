/**
 * Argo CD sync annotations. Waves order a sync: Argo CD applies one wave, waits until it is healthy, then
 * applies the next (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/).
 */

/** Namespace, configuration, secrets and policies go before any workload. */
export const PREREQUISITES_WAVE = -1;

export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}

/**
 * A Job that runs once per sync, after the wave before it is healthy. `BeforeHookCreation` deletes the previous
 * run only when the next starts, so its logs stay readable and a changed image never hits the immutable
 * `spec.template` of an existing Job.
 */
export function syncHook(wave: number): Record<string, string> {
  return {
    ...syncWave(wave),
    'argocd.argoproj.io/hook': 'Sync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  };
}

/**
 * Argo CD never prunes or deletes the object, not even when the Application is deleted: a claim's data, and the
 * namespace that holds claims, outlive the app. (Kubernetes would delete every claim in a deleted namespace.)
 */
export const RETAIN = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
