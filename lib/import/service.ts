import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { assumed } from '../model/assumed';
import { knownBad } from '../validate/images';
import type { Dependency, EnvValue, Exemption, Port } from '../model/types';
import { type DraftValue, type ImportContext, settled, warn } from './context';
import { configuredPeers, credentialRef, mapEnvironment, withoutCredentialValues } from './environment';
import { mapPorts } from './ports';
import { mapHealthCheck } from './probes';
import { mapProcess } from './process';
import { mapStorage } from './storage';
import { isPinnedImage } from '../model/validate';

/** One compose service as a chart service, with a warning for everything compose says that the chart does not. */
export function mapService(ctx: ImportContext, svc: ComposeService): Record<string, DraftValue> {
  const image = imageOf(ctx, svc);
  const catalog = ctx.image(image.ref);
  const ports = mapPorts(ctx, svc, catalog);
  const storage = mapStorage(ctx, svc, catalog?.dataDirectory);
  const { peers, externals } = configuredPeers(ctx, svc, catalog);
  const dependsOn = mapDependsOn(ctx, svc);
  const kind = workloadKind(ctx, svc, ports);
  const gated = ctx.gatedOn.has(svc.name);
  /** Passwords written in the command or the check become env from the store, which Kubernetes expands in `$(NAME)`. */
  const secretArgs: Record<string, EnvValue> = {};
  const healthCheck = settled(kind.kind) === 'one-shot' ? undefined : mapHealthCheck(ctx, svc, catalog, ports, gated, secretArgs);
  const exemptions: Exemption[] = [];
  if (image.unpinned) exemptions.push({ check: 'pinned-image', reason: `compose names ${image.ref} without a version: pin one before production` });
  if (settled(kind.kind) !== 'one-shot' && healthCheck === undefined) {
    exemptions.push({ check: 'probes', reason: 'compose has no health check and the service listens on no port: there is nothing to probe' });
  }
  const talksTo = [...new Set([...peers])].filter((p) => !(p in dependsOn)).map(ctx.chartName);
  return clean({
    description: describe(svc, catalog),
    image: image.value,
    ...kind,
    // The command runs after the entrypoint: `entrypoint: [bash, -c]` makes it a shell script.
    command: withoutPasswords(ctx, svc, 'command', celeryCommand(ctx, svc, storeCommand(ctx, svc, catalog)), secretArgs, svc.entrypoint ?? []),
    entrypoint: withoutPasswords(ctx, svc, 'entrypoint', svc.entrypoint, secretArgs),
    ...(isCeleryWorker(svc.command) ? { longestTaskSeconds: assumed(300, 'the longest Celery task is not in compose') } : {}),
    component: catalog?.component ?? 'app',
    ports: ports.length > 0 ? ports : undefined,
    env: nonEmpty({ ...catalogEnv(ctx, svc, catalog), ...mapEnvironment(ctx, svc, catalog), ...pgdata(ctx, svc, catalog, storage.mounts), ...secretArgs }),
    envFiles: nonEmpty(envFiles(ctx, svc)),
    healthCheck,
    dependsOn: nonEmpty(Object.fromEntries(Object.entries(dependsOn).map(([k, v]) => [ctx.chartName(k), v]))),
    talksTo: nonEmpty(talksTo.sort()),
    usesExternals: nonEmpty(externals),
    mounts: nonEmpty(storage.mounts),
    configFiles: nonEmpty(storage.configFiles),
    secretFiles: nonEmpty(storage.secretFiles),
    scratch: nonEmpty(storage.scratch),
    bindMounts: nonEmpty(storage.bindMounts),
    ...mapProcess(ctx, svc, catalog, storage, ports),
    ...(svc.active ? {} : inactive(ctx, svc)),
    exemptions: nonEmpty(exemptions),
    ...(svc.restart !== undefined && ['always', 'unless-stopped', 'on-failure', 'no'].includes(svc.restart) ? { restart: svc.restart } : {}),
  });
}

