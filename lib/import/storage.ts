import * as fs from 'fs';
import * as path from 'path';
import type { ComposeFileRef, ComposeMount, ComposeService } from '../compose/types';
import { type Assumed, assumed } from '../model/assumed';
import type { BindMount, ConfigFile, Mount, Scratch, SecretFile } from '../model/types';
import { type DraftValue, type ImportContext, warn } from './context';

/** What a service's compose `volumes`, `tmpfs`, `shm_size`, `secrets` and `configs` become in the chart. */
export interface MappedStorage {
  readonly mounts: Mount[];
  readonly configFiles: ConfigFile[];
  readonly secretFiles: SecretFile[];
  /** Sizes compose does not give are assumed. */
  readonly scratch: (Omit<Scratch, 'sizeMi'> & { readonly sizeMi?: number | Assumed<number> })[];
  readonly bindMounts: BindMount[];
}

/** Largest file berth ships in a ConfigMap (a ConfigMap holds at most 1 MiB in all). */
const MAX_CONFIG_BYTES = 256 * 1024;
/** A bind-mounted directory is shipped file by file only when it is this small: configuration, not code or data. */
const MAX_CONFIG_DIR_FILES = 20;

/** File names and contents that hold key material or passwords: shipped from the secret store, never as text. */
const SECRET_FILE = /(\.key|\.pem|\.p12|\.pfx|\.jks|\.keystore|id_rsa|id_ed25519|htpasswd|\.env|secret|password|passwd|token|credential)/i;
const SECRET_CONTENT =
  /(password|passwd|secret|token|api[_-]?key|private[_ -]?key)([-_.]?(access[-_.]?)?key)?['"]?\s*[:=]\s*['"]?[^\s'"${}]{4,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bPASSWORD\s+'(?!\$)[^']+'/i;

