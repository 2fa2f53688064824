/**
 * Real servers inside a sandbox, started the way their containers would start them: redis-server with the
 * container's own arguments (so `--requirepass $(REDISCLI_AUTH)` gets the same stand-in secret its clients
 * use), postgres initialised as the image's entrypoint does from POSTGRES_USER / POSTGRES_PASSWORD /
 * POSTGRES_DB, and a node listener standing in for anything else.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { ServerSpec } from './inventory';
import { Proc, Sandbox } from './sandbox';
import { Tools } from './tools';

const execFileP = promisify(execFile);
const NOBODY = 65534;

export interface Server {
  proc: Proc;
  extra: Proc[];
  stop(): Promise<void>;
}

/** The last value given to a `--name value` option of redis-server, or undefined. */
export function redisOption(argv: string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 1; i < argv.length - 1; i++) if (argv[i] === `--${name}`) value = argv[i + 1];
  return value;
}

export function redisPort(argv: string[]): number {
  return Number(redisOption(argv, 'port') ?? 6379);
}

export function redisPassword(argv: string[]): string | undefined {
  const pw = redisOption(argv, 'requirepass');
  return pw ? pw : undefined;
}

function mkScratch(sb: Sandbox, name: string, uid: number, gid: number): string {
  const dir = fs.mkdtempSync(path.join(sb.dir, `${name}-`));
  fs.chownSync(dir, uid, gid);
  return dir;
}

/** Forwarders from Service ports to different container ports, as kube-proxy would. */
function forwarders(sb: Sandbox, spec: ServerSpec, env: Record<string, string>): Proc | undefined {
  const forward = spec.ports.filter((p) => p.port !== p.targetPort).map((p) => ({ port: p.port, forward: p.targetPort }));
  if (!forward.length) return undefined;
  return sb.spawn([process.execPath, path.join(__dirname, 'listener.js'), JSON.stringify(forward)], { env, uid: 0 });
}

async function ready(proc: Proc, pattern: RegExp, what: string, timeoutMs = 10_000): Promise<void> {
  if (!(await proc.waitFor(pattern, timeoutMs))) {
    await proc.kill();
    throw new Error(`${what} did not start:\n${proc.tail(12)}`);
  }
}

function server(proc: Proc, extra: (Proc | undefined)[]): Server {
  const all = extra.filter((p): p is Proc => p !== undefined);
  return { proc, extra: all, stop: async () => void (await Promise.all([proc, ...all].map((p) => p.kill()))) };
}

export interface RedisOptions {
  /** Replace requirepass (the wrong-password checks). */
  requirepass?: string;
  /** Start while loading `rdb`, slowly (key-load-delay), and return once INFO says loading:1. */
  loading?: { rdb: string };
}

export async function startRedis(sb: Sandbox, spec: ServerSpec, tools: Tools, opts: RedisOptions = {}): Promise<Server> {
  const dir = mkScratch(sb, 'redis', NOBODY, NOBODY);
  const argv = [tools.redisServer, ...spec.argv.slice(1), '--dir', dir, '--daemonize', 'no', '--logfile', ''];
  if (opts.requirepass !== undefined) argv.push('--requirepass', opts.requirepass);
  if (opts.loading) {
    // Load an RDB of 100 keys, 200 ms each, answering clients between keys: LOADING for about 20 s.
    fs.copyFileSync(opts.loading.rdb, path.join(dir, 'dump.rdb'));
    fs.chownSync(path.join(dir, 'dump.rdb'), NOBODY, NOBODY);
    argv.push('--appendonly', 'no', '--dbfilename', 'dump.rdb', '--key-load-delay', '200000');
    argv.push('--loading-process-events-interval-bytes', '1024');
  }
  const env = { PATH: tools.paths.redis, HOME: dir };
  const proc = sb.spawn(argv, { env, uid: NOBODY, cwd: dir });
  const fwd = forwarders(sb, spec, env);
  if (opts.loading) {
    const state = await waitRedisLoading(sb, argv, tools);
    if (!state.loading) {
      await proc.kill();
      await fwd?.kill();
      throw new Error(`redis-server did not reach LOADING: ${state.detail}\n${proc.tail(12)}`);
    }
  } else {
    await ready(proc, /Ready to accept connections/, 'redis-server');
  }
  if (fwd) await ready(fwd, /^listening$/m, 'port forwarder');
  return server(proc, [fwd]);
}

