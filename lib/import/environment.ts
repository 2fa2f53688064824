import * as fs from 'fs';
import * as path from 'path';
import { parseEnvFile } from '../compose/env-file';
import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { type Assumed, assumed } from '../model/assumed';
import type { EnvValue } from '../model/types';
import { type ImportContext, warn } from './context';
import { hostMentions, isLocalHost, isOutsideHostName, mentionPort } from './hosts';

/** Variable names whose values are credentials: they become secret references, never values in the chart. */
const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|_PASS$|^PASS$|_PW$|SECRET|TOKEN|API_?KEY|PRIVATE|ACCESS_?KEY|CREDENTIAL|AUTH_?KEY|SALT|LICEN[CS]E_?KEY|ENCRYPTION|_KEY$|_KEY_BASE$|_DSN$)/i;

/** A URL with a password in it (`postgres://user:pw@db/app`): the whole value is a credential. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^:@/\s]+:[^@/\s]+@/i;

/** The one keyed Secret that holds every credential an imported system's environment names. */
export const CREDENTIALS_SECRET = 'credentials';

export function isCredential(name: string, value: string, image: ResolvedImage | undefined): boolean {
  return CREDENTIAL_NAME.test(name) || (image?.credentialEnv ?? []).includes(name) || URL_WITH_PASSWORD.test(value);
}

/**
 * A key of the credentials Secret for a variable: one key per variable name (and value, where one name has two
 * values). Keys whose values are equal in compose are noted, so the store keeps them equal, but never merged: a
 * shared value in a compose file is no reason for two services to share a credential.
 */
function credentialKey(ctx: ImportContext, name: string, value: string | null): string {
  const lookup = `${name}\0${value ?? ''}`;
  const known = ctx.credentialKeys.get(lookup);
  if (known !== undefined) return known;
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'value';
  const taken = new Set(ctx.credentialKeys.values());
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
  ctx.credentialKeys.set(lookup, key);
  if (value !== null && value !== '') ctx.equalCredentials.set(value, new Set([...(ctx.equalCredentials.get(value) ?? []), key]));
  return key;
}

/**
 * A command word or check with the credential values compose interpolated into it replaced: `$(NAME)` where
 * Kubernetes expands it (command, args), `${NAME}` where a shell does (a health check). Each becomes an env var
 * of the service, read from the store.
 */
export function withoutCredentialValues(ctx: ImportContext, text: string, form: 'kubernetes' | 'shell', env: Record<string, EnvValue>): string {
  let out = text;
  for (const [value, name] of ctx.credentialValues) {
    if (!out.includes(value)) continue;
    const variable = name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
    env[variable] = credentialRef(ctx, name, value);
    out = out.split(value).join(form === 'kubernetes' ? `$(${variable})` : `\${${variable}}`);
  }
  return out;
}

/** A reference to the credentials Secret's key for `name` (holding `value` in compose, which stays here). */
export function credentialRef(ctx: ImportContext, name: string, value: string): EnvValue {
  return { secret: CREDENTIALS_SECRET, key: credentialKey(ctx, name, value) };
}

/**
 * compose `environment` as chart env: plain values stay, credentials become references into the secret store.
 * A key-only entry takes its value from the env files (or `--set`), as compose takes it from its shell and env
 * files; where they do not set it, compose passes nothing (the container does not get the variable), so the chart
 * does not either, and says so once per service.
 */
export function mapEnvironment(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined): Record<string, EnvValue | Assumed<string>> {
  const env: Record<string, EnvValue | Assumed<string>> = {};
  const unset: string[] = [];
  for (const name of Object.keys(svc.environment).sort()) {
    const value = svc.environment[name];
    if (value === null) {
      unset.push(name);
    } else if (isCredential(name, value, image)) {
      // Even empty: the value belongs in the store, where someone will fill it in, never in a ConfigMap.
      env[name] = { secret: CREDENTIALS_SECRET, key: credentialKey(ctx, name, value) };
    } else {
      // A URL whose host an unset variable left empty (`https://`, `http:///api`) is a decision, not a value.
      env[name] = /[a-z][a-z0-9+.-]*:\/\/(\/|$|:)/i.test(value) ? assumed(value, 'an unset variable left the host of this URL empty: set it') : value;
    }
  }
  if (unset.length > 0) {
    warn(
      ctx,
      `services.${svc.name}.environment`,
      `${unset.join(', ')}: compose passes ${unset.length === 1 ? 'it' : 'them'} from its shell or env files, which do not set ${unset.length === 1 ? 'it' : 'them'}, so the container does not get ${unset.length === 1 ? 'it' : 'them'} (give a value in the env file or with --set, and import again)`,
    );
  }
  return env;
}