export function imageOf(ctx: ImportContext, svc: ComposeService): { value: DraftValue; ref: string; unpinned: boolean } {
  if (svc.image !== undefined && svc.image !== '' && !builtHere(svc)) {
    // A vulnerable release with a fixed one in its line moves to it (refused earlier when there is none).
    const fixed = knownBad(svc.image).find((b) => b.replacement !== undefined);
    if (fixed !== undefined) {
      warn(ctx, `services.${svc.name}.image`, `${fixed.reason}: it runs ${fixed.replacement!}`);
      return { value: assumed(fixed.replacement!, `compose pins ${svc.image}, which is vulnerable`), ref: fixed.replacement!, unpinned: false };
    }
    const unpinned = !isPinnedImage(svc.image);
    return { value: unpinned ? assumed(svc.image, 'compose names no version') : svc.image, ref: svc.image, unpinned };
  }
  // Build-only services are refused earlier when there is no template (see project.ts).
  // The team builds it: the chart names the repository, the release file (written beside the chart) the tag.
  const { repository } = builtImage(ctx, svc);
  return { value: { repository }, ref: repository, unpinned: false };
}

export function describe(svc: ComposeService, image: ResolvedImage | undefined): string {
  const label = svc.labels['org.opencontainers.image.description'] ?? svc.labels['description'] ?? svc.labels['com.docker.compose.description'];
  return label ?? (image !== undefined ? `${svc.name}: ${image.description}` : `compose service ${svc.name}`);
}

/**
 * How the service runs: once to completion when compose says it exits (`restart: "no"`, `deploy.restart_policy:
 * none`, or a dependent waits for it to complete successfully) and it serves no port; on every node for
 * `deploy.mode: global`; on a schedule with kompose's cronjob label; else it keeps running. `on-failure` alone
 * keeps a service running: swarm files give it to workers, and a worker as a Job would be killed at its deadline.
 */
function workloadKind(ctx: ImportContext, svc: ComposeService, ports: readonly Port[]): Record<string, DraftValue> {
  const schedule = svc.labels['kompose.cronjob.schedule'];
  if (schedule !== undefined) return { kind: 'scheduled', schedule };
  if (svc.deploy?.mode === 'global' || svc.labels['kompose.controller.type'] === 'daemonset') return { kind: 'per-node' };
  const condition = svc.deploy?.restartPolicy?.condition;
  const completes = ctx.runToCompletion.has(svc.name);
  // `restart: on-failure` leaves a process that exits 0 stopped: a step that ends (an init, a migration) is a Job.
  const step = svc.restart === 'on-failure' && ports.length === 0 && looksLikeStep(svc);
  const exits = completes || step || svc.restart === 'no' || condition === 'none';
  if (exits && (ports.length === 0 || completes)) {
    const retries = svc.deploy?.restartPolicy?.maxAttempts;
    const oneShot = { runs: { every: 'change' }, ...(retries !== undefined ? { backoffLimit: retries } : {}) };
    // A dependent that waits for its completion says it is a step; a restart policy only suggests it.
    return { kind: completes ? 'one-shot' : assumed('one-shot', `compose restart ${svc.restart ?? condition} and no port: a step that runs to completion`), oneShot };
  }
  if (exits) warn(ctx, `services.${svc.name}.restart`, `restart ${svc.restart ?? condition} on a service that serves ports: it keeps running (a Deployment), as a server must`);
  const replicas = svc.deploy?.replicas ?? (typeof svc.other.scale === 'number' ? svc.other.scale : undefined);
  return { ...(replicas !== undefined && replicas !== 1 ? { replicas } : {}), ...(runsScheduler(svc.command) ? { singleton: true } : {}) };
}

/** A setup step by its name or command: init, migrate, setup, seed, bootstrap, install, upgrade. */
const STEP_WORD = /(^|[-_ :/])(init|migrat\w*|setup|seed\w*|bootstrap|install|upgrade)([-_ :]|$)/i;