/** Asks the server itself: INFO persistence (loading:1) and the reply to PING (-LOADING). */
export async function redisLoadingState(sb: Sandbox, serverArgv: string[], tools: Tools): Promise<{ loading: boolean; detail: string }> {
  const env: Record<string, string> = { PATH: tools.paths.redis };
  const pw = redisPassword(serverArgv);
  if (pw) env.REDISCLI_AUTH = pw;
  const cli = [tools.redisCli, '-p', String(redisPort(serverArgv))];
  const info = await sb.run([...cli, 'info', 'persistence'], { env, uid: NOBODY, timeoutMs: 5000 });
  const ping = await sb.run([...cli, 'ping'], { env, uid: NOBODY, timeoutMs: 5000 });
  const loading = /^loading:1\s*$/m.test(info.output) && /^LOADING\b/m.test(ping.output.trim());
  const flag = info.timedOut ? 'timed out' : (info.output.match(/^loading:\d/m)?.[0] ?? info.output.trim().split('\n')[0]);
  return { loading, detail: `INFO ${flag}; PING → ${ping.output.trim().split('\n').pop()}` };
}

async function waitRedisLoading(sb: Sandbox, argv: string[], tools: Tools) {
  const deadline = Date.now() + 8000;
  let state = { loading: false, detail: 'no answer' };
  while (Date.now() < deadline) {
    state = await redisLoadingState(sb, argv, tools);
    if (state.loading) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return state;
}

/** Makes an RDB to load slowly: 100 keys of 1 KiB, written by redis-server itself. */
export async function makeRdb(root: string, tools: Tools): Promise<string> {
  const sb = await Sandbox.create(path.join(root, 'rdb'), []);
  try {
    const dir = mkScratch(sb, 'redis', NOBODY, NOBODY);
    const env = { PATH: tools.paths.redis };
    const proc = sb.spawn(
      // Uncompressed, so every key is over loading-process-events-interval-bytes and the loading server
      // answers clients between any two keys.
      [tools.redisServer, '--port', '6379', '--dir', dir, '--save', '', '--rdbcompression', 'no', '--enable-debug-command', 'local'],
      { env, uid: NOBODY, cwd: dir },
    );
    await ready(proc, /Ready to accept connections/, 'redis-server (RDB maker)');
    for (const cmd of [['debug', 'populate', '100', 'key', '1024'], ['save']]) {
      const r = await sb.run([tools.redisCli, ...cmd], { env, uid: NOBODY, timeoutMs: 10_000 });
      if (r.exit?.code !== 0 || !/OK/.test(r.output)) throw new Error(`redis-cli ${cmd.join(' ')}: ${r.output}`);
    }
    await proc.kill();
    const rdb = path.join(root, 'loading.rdb');
    fs.copyFileSync(path.join(dir, 'dump.rdb'), rdb);
    return rdb;
  } finally {
    await sb.destroy();
  }
}

/** A data directory initialised as the postgres image's entrypoint does; copied for every server. */
export interface PostgresTemplate {
  data: string;
}

export function postgresTemplateKey(spec: ServerSpec): string {
  const e = (k: string) => spec.env.get(k) ?? '';
  return JSON.stringify([e('POSTGRES_USER'), e('POSTGRES_PASSWORD'), e('POSTGRES_DB'), e('POSTGRES_INITDB_ARGS'), e('POSTGRES_HOST_AUTH_METHOD')]);
}

export async function makePostgresTemplate(root: string, spec: ServerSpec, tools: Tools, n: number): Promise<PostgresTemplate> {
  const dir = path.join(root, `pg-template-${n}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.chownSync(dir, tools.postgresUid, tools.postgresGid);
  const user = spec.env.get('POSTGRES_USER') || 'postgres';
  const db = spec.env.get('POSTGRES_DB') || user;
  const password = spec.env.get('POSTGRES_PASSWORD') ?? '';
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  fs.chownSync(pwfile, tools.postgresUid, tools.postgresGid);
  const data = path.join(dir, 'data');
  const as = { uid: tools.postgresUid, gid: tools.postgresGid, env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } };
  const initdbArgs = (spec.env.get('POSTGRES_INITDB_ARGS') ?? '').split(/\s+/).filter(Boolean);
  await execFileP(path.join(tools.pgBin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '-N', ...initdbArgs], as);
  // docker-entrypoint.sh: initdb's own rules (trust on the socket and loopback), then every other address
  // by password. Gates reach the server over loopback here, so they meet the trust rule.
  const method = spec.env.get('POSTGRES_HOST_AUTH_METHOD') || 'scram-sha-256';
  fs.appendFileSync(path.join(data, 'pg_hba.conf'), `\nhost all all all ${method}\n`);
  if (db !== 'postgres') {
    const single = execFile(path.join(tools.pgBin, 'postgres'), ['--single', '-D', data, '-c', 'fsync=off', 'postgres'], as);
    single.stdin!.end(`CREATE DATABASE "${db.replace(/"/g, '""')}";\n`);
    const code = await new Promise<number | null>((resolve) => single.on('close', resolve));
    if (code !== 0) throw new Error(`creating database ${db} failed`);
  }
  return { data };
}

