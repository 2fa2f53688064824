import type { Volume, VolumeMount } from '../../imports/k8s';
import { CONFIG_FILES_VOLUME, copyVolumeName, filesConfigMapName, hostVolumeName, scratchVolumeName, secretVolumeName, sidecarScratchVolumeName } from '../model/names';
import type { ResolvedContainer, ResolvedService } from '../model/resolve';
import { mebibytes } from './quantities';

/**
 * A secret file is readable by its owner and group only. The kubelet writes it as root and, with an fsGroup
 * (every berth pod has one), gives it that group and adds group read whatever the mode says (kubernetes#57923:
 * 0400 becomes 0440). The non-root process reads it as a member of the fsGroup, so 0440 is both what the file
 * gets and what works; 0400 would say owner-only and mean root-only without the fsGroup.
 */
export const SECRET_FILE_MODE = 0o440;

/**
 * The pod's volumes, by name: claims, emptyDirs, configuration and secret files, host directories. A claim or a
 * Secret that several containers mount is one volume; each container's writable and scratch paths are its own.
 */
export function podVolumes(svc: ResolvedService): Volume[] {
  const claims = [...new Set([svc, ...svc.sidecars].flatMap((c) => c.mounts.map((m) => m.volume)))];
  return [
    ...claims.map((claim) => ({ name: claim, persistentVolumeClaim: { claimName: claim } })),
    ...emptyDirs(svc, scratchVolumeName),
    ...svc.sidecars.flatMap((s) => emptyDirs(s, (path) => sidecarScratchVolumeName(s.name, path))),
    ...([svc, ...svc.sidecars].some((c) => c.configFiles.length > 0) ? [{ name: CONFIG_FILES_VOLUME, configMap: { name: filesConfigMapName(svc.name) } }] : []),
    ...secretVolumes(svc),
    ...svc.hostPaths.map((h) => ({ name: hostVolumeName(h.hostPath), hostPath: { path: h.hostPath, type: 'Directory' } })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/** A container's writable and scratch paths, each an emptyDir. */
function emptyDirs(c: ResolvedContainer, volumeName: (path: string) => string): Volume[] {
  return [
    ...c.runAs.writablePaths.map((path) => ({ name: volumeName(path), emptyDir: {} })),
    // Filled from the image by an init container (copies.ts) before the process starts.
    ...c.runAs.writableCopies.map((path) => ({ name: copyVolumeName(path), emptyDir: {} })),
    // The kubelet evicts the pod when an emptyDir outgrows sizeLimit; in memory, its pages count against the
    // memory limit of the container that writes them (validation keeps the sizes below it).
    ...c.scratch.map((s) => ({
      name: volumeName(s.path),
      emptyDir: { ...(s.inMemory ? { medium: 'Memory' } : {}), ...(s.sizeMi !== undefined ? { sizeLimit: mebibytes(s.sizeMi) } : {}) },
    })),
  ];
}

/** One volume per Secret, projecting only the keys the pod's containers mount: a key the Secret lacks fails the mount loudly. */
function secretVolumes(svc: ResolvedService): Volume[] {
  const keys = new Map<string, Set<string>>();
  for (const f of [svc, ...svc.sidecars].flatMap((c) => c.secretFiles)) keys.set(f.secret, (keys.get(f.secret) ?? new Set()).add(f.key));
  return [...keys].map(([secret, used]) => ({
    name: secretVolumeName(secret),
    secret: { secretName: secret, defaultMode: SECRET_FILE_MODE, items: [...used].sort().map((key) => ({ key, path: key })) },
  }));
}

/** Where one container mounts them, by path; `scratchVolume` names its own emptyDirs (host paths are the service container's). */
export function volumeMounts(c: ResolvedContainer, scratchVolume: (path: string) => string, hostPaths: ResolvedService['hostPaths'] = []): VolumeMount[] {
  return [
    ...c.mounts.map((m) => ({ name: m.volume, mountPath: m.path, ...(m.readOnly ? { readOnly: true } : {}) })),
    ...c.runAs.writablePaths.map((path) => ({ name: scratchVolume(path), mountPath: path })),
    ...c.runAs.writableCopies.map((path) => ({ name: copyVolumeName(path), mountPath: path })),
    ...c.scratch.map((s) => ({ name: scratchVolume(s.path), mountPath: s.path })),
    // subPath keeps the rest of the directory the image ships; the checksum annotation rolls pods on change.
    ...c.configFiles.map((f) => ({ name: CONFIG_FILES_VOLUME, mountPath: f.path, subPath: f.key, readOnly: true })),
    // A file, not the Secret's directory: the rest of the directory stays the image's. Like a secretKeyRef, a
    // rotated value reaches the process when the pod restarts (a subPath mount is never updated in place).
    ...c.secretFiles.map((f) => ({ name: secretVolumeName(f.secret), mountPath: f.path, subPath: f.key, readOnly: true })),
    ...hostPaths.map((h) => ({ name: hostVolumeName(h.hostPath), mountPath: h.path, readOnly: true })),
  ].sort((a, b) => a.mountPath.localeCompare(b.mountPath));
}