function looksLikeStep(svc: ComposeService): boolean {
  return STEP_WORD.test(svc.name) || (svc.command ?? []).some((w) => STEP_WORD.test(w));
}

/** Celery beat (or a worker with an embedded beat, `-B`): two copies during a rollout would run every task twice. */
function runsScheduler(command: readonly string[] | undefined): boolean {
  if (command === undefined || !command.includes('celery')) return false;
  return command.includes('beat') || command.includes('-B') || command.includes('--beat');
}

/**
 * compose `depends_on` as the chart's: a dependency on a service without a port cannot be watched from
 * outside, so compose's start order on it is kept only where it is a run to completion.
 */
export function mapDependsOn(ctx: ImportContext, svc: ComposeService): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  for (const [name, d] of Object.entries(svc.dependsOn).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(name in ctx.project.services)) continue;
    // A sidecar's pod is its root's: a dependency on it is one on that pod.
    const dep = ctx.podOf(name);
    if (dep === ctx.podOf(svc.name)) {
      if (d.condition !== 'service_started') {
        warn(
          ctx,
          `services.${svc.name}.depends_on.${name}`,
          `${d.condition} is not mapped: ${svc.name} and ${name} are containers of one pod, which start together; nothing can hold one back until the other is ${d.condition === 'service_healthy' ? 'healthy' : 'done'}`,
        );
      }
      continue;
    }
    if (d.condition !== 'service_completed_successfully' && !ctx.servesPorts.has(dep)) {
      warn(ctx, `services.${svc.name}.depends_on.${name}`, `${name} serves no port, so no init container can see it start; ${svc.name} starts without waiting for it`);
      continue;
    }
    if (d.restart) warn(ctx, `services.${svc.name}.depends_on.${name}.restart`, 'not mapped: Kubernetes does not restart dependents when a dependency restarts');
    out[dep] = d.required ? d.condition : { condition: d.condition, required: false };
  }
  return out;
}

export function envFiles(ctx: ImportContext, svc: ComposeService): string[] {
  return svc.envFiles.flatMap((f, i) => {
    const name = ctx.envFileSecret(f.path, `services.${svc.name}.env_file[${i}]`, f.required);
    return name === undefined ? [] : [name];
  });
}

export const nonEmpty = <T>(v: T): T | undefined => {
  if (Array.isArray(v)) return v.length > 0 ? v : undefined;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0 ? v : undefined;
  return v;
};

/** The chart service without keys whose value is undefined, so the chart shows only what was said. */
export function clean(o: Record<string, DraftValue>): Record<string, DraftValue> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * compose builds the image rather than pulls it: there is no `image`, or `build` comes with `pull_policy: build`
 * (or `never`), or with a local name that no registry serves (one segment, no tag: `app-local`).
 */
export function builtHere(svc: ComposeService): boolean {
  if (svc.image === undefined || svc.image === '') return true;
  if (svc.build === undefined) return false;
  const policy = svc.other.pull_policy;
  return policy === 'build' || policy === 'never' || !/[/:@]/.test(svc.image);
}

/**
 * The image of a service compose builds, from `--image-template`: its repository, and the tag its first release
 * names. `{service}` is the name compose tags the build with, where it gives one (services that build one image
 * share one repository), else the service's.
 */
export function builtImage(ctx: ImportContext, svc: ComposeService): { repository: string; tag: string } {
  const local =
    svc.image !== undefined && svc.image !== ''
      ? svc.image
          .replace(/[:@].*$/, '')
          .split('/')
          .pop()!
      : undefined;
  const name = (local ?? ctx.chartName(svc.name)).toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  const ref = ctx.options.imageTemplate!.replace(/\{system\}/g, ctx.options.name).replace(/\{service\}/g, name);
  const colon = ref.lastIndexOf(':');
  return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}