export interface PostgresOptions {
  /** The entrypoint's first-boot server: `-c listen_addresses='' -p ${PGPORT:-5432}`, Unix socket only. */
  unixOnly?: boolean;
}

export async function startPostgres(sb: Sandbox, spec: ServerSpec, template: PostgresTemplate, tools: Tools, opts: PostgresOptions = {}): Promise<Server> {
  const dir = mkScratch(sb, 'postgres', tools.postgresUid, tools.postgresGid);
  const data = path.join(dir, 'data');
  await execFileP('cp', ['-a', template.data, data]);
  // The image's postgresql.conf listens on '*' and puts the socket in /var/run/postgresql.
  const argv = [path.join(tools.pgBin, 'postgres'), '-D', data, '-c', 'listen_addresses=*'];
  argv.push('-c', 'unix_socket_directories=/var/run/postgresql', '-c', 'fsync=off', ...spec.argv.slice(1));
  if (opts.unixOnly) argv.push('-c', 'listen_addresses=', '-p', spec.env.get('PGPORT') || '5432');
  const env = { PATH: tools.paths.postgres, HOME: dir, LANG: 'C.UTF-8' };
  const proc = sb.spawn(argv, { env, uid: tools.postgresUid, gid: tools.postgresGid, cwd: dir });
  await ready(proc, /database system is ready to accept connections/, 'postgres');
  const fwd = opts.unixOnly ? undefined : forwarders(sb, spec, env);
  if (fwd) await ready(fwd, /^listening$/m, 'port forwarder');
  return server(proc, [fwd]);
}

/** Anything else: an HTTP 200 listener on every Service port. */
export async function startListener(sb: Sandbox, spec: ServerSpec): Promise<Server> {
  const ports = [...new Set(spec.ports.map((p) => p.port))].map((port) => ({ port }));
  const proc = sb.spawn([process.execPath, path.join(__dirname, 'listener.js'), JSON.stringify(ports)], {
    env: { PATH: '/usr/bin:/bin' },
    uid: 0, // Service ports below 1024 need it
  });
  await ready(proc, /^listening$/m, 'stand-in listener');
  return server(proc, []);
}