/** Does a file's text hold a credential? Comment lines (`#`, `//`, `;`, SQL's `-- `) are not read: examples live there. */
function holdsCredential(text: string): boolean {
  return SECRET_CONTENT.test(
    text
      .split('\n')
      .filter((line) => !/^\s*(#|\/\/|;|-- )/.test(line))
      .join('\n'),
  );
}

const MiB = 1024 * 1024;
const toMi = (bytes: number) => Math.max(1, Math.ceil(bytes / MiB));

/** `dataDirectory`: the image's own (image catalog), where a bind-mounted directory is its state. */
export function mapStorage(ctx: ImportContext, svc: ComposeService, dataDirectory: string | undefined): MappedStorage {
  const out: MappedStorage = { mounts: [], configFiles: [], secretFiles: [], scratch: [], bindMounts: [] };
  svc.mounts.forEach((m, i) => {
    const at = `services.${svc.name}.volumes[${i}]`;
    switch (m.type) {
      case 'volume':
        if (m.subpath !== undefined) warn(ctx, at, `subpath ${m.subpath} is not mapped; the whole volume is mounted`);
        out.mounts.push({ volume: volumeEntry(ctx, m.source), path: m.target, ...(m.readOnly ? { readOnly: true } : {}) });
        return;
      case 'anonymous':
        // An anonymous volume outlives a container restart but not `docker compose down`: an emptyDir's lifetime.
        out.scratch.push({ path: m.target });
        return;
      case 'tmpfs':
        // A tmpfs without a size could fill the memory limit and get the container killed: it gets one.
        out.scratch.push({ path: m.target, inMemory: true, sizeMi: m.sizeBytes !== undefined ? toMi(m.sizeBytes) : assumed(64, 'compose sets no tmpfs size') });
        return;
      case 'bind':
        mapBind(ctx, at, m, dataDirectory, out);
        return;
      default:
        warn(ctx, at, `a ${m.kind} mount is not mapped (Kubernetes has no equivalent); ${m.target} is not mounted`);
    }
  });
  if (svc.shmSizeBytes !== undefined) out.scratch.push({ path: '/dev/shm', inMemory: true, sizeMi: toMi(svc.shmSizeBytes) });
  svc.secrets.forEach((ref, i) => mapSecretRef(ctx, ref, `services.${svc.name}.secrets[${i}]`, out));
  svc.configs.forEach((ref, i) => mapConfigRef(ctx, ref, `services.${svc.name}.configs[${i}]`, out));
  return out;
}

const volumeChartName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');

/** A named compose volume as a chart volume: its size and backup priority are not in compose. */
function volumeEntry(ctx: ImportContext, name: string): string {
  const chartName = volumeChartName(name);
  if (!ctx.volumes.has(chartName)) {
    const spec = ctx.project.volumes[name];
    const sizeLabel = spec?.labels['kompose.volume.size'];
    const sizeGi = sizeLabel !== undefined ? parseSizeGi(sizeLabel) : undefined;
    ctx.volumes.set(chartName, {
      description: `compose volume ${name}${spec?.external ? ' (external in compose: it must be restored into this claim)' : ''}`,
      sizeGi: sizeGi ?? assumed(1, 'size not in compose'),
      backup: assumed('HIGH', 'backup priority not in compose'),
    } as Record<string, DraftValue>);
  }
  return chartName;
}

function parseSizeGi(size: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(Mi|Gi|Ti|M|G|T)?$/i.exec(size.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'Gi').toLowerCase()[0];
  const gi = Number(m[1]) * (unit === 'm' ? 1 / 1024 : unit === 't' ? 1024 : 1);
  return Math.max(1, Math.ceil(gi));
}

function mapBind(ctx: ImportContext, at: string, m: Extract<ComposeMount, { type: 'bind' }>, dataDirectory: string | undefined, out: MappedStorage): void {
  const { source, target, isFile, exists, readOnly } = m;
  const shown = path.relative(ctx.project.projectDir, source) || '.';
  if (/docker\.sock$/.test(source)) {
    warn(ctx, at, `the Docker socket (${source}) is never mounted: there is no Docker daemon in a pod, and the socket would be root on the node`);
    return;
  }
  if (isNodePath(source)) {
    const tz = /^\/etc\/(localtime|timezone)$/.test(source) ? '; set the TZ environment variable instead' : '';
    warn(ctx, at, `${source} is a file of the node, which a restricted pod never mounts (and berth never reads it from this machine): nothing is mounted at ${target}${tz}`);
    return;
  }
  const state = stateDirectory(m, dataDirectory, ctx.project.projectDir);
  if (state !== undefined) {
    out.mounts.push({ volume: bindVolume(ctx, source, state), path: target, ...(readOnly ? { readOnly: true } : {}) });
    return;
  }
  if (!exists) {
    warn(ctx, at, `${shown} does not exist next to the compose file, so nothing is mounted at ${target}; add the file and import again`);
    return;
  }
  if (isFile) {
    fileIntoChart(ctx, at, source, target, out);
    return;
  }
  const files = smallConfigDirectory(source);
  if (files === undefined || !looksLikeConfigTarget(target)) {
    out.bindMounts.push({ hostPath: shown.startsWith('.') || shown.startsWith('/') ? shown : `./${shown}`, path: target });
    warn(ctx, at, `bind-mounted directory ${shown} → ${target} is dropped: Kubernetes runs what the image holds (build it into the image, or use a volume)`);
    return;
  }
  for (const f of files) fileIntoChart(ctx, at, path.join(source, f), path.posix.join(target, f), out);
}

/** Paths of the host system itself (its clock, devices, kernel, runtime), never data of the application. */
const NODE_PATH = /^\/(etc|proc|sys|dev|run|boot|lib|lib64|usr|bin|sbin)(\/|$)|^\/var\/(run|lib\/docker|log)(\/|$)/;

function isNodePath(source: string): boolean {
  return NODE_PATH.test(source);
}

/** A missing bind source named like a file: compose would create a directory there, which is not what the service reads. */
const FILE_NAME = /\.(pem|crt|cer|key|conf|config|cfg|cnf|ya?ml|json|xml|ini|toml|env|sh|sql|txt|log|tar|gz|zip|js|ts|py|rb|lua|exs|properties|html)$/i;

/** Where services keep what they write: data, databases, uploads, media, caches, logs (in the target or the source). */
const STATE_PATH =
  /(^|[/_-])(data|db|database|storage|uploads?|media|files|attachments|library|backups?|cache|state|pgdata|postgres(ql)?\d*|mysql|mariadb|redis|mongo(db)?|elasticsearch|minio|system|logs?|var\/lib)([/_-]|\d*$)/i;

/**
 * Why a bind-mounted directory holds the service's state (and becomes a claim), or undefined: the image's own
 * data directory is its state whatever is in it; an empty directory (a `.gitkeep` at most) is there to be filled;
 * a missing one, which docker creates empty, is state where its path says so (`./postgres:/var/lib/postgresql/data`,
 * `./volumes/...`, `./media:/media`), and code or configuration the checkout lacks otherwise. A read-only
 * directory is input the user supplies, never state.
 */
function stateDirectory(m: Extract<ComposeMount, { type: 'bind' }>, data: string | undefined, projectDir: string): string | undefined {
  const { source, target, isFile, exists, readOnly } = m;
  if (isFile || readOnly || !target.startsWith('/')) return undefined;
  if (data !== undefined && (target === data || data.startsWith(`${target}/`))) {
    return exists ? `it is the image's data directory (${data}): copy its content into the claim` : `it is the image's data directory (${data})`;
  }
  if (!exists) {
    const relative = path.relative(projectDir, source);
    const named = STATE_PATH.test(target) || STATE_PATH.test(relative) || /^(volumes?|data)\//.test(relative);
    return named && !FILE_NAME.test(source) ? 'docker creates it empty for the service to write' : undefined;
  }
  const entries = fs.readdirSync(source).filter((e) => !/^\.(gitkeep|gitignore|keep)$/.test(e));
  return entries.length === 0 ? 'it is empty, there for the service to write' : undefined;
}

/**
 * The claim of a bind-mounted state directory, one per host directory (services that mount the same one share
 * it), named after its path in the project: `./volumes/db/data` → `db-data`.
 */
function bindVolume(ctx: ImportContext, source: string, why: string): string {
  const known = ctx.bindVolumes.get(source);
  if (known !== undefined) return known;
  const relative = path.relative(ctx.project.projectDir, source);
  const outside = relative.startsWith('..') || path.isAbsolute(relative);
  const segments = (outside ? source : relative)
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .slice(outside ? -2 : 0);
  while (segments.length > 1 && /^(volumes?|data)$/i.test(segments[0])) segments.shift();
  const base =
    segments
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z]+|[-_]+$/g, '')
      .slice(0, 50) || 'data';
  let name = base;
  for (let i = 2; ctx.volumes.has(name) || Object.keys(ctx.project.volumes).some((v) => volumeChartName(v) === name); i++) name = `${base}-${i}`;
  ctx.volumes.set(name, {
    description: `compose bind mount ${relative.startsWith('..') ? source : `./${relative}`}: ${why}`,
    sizeGi: assumed(1, 'size not in compose'),
    backup: assumed('HIGH', 'backup priority not in compose'),
  } as Record<string, DraftValue>);
  ctx.bindVolumes.set(source, name);
  warn(ctx, `volumes.${name}`, `a claim for the bind-mounted directory ${relative.startsWith('..') ? source : `./${relative}`} (${why})`);
  return name;
}