/**
 * Where a service names other hosts: its environment, its env files (read for host names only; their values
 * never reach the chart), its command and entrypoint, its health check and the configuration files it reads.
 */
export function configurationText(svc: ComposeService, image?: ResolvedImage): [where: string, name: string, value: string][] {
  const out: [string, string, string][] = [];
  for (const [name, value] of Object.entries(svc.environment)) if (value !== null) out.push([`environment.${name}`, name, value]);
  svc.envFiles.forEach((f, i) => {
    if (!fs.existsSync(f.path)) return;
    for (const [name, value] of Object.entries(parseEnvFile(fs.readFileSync(f.path, 'utf8')).values)) out.push([`env_file[${i}]`, name, value]);
  });
  // What the image uses where the settings are silent (the catalog's defaults): a path compose needs no line for.
  const said = new Set(out.map(([, name]) => name));
  for (const [name, value] of Object.entries(image?.defaultSettings ?? {})) if (!said.has(name)) out.push([`image default ${name}`, name, value]);
  out.push(...hostWithPort(out));
  for (const [field, words] of [
    ['command', svc.command],
    ['entrypoint', svc.entrypoint],
    ['healthcheck', svc.healthcheck?.test],
  ] as const) {
    (words ?? []).forEach((w) => out.push([field, '', w]));
  }
  for (const m of svc.mounts) {
    if (m.type !== 'bind' || !m.exists) continue;
    for (const file of m.isFile ? [m.source] : configFilesIn(m.source)) {
      if (fs.statSync(file).size <= 256 * 1024) out.push([`volumes ${path.basename(file)}`, '', fs.readFileSync(file, 'utf8')]);
    }
  }
  return out;
}

/** The regular files of a bind-mounted directory of configuration (at most 20, none below it), which name hosts too. */
function configFilesIn(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile());
  return entries.length > 20 ? [] : entries.map((e) => path.join(dir, e.name)).sort();
}

/** `SMTP_HOST` with `SMTP_PORT`, `DB_SERVER` with `DB_PORT`: one host and its port, as `host:port`. */
const HOST_NAME = /^(.*?)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;

function hostWithPort(settings: readonly [string, string, string][]): [string, string, string][] {
  const values = new Map(settings.filter(([, name]) => name !== '').map(([, name, value]) => [name, value]));
  return settings.flatMap(([where, name, value]): [string, string, string][] => {
    const prefix = HOST_NAME.exec(name)?.[1];
    const port = prefix === undefined ? undefined : values.get(`${prefix}PORT`);
    if (port === undefined || !/^\d{1,5}$/.test(port.trim()) || !/^[a-z0-9]([a-z0-9_.-]*[a-z0-9])?$/i.test(value.trim())) return [];
    return [[where, '', `${value.trim()}:${port.trim()}`]];
  });
}

