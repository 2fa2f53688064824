import { allowedPaths, pathEnds, pathKey } from '../network/paths';
import type { LoadedObject } from '../validate/manifests';
import { podTemplateOf } from '../validate/pods';
import type { DirectoryDiff, ObjectChange } from './compare';
import { workloadRisks } from './workloads';

/**
 * The changes a reviewer must see before Argo CD applies them, each a class of its own, most dangerous first.
 * `berth diff` puts them above everything else and exits 1 on any of them unless told `--allow`.
 */
export const RISK_CLASSES = {
  'data-loss': 'DATA WOULD BE LOST',
  'namespace-removed': 'NAMESPACE OR APPLICATION REMOVED',
  'protection-lost': 'PROTECTION REMOVED',
  'immutable-field': 'IMMUTABLE FIELD CHANGED',
  'security-loosened': 'SECURITY LOOSENED',
  'network-path-added': 'NEW NETWORK PATH',
  'image-unpinned': 'IMAGE NOT PINNED',
  'image-changed': 'IMAGE CHANGED',
} as const;

export type RiskClass = keyof typeof RISK_CLASSES;

export interface Risk {
  readonly risk: RiskClass;
  readonly dir: string;
  /** `PersistentVolumeClaim minio-data`. */
  readonly object: string;
  readonly message: string;
}

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const annotation = (o: LoadedObject | undefined, key: string): string => o?.body.metadata?.annotations?.[key] ?? '';
const protections = (o: LoadedObject | undefined) =>
  annotation(o, SYNC_OPTIONS)
    .split(',')
    .filter((opt) => opt === 'Prune=false' || opt === 'Delete=false');
const label = (o: LoadedObject) => `${o.kind} ${o.name}`;

/** Fields the API server never updates in place, by kind (a change fails with "field is immutable"). */
const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  Job: ['spec.selector', 'spec.template', 'spec.completionMode'],
  PersistentVolumeClaim: ['spec.storageClassName', 'spec.accessModes', 'spec.volumeMode', 'spec.volumeName', 'spec.selector', 'spec.dataSource'],
  Service: ['spec.clusterIP', 'spec.clusterIPs'],
};

/** Bytes of a storage quantity (`20Gi`, `500M`); undefined when it is not one. */
export function storageBytes(q: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKMGTPE]i?)?$/.exec(q ?? '');
  if (!m) return undefined;
  const unit = m[2] ?? '';
  const power = unit === '' ? 0 : 'KMGTPE'.indexOf(unit[0].toUpperCase()) + 1;
  return Number(m[1]) * (unit.endsWith('i') ? 1024 : 1000) ** power;
}

/** What mounts a claim, among a directory's workloads. */
function mounters(objects: readonly LoadedObject[], claim: string): string[] {
  return objects.filter((o) => (podTemplateOf(o)?.template.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim)).map((o) => o.name);
}

function claimRisks(diff: DirectoryDiff): Risk[] {
  const claims = (changes: readonly ObjectChange[], side: 'base' | 'head') => changes.map((c) => c[side]!).filter((o) => o.kind === 'PersistentVolumeClaim');
  const added = claims(diff.added, 'head');
  const removed = claims(diff.removed, 'base').map((old): Risk => {
    const users = mounters(diff.baseObjects, old.name);
    const data = `${old.body.spec?.resources?.requests?.storage ?? 'its'} of data, backup ${(old.body.metadata?.labels?.['backup.berth.dev/priority'] ?? 'unknown').toUpperCase()}`;
    const kept = protections(old).includes('Prune=false')
      ? `stays behind in ${old.name}, which Argo CD keeps (Prune=false) but nothing mounts`
      : `goes: Argo CD prunes ${old.name}, and its volume with it unless the storage class retains volumes`;
    const successors = added.filter((n) => users.some((u) => mounters(diff.headObjects, n.name).includes(u))).map((n) => n.name);
    const message =
      successors.length > 0
        ? `claim renamed to ${successors.join(', ')}: ${users.join(', ')} will mount ${successors.join(', ')}, which starts EMPTY; the data (${data}) ${kept}`
        : `claim removed: the data (${data}) ${kept}`;
    return { risk: 'data-loss', dir: diff.dir, object: label(old), message };
  });
  const shrunk = diff.changed
    .filter((c) => c.head!.kind === 'PersistentVolumeClaim')
    .flatMap((c): Risk[] => {
      const [before, after] = [c.base!.body.spec?.resources?.requests?.storage, c.head!.body.spec?.resources?.requests?.storage];
      const [b, a] = [storageBytes(before), storageBytes(after)];
      if (b === undefined || a === undefined || a >= b) return [];
      return [
        {
          risk: 'data-loss',
          dir: diff.dir,
          object: label(c.head!),
          message: `claim shrunk from ${before} to ${after}: Kubernetes refuses to shrink a claim, so the sync fails; less room means moving the data to a new claim by hand`,
        },
      ];
    });
  return [...removed, ...shrunk];
}

