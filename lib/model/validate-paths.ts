import { PLACEHOLDERS, placeholderProblems } from './placeholders';
import { type ProblemList, known, show } from './problems';
import type { Service, Sidecar, System } from './types';

/** What a container mounts and writes: a service's, or a sidecar's (which has no host access of its own). */
type Container = Sidecar | Service;

/**
 * Where a service's files come from: claims, writable and scratch paths, configuration and secret files, host
 * directories. Each path is absolute and takes one mount: Kubernetes rejects a pod whose container mounts two
 * volumes at one path, so the second is reported with the first.
 */
export function checkPaths(system: System, at: string, svc: Container, problems: ProblemList): void {
  const taken = new Map<string, string>();
  const use = (path: string, field: string) => {
    if (!path.startsWith('/')) problems.add(`${at}.${field}`, `${show(path)} is not an absolute path`);
    const key = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const first = taken.get(key);
    if (first !== undefined) problems.add(`${at}.${field}`, `${show(path)} is also ${first}: a path takes one mount; keep one of them`);
    else taken.set(key, field);
  };
  (svc.mounts ?? []).forEach((m, i) => use(m.path, `mounts[${i}].path`));
  (svc.runAs.writablePaths ?? []).forEach((p, i) => use(p, `runAs.writablePaths[${i}]`));
  ('writableCopies' in svc.runAs ? (svc.runAs.writableCopies ?? []) : []).forEach((p, i) => use(p, `runAs.writableCopies[${i}]`));
  (svc.scratch ?? []).forEach((s, i) => {
    use(s.path, `scratch[${i}].path`);
    if (s.sizeMi !== undefined && !(Number.isInteger(s.sizeMi) && s.sizeMi > 0))
      problems.add(`${at}.scratch[${i}].sizeMi`, `${show(s.sizeMi)} must be a whole number of MiB, at least 1`);
    if (s.inMemory && s.sizeMi === undefined) {
      problems.add(
        `${at}.scratch[${i}].sizeMi`,
        `an in-memory scratch path counts against the memory limit, and without a size one write can use all of it (the container is OOM-killed); give it sizeMi (docker's /dev/shm is 64)`,
      );
    }
  });
  checkConfigFiles(at, svc, use, problems);
  checkSecretFiles(system, at, svc, use, problems);
  if ('hostAccess' in svc && svc.hostAccess) {
    if (!(svc.exemptions ?? []).some((e) => e.check === 'host-access')) problems.add(`${at}.hostAccess`, 'host access needs a host-access exemption with a written reason');
    for (const [hostPath, path] of Object.entries(svc.hostAccess.paths)) {
      if (!hostPath.startsWith('/') || !path.startsWith('/')) problems.add(`${at}.hostAccess.paths.${hostPath}`, 'host and container paths must be absolute');
      else use(path, `hostAccess.paths.${hostPath}`);
    }
  }
  if (svc.workingDir !== undefined && !svc.workingDir.startsWith('/')) problems.add(`${at}.workingDir`, `${show(svc.workingDir)} is not an absolute path`);
}

type Use = (path: string, field: string) => void;

/** Configuration files: each is a key of one ConfigMap, named after its file. */
function checkConfigFiles(at: string, svc: Container, use: Use, problems: ProblemList): void {
  const fileNames = new Set<string>();
  (svc.configFiles ?? []).forEach((f, i) => {
    const file = f.path.slice(f.path.lastIndexOf('/') + 1);
    if (!f.path.startsWith('/') || !/^[-._a-zA-Z0-9]+$/.test(file)) {
      problems.add(`${at}.configFiles[${i}].path`, `${show(f.path)} must be an absolute path ending in a file name of letters, digits, "-", "_" and "."`);
    } else if (file === '__proto__') {
      // A ConfigMap key cdk8s drops (it copies data into a plain object): the pod would mount a missing key.
      problems.add(`${at}.configFiles[${i}].path`, `${show(f.path)} ends in "__proto__", which no ConfigMap key can be here; rename the file`);
    } else use(f.path, `configFiles[${i}].path`);
    if (fileNames.has(file)) problems.add(`${at}.configFiles[${i}].path`, `another config file is also named ${show(file)}`);
    const text = 'yaml' in f ? JSON.stringify(f.yaml) : f.content;
    for (const message of placeholderProblems(text, PLACEHOLDERS.configFile)) problems.add(`${at}.configFiles[${i}].${'yaml' in f ? 'yaml' : 'content'}`, message);
    fileNames.add(file);
  });
}

/** Secret files: a key of a Secret with named keys, at a file path. */
function checkSecretFiles(system: System, at: string, svc: Container, use: Use, problems: ProblemList): void {
  (svc.secretFiles ?? []).forEach((f, i) => {
    const field = `${at}.secretFiles[${i}]`;
    if (f.path.endsWith('/')) problems.add(`${field}.path`, `${show(f.path)} names a directory; give the file's path`);
    use(f.path, `secretFiles[${i}].path`);
    const secret = system.secrets?.[f.secret];
    if (!secret) problems.add(`${field}.secret`, `unknown secret ${show(f.secret)} (${known(Object.keys(system.secrets ?? {}))})`);
    else if ('envFile' in secret) problems.add(`${field}.secret`, `secret ${show(f.secret)} is an env file, whose variables berth never names; mount a secret with named keys`);
    else if (!secret.keys[f.key]) problems.add(`${field}.key`, `secret ${show(f.secret)} has no key ${show(f.key)} (${known(Object.keys(secret.keys))})`);
  });
}