/** Configuration directories (`/etc/...`, `conf.d`, `provisioning`, `initdb.d`), not code or data. */
function looksLikeConfigTarget(target: string): boolean {
  return /^\/etc\/|conf|provisioning|initdb|\/config|rules|templates|dashboards/i.test(target);
}

/** The regular files of a small directory of text files, or undefined when it holds more than configuration. */
function smallConfigDirectory(dir: string): string[] | undefined {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory()) || entries.length === 0 || entries.length > MAX_CONFIG_DIR_FILES) return undefined;
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const total = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return total <= MAX_CONFIG_BYTES ? files.sort() : undefined;
}

/** A file the service reads: text as a config file in the chart, key material or passwords from the secret store. */
function fileIntoChart(ctx: ImportContext, at: string, source: string, target: string, out: MappedStorage): void {
  const shown = path.relative(ctx.project.projectDir, source);
  const bytes = fs.readFileSync(source);
  const text = bytes.toString('utf8');
  const binary = bytes.includes(0) || Buffer.from(text, 'utf8').length !== bytes.length;
  if (bytes.length > MAX_CONFIG_BYTES || binary) {
    warn(ctx, at, `${shown} is ${binary ? 'binary' : 'over 256 KiB'}; it is not shipped (build it into the image) and ${target} is not mounted`);
    return;
  }
  if (SECRET_FILE.test(path.basename(source)) || holdsCredential(text)) {
    const name = fileSecret(ctx, path.basename(source), `file ${shown}`);
    out.secretFiles.push({ secret: name, key: 'value', path: target });
    warn(ctx, at, `${shown} looks like a credential; it is mounted from the secret store key ${ctx.options.name}/<env>/${name} (put the file's content there)`);
    return;
  }
  out.configFiles.push({ path: target, content: text });
}

/** A keyed Secret of one file (`value`), read from `<system>/<env>/<name>` in the store. */
function fileSecret(ctx: ImportContext, fileName: string, what: string): string {
  const name =
    fileName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'file';
  if (!ctx.secrets.has(name)) {
    ctx.secrets.set(name, { description: `compose ${what}`, keys: { value: { remoteKey: `${ctx.options.name}/{{berth.environment}}/${name}` } } });
  }
  return name;
}

function mapSecretRef(ctx: ImportContext, ref: ComposeFileRef, at: string, out: MappedStorage): void {
  const top = ctx.project.secrets[ref.source];
  if (ref.uid !== undefined || ref.gid !== undefined || ref.mode !== undefined) warn(ctx, at, 'uid, gid and mode are not mapped: the file is readable by the pod group (fsGroup)');
  const name = fileSecret(ctx, ref.source, `secret ${ref.source}${top?.external ? ' (external)' : ''}`);
  out.secretFiles.push({ secret: name, key: 'value', path: ref.target });
}

function mapConfigRef(ctx: ImportContext, ref: ComposeFileRef, at: string, out: MappedStorage): void {
  const top = ctx.project.configs[ref.source];
  if (top?.content !== undefined) {
    out.configFiles.push({ path: ref.target, content: top.content });
  } else if (top?.file !== undefined && fs.existsSync(top.file) && fs.statSync(top.file).isFile()) {
    fileIntoChart(ctx, at, top.file, ref.target, out);
  } else {
    warn(ctx, at, `config ${ref.source} has no file or content berth can read${top?.external ? ' (external)' : ''}; ${ref.target} is not mounted`);
  }
}