function namespaceRisks(diff: DirectoryDiff): Risk[] {
  const gone = diff.removed.map((c) => c.base!).filter((o) => o.kind === 'Namespace' || o.kind === 'Application');
  const newNamespaces = diff.added.map((c) => c.head!).filter((o) => o.kind === 'Namespace');
  return gone.map((o): Risk => {
    if (o.kind === 'Application') {
      const cascades = (o.body.metadata?.finalizers ?? []).some((f: string) => f.startsWith('resources-finalizer.argocd.argoproj.io'));
      const message = cascades
        ? 'Application removed: Argo CD deletes every object it deployed (resources-finalizer), except those marked Delete=false'
        : "Application removed: its objects keep running, unmanaged (no resources-finalizer), unless an Application of the same name (the ApplicationSet's, after a mode switch) adopts them; to retire it, delete its namespace once the data is safe";
      return { risk: 'namespace-removed', dir: diff.dir, object: label(o), message };
    }
    const renamed = newNamespaces.length > 0 ? ` Renamed to ${newNamespaces.map((n) => n.name).join(', ')}? Everything starts empty there.` : '';
    const kept = protections(o).includes('Prune=false')
      ? 'Argo CD keeps it (Prune=false), with every claim in it orphaned.'
      : 'Argo CD prunes it, and Kubernetes deletes every object in it, claims and their data included.';
    return { risk: 'namespace-removed', dir: diff.dir, object: label(o), message: `namespace removed: ${kept}${renamed}` };
  });
}

function protectionRisks(diff: DirectoryDiff): Risk[] {
  return diff.changed.flatMap((c): Risk[] => {
    const lost = protections(c.base).filter((p) => !protections(c.head).includes(p));
    if (lost.length === 0) return [];
    return [{ risk: 'protection-lost', dir: diff.dir, object: label(c.head!), message: `${lost.join(', ')} removed from ${SYNC_OPTIONS}: Argo CD may now prune or delete it` }];
  });
}

function immutableRisks(diff: DirectoryDiff): Risk[] {
  return diff.changed.flatMap((c): Risk[] => {
    const head = c.head!;
    // Argo CD deletes and recreates a hook each time (BeforeHookCreation), and Replace=true replaces the object.
    if (annotation(head, 'argocd.argoproj.io/hook') !== '' || annotation(head, SYNC_OPTIONS).includes('Replace=true')) return [];
    const fixed = IMMUTABLE[head.kind] ?? [];
    const hit = c.fields.filter((f) => fixed.some((p) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`)));
    if (hit.length === 0) return [];
    const shown = hit.length > 3 ? [...hit.slice(0, 3), `${hit.length - 3} more`] : hit;
    return [
      {
        risk: 'immutable-field',
        dir: diff.dir,
        object: label(head),
        message: `${shown.join(', ')} changed: the API server refuses it ("field is immutable") and the sync fails until the object is deleted and recreated`,
      },
    ];
  });
}

/**
 * Paths the policies allow now and did not before. A path is known by its ends' namespaces too: a workload
 * that moves to another namespace (a privileged one) opens new paths. Where the directory's workloads run in
 * more than one namespace, each end is named with its namespace.
 */
function networkRisks(diff: DirectoryDiff): Risk[] {
  const before = new Set(allowedPaths(diff.baseObjects).map(pathKey));
  const namespaces = new Set([...diff.baseObjects, ...diff.headObjects].filter((o) => podTemplateOf(o)).map((o) => o.namespace));
  const qualify = namespaces.size > 1;
  return allowedPaths(diff.headObjects)
    .filter((p) => !before.has(pathKey(p)))
    .map((p): Risk => ({ risk: 'network-path-added', dir: diff.dir, object: pathEnds(p, qualify), message: `NetworkPolicies now allow ${pathEnds(p, qualify)} ${p.port}` }));
}

/** Every risky change in one directory, in class order. */
export function risksOf(diff: DirectoryDiff): Risk[] {
  const all = [...claimRisks(diff), ...namespaceRisks(diff), ...protectionRisks(diff), ...immutableRisks(diff), ...workloadRisks(diff), ...networkRisks(diff)];
  const order = Object.keys(RISK_CLASSES);
  return all.sort((a, b) => order.indexOf(a.risk) - order.indexOf(b.risk));
}
