/**
 * A private network for one test: `unshare --net --mount --ipc` gives it its own loopback (so every system's
 * redis can listen on 6379 at once), a private /etc/hosts that maps the namespace's Service names to 127.0.0.1,
 * and a private /var/run/postgresql (the default socket directory of libpq, as in the postgres image). The
 * namespace is held by a `cat` that reads our stdin, so it goes away with this process; every process of the
 * test is started in it by `nsenter`, as the given user, with exactly the given environment.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const UNSHARE = '/usr/bin/unshare';
export const NSENTER = '/usr/bin/nsenter';

const HOLDER = `set -e
PATH=/usr/sbin:/usr/bin:/sbin:/bin
ip link set lo up
mount --bind "$1" /etc/hosts
mkdir -p /run/postgresql
mount -t tmpfs -o mode=1777 tmpfs /run/postgresql
echo ready
exec cat >/dev/null`;

export interface SpawnOptions {
  env: Record<string, string>;
  uid?: number;
  gid?: number;
  cwd?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process in a sandbox: its interleaved stdout and stderr, and its exit. */
export class Proc {
  output = '';
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  readonly started = Date.now();
  private listeners: (() => void)[] = [];

  constructor(readonly child: ChildProcess) {
    const onData = (b: Buffer) => {
      this.output += b.toString();
      for (const l of this.listeners) l();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        this.output += `\n[spawn failed: ${err.message}]`;
        this.exit = { code: 127, signal: null };
        resolve(this.exit);
        for (const l of this.listeners) l();
      });
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        for (const l of this.listeners) l();
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Resolves true once the output matches, false when the process exits first or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (pattern.test(this.output)) return done(true);
        if (!this.running) return done(false);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(v);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Resolves with the exit, or undefined when the process is still running after timeoutMs. */
  async waitExit(timeoutMs: number): Promise<Exit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Kills the whole process group (the shell of a gate and what it runs; a server and its workers). */
  async kill(): Promise<void> {
    if (this.running && this.child.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL'); // not a group leader
      }
    }
    await this.exited;
  }

  tail(lines = 8): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }
}

const live = new Set<Sandbox>();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const s of live) s.killAllSync();
    process.exit(130);
  });
}
process.on('exit', () => {
  for (const s of live) s.killAllSync();
});

export class Sandbox {
  private procs = new Set<Proc>();

  private constructor(
    private readonly holder: ChildProcess,
    readonly dir: string,
  ) {
    live.add(this);
  }

  /** A namespace whose /etc/hosts maps `hosts` (and localhost) to 127.0.0.1; `dir` is its scratch directory. */
  static async create(dir: string, hosts: string[]): Promise<Sandbox> {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    const hostsFile = path.join(dir, 'hosts');
    const names = ['localhost', ...new Set(hosts)];
    fs.writeFileSync(hostsFile, `127.0.0.1\t${names.join(' ')}\n::1\tlocalhost\n`, { mode: 0o644 });
    const holder = spawn(UNSHARE, ['--net', '--mount', '--ipc', '--propagation', 'private', '--', '/bin/sh', '-c', HOLDER, 'sandbox', hostsFile], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const proc = new Proc(holder);
    if (!(await proc.waitFor(/^ready$/m, 10_000))) {
      await proc.kill();
      throw new Error(`could not create a network namespace: ${proc.tail()}`);
    }
    return new Sandbox(holder, dir);
  }

  /** Starts argv inside the namespace, in its own process group. */
  spawn(argv: string[], opts: SpawnOptions): Proc {
    const args = ['-t', String(this.holder.pid), '-n', '-m', '-i'];
    if (opts.uid !== undefined && opts.uid !== 0) args.push('-S', String(opts.uid), '-G', String(opts.gid ?? opts.uid));
    args.push(`--wd=${opts.cwd ?? '/'}`, '--', ...argv);
    const child = spawn(NSENTER, args, { env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new Proc(child);
    this.procs.add(proc);
    proc.exited.then(() => this.procs.delete(proc));
    return proc;
  }

  /** Runs argv to its end (killed after timeoutMs): exit, output and duration. */
  async run(argv: string[], opts: SpawnOptions & { timeoutMs: number }): Promise<{ exit?: Exit; output: string; ms: number; timedOut: boolean }> {
    const proc = this.spawn(argv, opts);
    const exit = await proc.waitExit(opts.timeoutMs);
    if (!exit) await proc.kill();
    return { exit, output: proc.output, ms: Date.now() - proc.started, timedOut: !exit };
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.procs].map((p) => p.kill()));
    this.holder.stdin?.end();
    this.holder.kill('SIGKILL');
    live.delete(this);
  }

  killAllSync(): void {
    for (const p of this.procs) {
      try {
        if (p.child.pid) process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    try {
      this.holder.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}