/** Servers whose memory grows to the limit unless told: berth caps them at a share of the limit. */
const MAXMEMORY_SERVERS: Readonly<Record<string, string>> = { redis: 'redis-server', 'valkey/valkey': 'valkey-server' };
const SERVER_WORD = /(^|\/)(redis|valkey)-server$/;
/** In a shell string: the server and its config file, if any (redis-server takes the file first). */
const SERVER_IN_SHELL = /\b((?:redis|valkey)-server)((?:\s+[^\s-][^\s;&|]*\.conf)?)/;

/**
 * compose `command`, with Redis (and Valkey) capped: without --maxmemory they grow until the container is
 * OOM-killed. `{{berth.maxmemory}}` is 75 % of each environment's memory limit. Whatever image runs the server.
 */
export function storeCommand(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined): readonly string[] | undefined {
  const server = image === undefined ? undefined : MAXMEMORY_SERVERS[image.ref.name];
  const command = svc.command ?? (server !== undefined && svc.entrypoint === undefined ? [server] : undefined);
  if (command === undefined || command.some((w) => /--maxmemory\b/.test(w))) return svc.command;
  const note = () =>
    warn(
      ctx,
      `services.${svc.name}.command`,
      'the Redis server gets --maxmemory {{berth.maxmemory}} (75 % of the memory limit), so it evicts or refuses writes instead of being OOM-killed',
    );
  if (SERVER_WORD.test(command[0]) || (server !== undefined && svc.entrypoint === undefined && command[0].startsWith('-'))) {
    note();
    return [...command, '--maxmemory', '{{berth.maxmemory}}'];
  }
  const shell = command.findIndex((w) => /\s/.test(w) && SERVER_IN_SHELL.test(w));
  if (shell < 0) return svc.command;
  note();
  return command.map((w, i) => (i === shell ? w.replace(SERVER_IN_SHELL, '$1$2 --maxmemory {{berth.maxmemory}}') : w));
}

/** Settings the catalog says the image needs under a read-only root (Grafana's console logging), unless compose sets them. */
export function catalogEnv(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined): Record<string, string> {
  const needed = Object.entries(image?.env ?? {}).filter(([k]) => !(k in svc.environment));
  if (needed.length > 0)
    warn(ctx, `services.${svc.name}.environment`, `${needed.map(([k, v]) => `${k}=${v}`).join(', ')} added: the image needs it under a read-only root file system (image catalog)`);
  return Object.fromEntries(needed);
}

export const isCeleryWorker = (command: readonly string[] | undefined): boolean =>
  command !== undefined && !['sh', 'bash', '/bin/sh', '/bin/bash'].includes(command[0]) && command.includes('celery') && command.includes('worker');

/**
 * A Celery worker without --concurrency starts one process per CPU of the node, not of its container: it gets
 * an assumed concurrency.
 */
export function celeryCommand(ctx: ImportContext, svc: ComposeService, command: readonly string[] | undefined): DraftValue {
  if (!isCeleryWorker(command)) return command;
  // An embedded beat (`-B`) writes its schedule file in the working directory, read-only here: it goes to /tmp.
  const beat = command!.includes('-B') || command!.includes('--beat');
  const schedule = beat && !command!.some((w) => /^(-s|--schedule)(=|$)/.test(w)) ? ['--schedule', '/tmp/celerybeat-schedule'] : [];
  if (schedule.length > 0)
    warn(ctx, `services.${svc.name}.command`, 'the embedded Celery beat writes its schedule to /tmp/celerybeat-schedule: the working directory is read-only');
  if (command!.some((w) => /^(-c|--concurrency)(=|$)|^-c\d/.test(w))) return schedule.length > 0 ? [...command!, ...schedule] : command;
  warn(ctx, `services.${svc.name}.command`, 'the Celery worker gets --concurrency 2 (assumed): without it, it starts one process per CPU of the node');
  return [...command!, ...schedule, '--concurrency', assumed('2', 'compose sets no Celery concurrency')];
}

/**
 * PostgreSQL on a claim: its data directory must be a subdirectory of the mount (a fresh volume's root holds
 * lost+found and belongs to root; initdb refuses it). The official image's documentation: PGDATA=<mount>/pgdata.
 */
