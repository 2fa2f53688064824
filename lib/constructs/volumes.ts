import type { Volume, VolumeMount } from '../../imports/k8s';
import { CONFIG_FILES_VOLUME, copyVolumeName, filesConfigMapName, hostVolumeName, scratchVolumeName, secretVolumeName } from '../model/names';
import type { ResolvedService } from '../model/resolve';
import { mebibytes } from './quantities';

/**
 * A secret file is readable by its owner and group only. The kubelet writes it as root and, with an fsGroup
 * (every berth pod has one), gives it that group and adds group read whatever the mode says (kubernetes#57923:
 * 0400 becomes 0440). The non-root process reads it as a member of the fsGroup, so 0440 is both what the file
 * gets and what works; 0400 would say owner-only and mean root-only without the fsGroup.
 */
export const SECRET_FILE_MODE = 0o440;

/** The pod's volumes, by name: claims, emptyDirs, configuration and secret files, host directories. */
export function podVolumes(svc: ResolvedService): Volume[] {
  return [
    ...svc.mounts.map((m) => ({ name: m.volume, persistentVolumeClaim: { claimName: m.volume } })),
    ...svc.runAs.writablePaths.map((path) => ({ name: scratchVolumeName(path), emptyDir: {} })),
    ...svc.runAs.writableCopies.map((path) => ({ name: copyVolumeName(path), emptyDir: {} })),
    // The kubelet evicts the pod when an emptyDir outgrows sizeLimit; in memory, its pages count against the
    // memory limit of the container that writes them (validation keeps the sizes below it).
    ...svc.scratch.map((s) => ({
      name: scratchVolumeName(s.path),
      emptyDir: { ...(s.inMemory ? { medium: 'Memory' } : {}), ...(s.sizeMi !== undefined ? { sizeLimit: mebibytes(s.sizeMi) } : {}) },
    })),
    ...(svc.configFiles.length > 0 ? [{ name: CONFIG_FILES_VOLUME, configMap: { name: filesConfigMapName(svc.name) } }] : []),
    ...secretVolumes(svc),
    ...svc.hostPaths.map((h) => ({ name: hostVolumeName(h.hostPath), hostPath: { path: h.hostPath, type: 'Directory' } })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/** One volume per Secret, projecting only the keys the service mounts: a key the Secret lacks fails the mount loudly. */
function secretVolumes(svc: ResolvedService): Volume[] {
  const keys = new Map<string, Set<string>>();
  for (const f of svc.secretFiles) keys.set(f.secret, (keys.get(f.secret) ?? new Set()).add(f.key));
  return [...keys].map(([secret, used]) => ({
    name: secretVolumeName(secret),
    secret: { secretName: secret, defaultMode: SECRET_FILE_MODE, items: [...used].sort().map((key) => ({ key, path: key })) },
  }));
}

/** Where the main container mounts them, by path. */
export function volumeMounts(svc: ResolvedService): VolumeMount[] {
  return [
    ...svc.mounts.map((m) => ({ name: m.volume, mountPath: m.path, ...(m.readOnly ? { readOnly: true } : {}) })),
    ...svc.runAs.writablePaths.map((path) => ({ name: scratchVolumeName(path), mountPath: path })),
    ...svc.runAs.writableCopies.map((path) => ({ name: copyVolumeName(path), mountPath: path })),
    ...svc.scratch.map((s) => ({ name: scratchVolumeName(s.path), mountPath: s.path })),
    // subPath keeps the rest of the directory the image ships; the checksum annotation rolls pods on change.
    ...svc.configFiles.map((f) => ({ name: CONFIG_FILES_VOLUME, mountPath: f.path, subPath: f.key, readOnly: true })),
    // A file, not the Secret's directory: the rest of the directory stays the image's. Like a secretKeyRef, a
    // rotated value reaches the process when the pod restarts (a subPath mount is never updated in place).
    ...svc.secretFiles.map((f) => ({ name: secretVolumeName(f.secret), mountPath: f.path, subPath: f.key, readOnly: true })),
    ...svc.hostPaths.map((h) => ({ name: hostVolumeName(h.hostPath), mountPath: h.path, readOnly: true })),
  ].sort((a, b) => a.mountPath.localeCompare(b.mountPath));
}
