import { WORKLOAD_KIND, hasConfigMap, hasFilesConfigMap, hasService } from './objects';
import {
  CONFIG_FILES_VOLUME,
  NETWORK_POLICY,
  configMapName,
  filesConfigMapName,
  hostVolumeName,
  ingressName,
  copyVolumeName,
  scratchVolumeName,
  secretVolumeName,
  sidecarScratchVolumeName,
  tlsSecretName,
} from './names';
import { type ProblemList, show } from './problems';
import type { ResolvedService, ResolvedSystem } from './resolved';

/**
 * Two things that would become one Kubernetes object: a service named `default-deny` replaces the namespace's
 * deny-all policy, a secret named `<system>-tls` is overwritten by cert-manager, two writable paths become one
 * pod volume. The later object silently wins in the API server, so each collision is reported, naming both.
 * Names come from `names.ts`, the same functions the constructs call.
 */
export function checkObjectNames(env: ResolvedSystem, problems: ProblemList): void {
  const taken = new Map<string, string>();
  const claim = (kind: string, namespace: string, name: string, owner: string, path: string) => {
    const key = `${kind}/${namespace}/${name}`;
    const other = taken.get(key);
    if (other === undefined) taken.set(key, owner);
    else if (other !== owner) problems.add(path, `becomes ${kind} ${show(name)} in ${namespace}, the same object as ${other}; rename one of them`);
  };
  for (const ns of env.namespaces) {
    claim('NetworkPolicy', ns.name, NETWORK_POLICY.defaultDeny, "berth's deny-all policy", `environments.${env.environment}`);
    claim('NetworkPolicy', ns.name, NETWORK_POLICY.allowDns, "berth's DNS policy", `environments.${env.environment}`);
  }
  if (env.routes.length > 0) {
    if (env.settings.acmeChallenge === 'http01') claim('NetworkPolicy', env.namespace, NETWORK_POLICY.acmeSolver, "berth's HTTP-01 solver policy", 'routes');
    claim('Secret', env.namespace, tlsSecretName(env.id), "the Ingress's TLS Secret (cert-manager)", 'routes');
    env.ingresses.forEach((ing, i) => claim('Ingress', env.namespace, ingressName(env.id, i, ing.paths[0].path), `the Ingress of ${ing.paths[0].path}`, 'routes'));
  }
  for (const svc of env.services) serviceObjects(svc).forEach(([kind, name]) => claim(kind, svc.namespace, name, `services.${svc.composeName}`, `services.${svc.composeName}`));
  for (const v of env.volumes) claim('PersistentVolumeClaim', env.namespace, v.name, `volumes.${v.composeName}`, `volumes.${v.composeName}`);
  for (const s of env.secrets) {
    claim('ExternalSecret', env.namespace, s.name, `secrets.${s.name}`, `secrets.${s.name}`);
    claim('Secret', env.namespace, s.name, `secrets.${s.name}`, `secrets.${s.name}`);
  }
  for (const svc of env.services) checkPodVolumes(svc, problems);
}

/** The objects a service becomes, by kind and name (a run-once Job carries its spec hash, so it never collides). */
function serviceObjects(svc: ResolvedService): [string, string][] {
  const objects: [string, string][] = [['NetworkPolicy', svc.name]];
  if (!(svc.kind === 'one-shot' && svc.oneShot.runs.every === 'change')) objects.push([WORKLOAD_KIND[svc.kind], svc.name]);
  if (hasConfigMap(svc)) objects.push(['ConfigMap', configMapName(svc.name)]);
  if (hasFilesConfigMap(svc)) objects.push(['ConfigMap', filesConfigMapName(svc.name)]);
  if (hasService(svc)) objects.push(['Service', svc.name], ...svc.aliases.map((alias): [string, string] => ['Service', alias]));
  return objects;
}

/**
 * The volumes of one pod: claims, writable and scratch paths (each container's own), configuration and secret
 * files and host paths must have distinct names. A claim or Secret that several containers mount is one volume.
 */
function checkPodVolumes(svc: ResolvedService, problems: ProblemList): void {
  const names = new Map<string, string>();
  const add = (name: string, what: string, path: string) => {
    const other = names.get(name);
    if (other !== undefined && other !== what) problems.add(path, `${what} becomes pod volume ${show(name)}, like ${other}; rename or merge one of them`);
    else names.set(name, what);
  };
  const at = `services.${svc.composeName}`;
  for (const c of [svc, ...svc.sidecars]) {
    const here = 'composeName' in c ? at : `${at}.sidecars.${c.name}`;
    const scratchName = (path: string) => ('composeName' in c ? scratchVolumeName(path) : sidecarScratchVolumeName(c.name, path));
    const of = 'composeName' in c ? '' : ` of sidecar ${show(c.name)}`;
    c.mounts.forEach((m, i) => add(m.volume, `volume ${show(m.volume)}`, `${here}.mounts[${i}]`));
    c.runAs.writablePaths.forEach((p) => add(scratchName(p), `writable path ${show(p)}${of}`, `${here}.runAs.writablePaths`));
    c.scratch.forEach((s) => add(scratchName(s.path), `scratch path ${show(s.path)}${of}`, `${here}.scratch`));
    c.runAs.writableCopies.forEach((p) => add(copyVolumeName(p), `writable copy ${show(p)}${of}`, `${here}.runAs.writableCopies`));
    if (c.configFiles.length > 0) add(CONFIG_FILES_VOLUME, 'the configuration files', `${here}.configFiles`);
    new Set(c.secretFiles.map((f) => f.secret)).forEach((secret) => add(secretVolumeName(secret), `secret ${show(secret)}`, `${here}.secretFiles`));
  }
  svc.hostPaths.forEach((h) => add(hostVolumeName(h.hostPath), `host path ${show(h.hostPath)}`, `${at}.hostAccess.paths`));
  checkConfigKeys(svc, problems);
}

/**
 * Keys of the service's ConfigMaps: a sidecar's are `<sidecar>.<name>`, which a variable or file of the service's
 * own container could also be called.
 */
function checkConfigKeys(svc: ResolvedService, problems: ProblemList): void {
  if (svc.sidecars.length === 0) return;
  const at = `services.${svc.composeName}`;
  const owners = { env: new Map<string, string>(), files: new Map<string, string>() };
  for (const c of [svc, ...svc.sidecars]) {
    const here = 'composeName' in c ? at : `${at}.sidecars.${c.name}`;
    const prefix = 'composeName' in c ? '' : `${c.name}.`;
    const claimKey = (kind: 'env' | 'files', key: string, path: string) => {
      const other = owners[kind].get(key);
      if (other !== undefined) problems.add(path, `becomes key ${show(key)} of the service's ConfigMap, like ${other}; rename one of them`);
      else owners[kind].set(key, path);
    };
    c.env.filter((e) => e.value.kind === 'plain').forEach((e) => claimKey('env', `${prefix}${e.name}`, `${here}.env.${e.name}`));
    c.configFiles.forEach((f) => claimKey('files', f.key, `${here}.configFiles`));
  }
}
