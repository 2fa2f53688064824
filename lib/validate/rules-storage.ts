import { EMBEDDED_STORE, UNPROTECTED_BECAUSE } from '../annotations';
import { findImage } from '../images';
import type { Finding, LoadedObject } from './manifests';
import {
  annotationField,
  annotationsOf,
  containersOfPod,
  indexOf,
  isProtected,
  mebibytes,
  type NamespaceView,
  type Pod,
  quantityBytes,
  SYNC_OPTIONS,
  finding,
} from './runtime-index';

/**
 * Data that outlives a sync: claims Argo CD must never delete, directly or through their Namespace, and
 * single-writer stores that must have a single writer. And data that lives in memory: in-memory emptyDirs.
 */

const PROTECT = `set ${SYNC_OPTIONS}: Prune=false,Delete=false`;

function syncOptionsFound(o: LoadedObject): string {
  const value = annotationsOf(o)[SYNC_OPTIONS];
  return value === undefined ? 'it has no sync-options' : `its sync-options are ${JSON.stringify(value)}`;
}

/** [namespace-protection] A Namespace that holds claims is protected from Argo CD deleting it. */
export function namespaceProtection(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).namespaces.flatMap((ns) => {
    const claims = ns.of('PersistentVolumeClaim');
    if (!ns.object || claims.length === 0 || isProtected(ns.object)) return [];
    return [
      finding(
        ns.object,
        annotationField(SYNC_OPTIONS),
        `Namespace ${ns.name} holds PersistentVolumeClaims (${claims.map((c) => c.name).join(', ')}) but ${syncOptionsFound(ns.object)}: ` +
          'deleting or renaming the Application deletes the Namespace, and the namespace controller deletes every claim in it whatever the claim says; ' +
          PROTECT,
        'namespace-protection',
      ),
    ];
  });
}

export const MIN_REASON = 10;

/** [claim-protection] Every claim is protected from pruning and deletion, or says in writing why not. */
export function claimProtection(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.of('PersistentVolumeClaim').flatMap((pvc) => {
      if (isProtected(pvc)) return [];
      const reason = annotationsOf(pvc)[UNPROTECTED_BECAUSE];
      if (reason !== undefined && reason.trim().length >= MIN_REASON) return [];
      if (reason !== undefined) {
        return [
          finding(
            pvc,
            annotationField(UNPROTECTED_BECAUSE),
            `reason ${JSON.stringify(reason)} is shorter than ${MIN_REASON} characters: say why this claim may be deleted, or ${PROTECT}`,
            'claim-protection',
          ),
        ];
      }
      return [
        finding(
          pvc,
          annotationField(SYNC_OPTIONS),
          `PersistentVolumeClaim ${pvc.name}: ${syncOptionsFound(pvc)}, so a prune or an Application deletion deletes the claim and, with the default Delete reclaim policy, its data; ` +
            `${PROTECT}, or opt out with ${UNPROTECTED_BECAUSE}: <reason of at least ${MIN_REASON} characters>`,
          'claim-protection',
        ),
      ];
    }),
  );
}

/** How many pods a workload may run at once, and why more than one (undefined when one). */
function manyPods(ns: NamespaceView, pod: Pod): string | undefined {
  const o = pod.owner;
  const hpa = ns.of('HorizontalPodAutoscaler').find((h) => h.body.spec?.scaleTargetRef?.kind === o.kind && h.body.spec?.scaleTargetRef?.name === o.name);
  if (hpa) return `HorizontalPodAutoscaler ${hpa.name} scales it`;
  if (o.kind === 'DaemonSet') return 'a DaemonSet runs one pod per node';
  const replicas = o.body.spec?.replicas ?? 1;
  if ((o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'ReplicaSet') && replicas > 1) return `replicas ${replicas}`;
  const parallelism = o.kind === 'Job' ? o.body.spec?.parallelism : o.kind === 'CronJob' ? o.body.spec?.jobTemplate?.spec?.parallelism : undefined;
  if ((parallelism ?? 1) > 1) return `parallelism ${parallelism}`;
  if (o.kind === 'CronJob' && (o.body.spec?.concurrencyPolicy ?? 'Allow') === 'Allow') return 'concurrencyPolicy Allow lets runs overlap';
  return undefined;
}

