import { filesConfigMapName } from '../model/names';
import type { ResolvedContainer, ResolvedService, ResolvedSystem } from '../model/resolve';
import type { ConfigFile, SecretFile, System } from '../model/types';
import type { Provenance } from './provenance';

/**
 * The values a service's containers take whole, without the chart naming each one: env files loaded with
 * `envFrom` (every variable of a key of the secret store), configuration files (a ConfigMap key mounted at a
 * path) and secret files (a key of a Secret mounted at a path). Each row says where the chart asks for it and
 * where the content comes from. A sidecar's rows carry its name (`torrent: file /config/torrent.conf`).
 */
export function wholeSources(chart: System, system: ResolvedSystem, svc: ResolvedService): Provenance[] {
  const at = `services.${svc.composeName}`;
  const declared = chart.services[svc.composeName];
  return [
    ...containerSources(system, svc, svc, at, declared.configFiles, declared.secretFiles, ''),
    ...svc.sidecars.flatMap((s) => {
      const spec = declared.sidecars?.[s.name];
      return containerSources(system, svc, s, `${at}.sidecars.${s.name}`, spec?.configFiles, spec?.secretFiles, `${s.name}: `);
    }),
  ];
}

/** `key k of the store's ClusterSecretStore berth-prod`: where the External Secrets operator reads a value. */
function storeText(system: ResolvedSystem, remoteKey: string, property?: string): string {
  const store = system.settings.secretStore;
  return `the store's key ${remoteKey}${property === undefined ? '' : `, property ${property}`} (${store.kind} ${store.name})`;
}

function containerSources(
  system: ResolvedSystem,
  svc: ResolvedService,
  c: ResolvedContainer,
  at: string,
  configFiles: readonly ConfigFile[] | undefined,
  secretFiles: readonly SecretFile[] | undefined,
  prefix: string,
): Provenance[] {
  const secret = (name: string) => system.secrets.find((s) => s.name === name);
  const envFiles = c.envFiles.map((name): Provenance => {
    const s = secret(name);
    const origin = s?.kind === 'env-file' ? `, loaded whole from ${storeText(system, s.remoteKey)}` : '';
    return { field: `${prefix}envFrom ${name}`, value: `every variable of secret ${name}`, source: 'chart', where: `${at}.envFiles${origin}` };
  });
  const files = c.configFiles.map((f): Provenance => {
    const i = (configFiles ?? []).findIndex((d) => d.path === f.path);
    const lines = f.content.replace(/\n$/, '').split('\n').length;
    return {
      field: `${prefix}file ${f.path}`,
      value: `ConfigMap ${filesConfigMapName(svc.name)}, key ${f.key} (${lines} line${lines === 1 ? '' : 's'})`,
      source: 'chart',
      where: `${at}.configFiles[${i}]`,
    };
  });
  const secrets = c.secretFiles.map((f): Provenance => {
    const i = (secretFiles ?? []).findIndex((d) => d.path === f.path);
    const s = secret(f.secret);
    const key = s?.kind === 'keys' ? s.keys[f.key] : undefined;
    return {
      field: `${prefix}file ${f.path}`,
      value: `secret ${f.secret}, key ${f.key}`,
      source: 'chart',
      where: `${at}.secretFiles[${i}]${key ? `, from ${storeText(system, key.remoteKey, key.property)}` : ''}`,
    };
  });
  return [...envFiles, ...files, ...secrets];
}