/** The compose services this one names in its configuration, and the outside hosts it calls. */
export function configuredPeers(ctx: ImportContext, svc: ComposeService, image?: ResolvedImage): { readonly peers: string[]; readonly externals: string[] } {
  const peers = new Set<string>();
  const externals = new Set<string>();
  /** Peers only the image's defaults name: a path, but no reason to wait (the image may wait for them instead). */
  const byDefault = new Set<string>();
  for (const [where, name, value] of configurationText(svc, image)) {
    for (const m of hostMentions(name, value)) {
      const owner = ctx.hostOwners.get(m.host);
      if (owner !== undefined && owner === ctx.podOf(svc.name)) continue; // its own pod: one network namespace
      if (owner !== undefined) {
        if (!shareNetwork(ctx, svc.name, owner)) {
          warn(ctx, `services.${svc.name}.${where}`, `names ${m.host}, but compose networks keep ${svc.name} and ${owner} apart; no path is opened`);
          continue;
        }
        if (!ctx.project.services[owner].active && svc.active) {
          warn(
            ctx,
            `services.${svc.name}.${where}`,
            `names ${m.host}, but ${owner} is not active (its profiles: ${ctx.project.services[owner].profiles.join(', ')}); import with --profile, or provide it outside`,
          );
        }
        if (where.startsWith('image default') && !peers.has(owner)) byDefault.add(owner);
        else byDefault.delete(owner);
        peers.add(owner);
        if (m.host !== owner) aliasUsed(ctx, owner, m.host);
      } else if (owner === undefined && !isLocalHost(m.host) && isOutsideHostName(m.host)) {
        const port = mentionPort(m);
        if (port !== undefined) externals.add(external(ctx, m.host, port, `${svc.name}.${where}`));
      }
    }
  }
  for (const link of svc.links)
    if (ctx.hostOwners.has(link) && ctx.hostOwners.get(link) !== ctx.podOf(svc.name)) {
      peers.add(ctx.hostOwners.get(link)!);
      byDefault.delete(ctx.hostOwners.get(link)!);
    }
  if (byDefault.size > 0) ctx.defaultPeers.set(svc.name, byDefault);
  for (const name of internetEgress(ctx, svc, image)) externals.add(name);
  return { peers: [...peers].sort(), externals: [...externals].sort() };
}

/**
 * Egress to the internet, where no host can be named: what the image catalog says the image needs (a model
 * download, federation), and, where compose itself separates the two, whatever a service on an outside network
 * needs: a project that declares an `internal: true` network says that its other networks reach the internet,
 * and which services join them (HTTPS and HTTP).
 */
function internetEgress(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined): string[] {
  const ports = new Map<number, string>((image?.internet ?? []).map((i) => [i.port, `${image!.description}: ${i.why} (image catalog)`]));
  const networks = ctx.project.networks;
  const internal = Object.values(networks).some((n) => n.internal);
  const outside = Object.keys(svc.networks).filter((n) => networks[n] !== undefined && !networks[n].internal);
  if (internal && outside.length > 0) {
    for (const port of [443, 80]) if (!ports.has(port)) ports.set(port, `compose puts ${svc.name} on ${outside.join(', ')}, which is not internal: it reaches the internet`);
  }
  return [...ports.entries()].map(([port, why]) => {
    const name = `internet-${port === 443 ? 'https' : port === 80 ? 'http' : port}`;
    if (!ctx.externals.has(name)) ctx.externals.set(name, { port, description: `any host on the internet, port ${port}` });
    warn(ctx, `services.${svc.name}.networks`, `may reach any address outside the cluster on port ${port}: ${why}`);
    return name;
  });
}

/** Do two services share a compose network (every service without `networks` is on `default`; a sidecar is on its pod's)? */
function shareNetwork(ctx: ImportContext, a: string, b: string): boolean {
  const nets = (s: string) => Object.keys(ctx.project.services[ctx.podOf(s)]?.networks ?? {});
  const [na, nb] = [nets(a), nets(b)];
  if (na.length === 0 || nb.length === 0) return true; // network_mode or none declared: compose decides elsewhere
  return na.some((n) => nb.includes(n));
}

function aliasUsed(ctx: ImportContext, owner: string, alias: string): void {
  const set = ctx.aliasesUsed.get(owner) ?? new Set<string>();
  set.add(alias);
  ctx.aliasesUsed.set(owner, set);
}

/** An outside endpoint, named after its host (`api.openai.com` → `api-openai-com`). */
function external(ctx: ImportContext, host: string, port: number, where: string): string {
  const name = `${host.toLowerCase().replace(/[^a-z0-9]+/g, '-')}${port === 443 || port === 80 ? '' : `-${port}`}`;
  if (!ctx.externals.has(name)) ctx.externals.set(name, { host: host.toLowerCase(), port, description: `${host}:${port}, named in services.${where}` });
  return name;
}