/** [embedded-store] (warning) A claim holding an embedded single-writer store is opened by one pod only. */
export function embeddedStore(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'embedded-store';
  const fix = 'several pods opening a single-writer store (SQLite) over a shared volume can corrupt it; run one server process and let clients connect over the network';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.of('PersistentVolumeClaim').flatMap((pvc) => {
      const store = annotationsOf(pvc)[EMBEDDED_STORE];
      if (store === undefined) return [];
      const found: Finding[] = [];
      const modes: string[] = pvc.body.spec?.accessModes ?? [];
      if (modes.includes('ReadWriteMany')) {
        found.push(finding(pvc, 'spec.accessModes', `claim ${pvc.name} holds an embedded store (${store}) but is ReadWriteMany: ${fix}`, rule, 'warning'));
      }
      const mounters = ns.workloads.filter((p) => (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.name));
      if (mounters.length > 1) {
        const names = mounters.map((p) => `${p.owner.kind}/${p.owner.name}`).join(', ');
        found.push(
          finding(
            pvc,
            annotationField(EMBEDDED_STORE),
            `claim ${pvc.name} holds an embedded store (${store}) and is mounted by ${mounters.length} workloads (${names}): ${fix}`,
            rule,
            'warning',
          ),
        );
      }
      for (const p of mounters) {
        const why = manyPods(ns, p);
        if (why)
          found.push(
            finding(
              pvc,
              annotationField(EMBEDDED_STORE),
              `claim ${pvc.name} holds an embedded store (${store}) and ${p.owner.kind}/${p.owner.name} mounts it with more than one pod (${why}): ${fix}`,
              rule,
              'warning',
            ),
          );
      }
      return found;
    }),
  );
}

/**
 * [scratch-memory] An in-memory emptyDir (`medium: Memory`, compose tmpfs and shm_size) is a tmpfs whose pages
 * are memory charged to the container that writes them. Without a sizeLimit it may grow to the pod's memory,
 * and sizes that fill a container's memory limit leave its process nothing: either way a full tmpfs gets the
 * container OOM-killed instead of a write refused.
 */
export function scratchMemory(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'scratch-memory';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.workloads.flatMap((pod) => {
      const found: Finding[] = [];
      const sizes = new Map<string, number>();
      (pod.spec.volumes ?? []).forEach((v, i) => {
        if (v.emptyDir?.medium !== 'Memory') return;
        const bytes = quantityBytes(v.emptyDir.sizeLimit);
        if (bytes !== undefined) sizes.set(v.name, bytes);
        else {
          found.push(
            finding(
              pod.owner,
              `${pod.path}.spec.volumes[${i}].emptyDir.sizeLimit`,
              `emptyDir ${v.name} is in memory without a sizeLimit: what is written there is memory, up to the whole pod's, and fills the memory limit of the container that writes it (OOM-killed); set a sizeLimit below the limit of the containers that mount it`,
              rule,
            ),
          );
        }
      });
      if (sizes.size === 0) return found;
      for (const { path, container } of containersOfPod(pod)) {
        const mounted = [...new Set((container.volumeMounts ?? []).map((m) => m.name))].filter((name) => sizes.has(name));
        const total = mounted.reduce((sum, name) => sum + sizes.get(name)!, 0);
        const limit = quantityBytes(container.resources?.limits?.memory);
        if (mounted.length === 0 || limit === undefined || total < limit) continue;
        found.push(
          finding(
            pod.owner,
            `${path}.resources.limits.memory`,
            `${mebibytes(limit)}, but the in-memory emptyDirs it mounts (${mounted.join(', ')}) may hold ${mebibytes(total)}: filling them leaves the process nothing and gets the container OOM-killed; raise the limit above ${mebibytes(total)} plus what the process needs, or lower their sizeLimit`,
            rule,
          ),
        );
      }
      return found;
    }),
  );
}

/**
 * [pgdata-subdirectory] PostgreSQL's data directory on a claim's mount point itself: a fresh volume's root
 * holds `lost+found` (ext4) and belongs to root, so initdb refuses the directory ("exists but is not empty"), or,
 * as a non-root UID, cannot chmod it 0700. PGDATA must be a subdirectory of the mount (the official image's
 * documentation: `PGDATA=/var/lib/postgresql/data/pgdata`).
 */
export function pgdataSubdirectory(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'pgdata-subdirectory';
  const ix = indexOf(objects);
  return ix.containers.flatMap(({ pod, path, container, init }) => {
    const image = findImage(container.image ?? '');
    if (init || image?.dataDirectory === undefined || !/postgresql/.test(image.dataDirectory)) return [];
    const claims = new Set((pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim !== undefined).map((v) => v.name));
    const env = (container.env ?? []).find((e) => e.name === 'PGDATA');
    const ref = env?.valueFrom?.configMapKeyRef;
    const fromMap = ref && (ix.namespace(pod.owner.namespace ?? '').get('ConfigMap', ref.name ?? '')?.body.data as Record<string, string> | undefined)?.[ref.key];
    const pgdata = env?.value ?? fromMap ?? image.dataDirectory;
    const mount = (container.volumeMounts ?? []).find((m) => claims.has(m.name) && m.mountPath.replace(/\/+$/, '') === pgdata.replace(/\/+$/, '') && m.subPath === undefined);
    if (mount === undefined) return [];
    return [
      finding(
        pod.owner,
        `${path}.env`,
        `PGDATA is ${pgdata}, the mount point of claim volume ${mount.name} itself: initdb refuses its lost+found (or cannot chmod a root-owned root as UID ${pod.spec.securityContext?.runAsUser ?? '?'}); set PGDATA to a subdirectory, ${pgdata.replace(/\/+$/, '')}/pgdata`,
        rule,
      ),
    ];
  });
}