function pgdata(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined, mounts: readonly { path: string }[]): Record<string, string> {
  if (image?.dataDirectory === undefined || !/postgresql/.test(image.dataDirectory)) return {};
  const current = (svc.environment.PGDATA ?? image.dataDirectory).replace(/\/+$/, '');
  if (!mounts.some((m) => m.path.replace(/\/+$/, '') === current)) return {};
  warn(
    ctx,
    `services.${svc.name}.environment.PGDATA`,
    `is ${current}/pgdata: the data directory is a subdirectory of the volume, since initdb refuses a volume's root (lost+found, owned by root)`,
  );
  return { PGDATA: `${current}/pgdata` };
}

/** `--admin-password=admin`, `--db-root-password admin`, `-p secret` after a password option: the value in a command. */
const PASSWORD_OPTION = /(--?[A-Za-z0-9_-]*(?:password|passwd|secret|token)[A-Za-z0-9_-]*)(=|\s+)('[^']*'|"[^"]*"|[^\s'";&|<>()`]+)/gi;

/**
 * A command that carries a password: the value moves to the secret store, and the command reads it from an env
 * var Kubernetes expands (`$(ADMIN_PASSWORD)`), so the chart and the manifests never hold it.
 */
function withoutPasswords(ctx: ImportContext, svc: ComposeService, field: string, words: DraftValue, env: Record<string, EnvValue>, before: readonly string[] = []): DraftValue {
  if (!Array.isArray(words)) return words;
  const out = [...words] as unknown[];
  const moved: string[] = [];
  // In a shell script (`sh -c '…'`) the shell expands the variable when it runs, quoted: Kubernetes' `$(NAME)`
  // would paste the value into the script text, where a quote or `;` in a password breaks it or runs code.
  const argv = [...before, ...out];
  const shellScript = (i: number) => typeof argv[0] === 'string' && /(^|\/)(ba|da|z)?sh$/.test(argv[0]) && argv.slice(1, before.length + i).includes('-c');
  let inShell = false;
  const ref = (option: string, value: string) => {
    const name = option
      .replace(/^-+/, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_');
    env[name] = credentialRef(ctx, name, value.replace(/^['"]|['"]$/g, ''));
    moved.push(option);
    return inShell ? `"$${name}"` : `$(${name})`;
  };
  for (let i = 0; i < out.length; i++) {
    const w = out[i];
    if (typeof w !== 'string') continue;
    inShell = shellScript(i);
    if (/^--?[A-Za-z0-9_-]*(password|passwd|secret|token)[A-Za-z0-9_-]*$/i.test(w) && typeof out[i + 1] === 'string' && !(out[i + 1] as string).startsWith('-')) {
      out[i + 1] = ref(w, out[i + 1] as string);
      i++;
      continue;
    }
    out[i] = w.replace(PASSWORD_OPTION, (_m, option: string, sep: string, value: string) => (value.startsWith('$') ? _m : `${option}${sep}${ref(option, value)}`));
    // Any other credential value compose interpolated into the command (`--key ${API_KEY}`).
    const before = Object.keys(env).length;
    out[i] = withoutCredentialValues(ctx, out[i] as string, 'kubernetes', env);
    if (Object.keys(env).length > before) moved.push(...Object.keys(env).slice(before));
  }
  if (moved.length > 0)
    warn(
      ctx,
      `services.${svc.name}.${field}`,
      `the values of ${[...new Set(moved)].join(', ')} are read from the secret store (env the command reads), never written in the chart`,
    );
  return out;
}

/** A service of profiles no one named: described, not deployed, and said so. */
function inactive(ctx: ImportContext, svc: ComposeService): Record<string, DraftValue> {
  warn(ctx, `services.${svc.name}.profiles`, `not deployed (enabled: false): its profiles (${svc.profiles.join(', ')}) are not active; import with --profile to deploy it`);
  return { enabled: false };
}
