import type { Finding, LoadedObject } from './manifests';
import { indexOf } from './runtime-index';
import { httpProbeSource, imageEntrypoint, imageKnownBad, imageMemory, imageShadowed, pgIsReadyTcp, redisProbe } from './rules-containers';
import { applicationSetAutomated, argocdCascade, argocdProject } from './rules-argocd';
import { argocdDestination, priorityClassProtection, priorityPreemption } from './rules-cluster';
import { gateDeadline, ingressWave, syncHooks, workerAfterMigration } from './rules-delivery';
import { acmeHttp01, ingressNginx, internetEgress } from './rules-network';
import { celery, redisMemory } from './rules-processes';
import { envFileParity, imageRequiredEnv, ingressStatic, secretFiles } from './rules-settings';
import { claimProtection, embeddedStore, namespaceProtection, pgdataSubdirectory, scratchMemory } from './rules-storage';

/**
 * Runtime rules: valid is not the same as working. Each rule is a function over the objects of a directory that
 * finds a trap a schema cannot see — a manifest that applies cleanly and then loses data, never becomes ready,
 * or blocks the rest of the sync — and says where it is, what was found and how to fix it, ending in
 * `[<rule-id>]`. They work per namespace over one shared index (runtime-index.ts); the image facts they rely
 * on are tables in images.ts. The annotations they read are the contract with lib/constructs.
 */
export type RuntimeRule = (objects: readonly LoadedObject[]) => Finding[];

export const RUNTIME_RULES: Readonly<Record<string, RuntimeRule>> = {
  'namespace-protection': namespaceProtection,
  'claim-protection': claimProtection,
  'acme-http01': acmeHttp01,
  'image-entrypoint': imageEntrypoint,
  'redis-probe': redisProbe,
  'pg-isready-tcp': pgIsReadyTcp,
  'http-probe-source': httpProbeSource,
  'redis-memory': redisMemory,
  celery,
  'sync-hooks': syncHooks,
  'worker-after-migration': workerAfterMigration,
  'gate-deadline': gateDeadline,
  'ingress-wave': ingressWave,
  'ingress-nginx': ingressNginx,
  'internet-egress': internetEgress,
  'image-known-bad': imageKnownBad,
  'image-shadowed': imageShadowed,
  'image-memory': imageMemory,
  'embedded-store': embeddedStore,
  'scratch-memory': scratchMemory,
  'pgdata-subdirectory': pgdataSubdirectory,
  'env-file-parity': envFileParity,
  'image-required-env': imageRequiredEnv,
  'ingress-static': ingressStatic,
  'secret-files': secretFiles,
  'argocd-destination': argocdDestination,
  'priority-preemption': priorityPreemption,
  'priority-class-protection': priorityClassProtection,
  'argocd-project': argocdProject,
  'argocd-cascade': argocdCascade,
  'applicationset-automated': applicationSetAutomated,
};

/** Every runtime rule over `objects`, indexed once. */
export function checkRuntime(objects: readonly LoadedObject[]): Finding[] {
  indexOf(objects);
  return Object.values(RUNTIME_RULES).flatMap((rule) => rule(objects));
}

/** The rule id a finding's message ends in, when it is a runtime rule's. */
export function runtimeRuleOf(f: Finding): string | undefined {
  const id = /\[([a-z0-9-]+)\]$/.exec(f.message)?.[1];
  return id !== undefined && id in RUNTIME_RULES ? id : undefined;
}

export {
  acmeHttp01,
  applicationSetAutomated,
  argocdCascade,
  argocdDestination,
  argocdProject,
  priorityClassProtection,
  priorityPreemption,
  celery,
  claimProtection,
  embeddedStore,
  envFileParity,
  gateDeadline,
  httpProbeSource,
  imageEntrypoint,
  imageKnownBad,
  imageMemory,
  imageRequiredEnv,
  imageShadowed,
  ingressNginx,
  ingressStatic,
  ingressWave,
  internetEgress,
  namespaceProtection,
  pgIsReadyTcp,
  redisMemory,
  redisProbe,
  pgdataSubdirectory,
  scratchMemory,
  secretFiles,
  syncHooks,
  workerAfterMigration,
};
