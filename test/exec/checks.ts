/**
 * The assertions, each against real processes in its own network namespace:
 *
 * gate (init container)
 *   waits while down        its dependency is down: still running after 3 s, with at least one "not ready" line
 *   passes once up          the dependency comes up after those 3 s: the same process exits 0
 *   passes at once when up  a fresh run against the running dependency exits 0 without a retry
 *   waits on wrong password redis with another requirepass (a health gate that authenticates): keeps waiting
 *   waits while LOADING     redis still loading its dataset (a health gate): keeps waiting
 *
 * exec probe (run in the server's container, i.e. beside the server, against 127.0.0.1 or its socket)
 *   fails while down        no server: non-zero
 *   passes when healthy     the server as its container starts it: exit 0 within timeoutSeconds
 *   fails on wrong password redis with another requirepass, where the probe authenticates: non-zero
 *   fails while LOADING     redis answering -LOADING (verified by INFO persistence and PING): non-zero
 *   fails on socket-only    postgres as the entrypoint's first-boot server (listen_addresses=''): non-zero
 */
import * as path from 'path';
import { ExecProbe, Gate, ServerSpec } from './inventory';
import { Proc, Sandbox } from './sandbox';
import {
  PostgresTemplate,
  Server,
  makePostgresTemplate,
  makeRdb,
  postgresTemplateKey,
  redisLoadingState,
  redisPassword,
  startListener,
  startPostgres,
  startRedis,
} from './servers';
import { Tools } from './tools';

export const DOWN_MS = 3000;
const PASS_AFTER_UP_MS = 12_000;
const RETRY = /not ready|retrying/i;
const WRONG_PASSWORD = 'berth-exec-wrong-password';

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

export interface Scenario {
  item: Gate | ExecProbe;
  kind: 'gate' | 'probe';
  /** Rough duration, to start the long ones first. */
  expectMs: number;
  run(ctx: Context): Promise<CheckResult[]>;
}

export class Context {
  private n = 0;
  private rdb?: Promise<string>;
  private templates = new Map<string, Promise<PostgresTemplate>>();

  constructor(
    readonly root: string,
    readonly tools: Tools,
  ) {}

  sandbox(hosts: string[]): Promise<Sandbox> {
    return Sandbox.create(path.join(this.root, `ns-${++this.n}`), hosts);
  }

  loadingRdb(): Promise<string> {
    this.rdb = this.rdb ?? makeRdb(this.root, this.tools);
    return this.rdb;
  }

  postgresTemplate(spec: ServerSpec): Promise<PostgresTemplate> {
    const key = postgresTemplateKey(spec);
    let t = this.templates.get(key);
    if (!t) {
      t = makePostgresTemplate(this.root, spec, this.tools, this.templates.size + 1);
      this.templates.set(key, t);
    }
    return t;
  }

  async start(sb: Sandbox, spec: ServerSpec, variant: { wrongPassword?: boolean; loading?: boolean; unixOnly?: boolean } = {}): Promise<Server> {
    if (spec.kind === 'redis') {
      return startRedis(sb, spec, this.tools, {
        requirepass: variant.wrongPassword ? WRONG_PASSWORD : undefined,
        loading: variant.loading ? { rdb: await this.loadingRdb() } : undefined,
      });
    }
    if (spec.kind === 'postgres') {
      return startPostgres(sb, spec, await this.postgresTemplate(spec), this.tools, { unixOnly: variant.unixOnly });
    }
    return startListener(sb, spec);
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const retries = (out: string) => out.split('\n').filter((line) => RETRY.test(line)).length;
const indent = (s: string) => (s.trim() ? `\n      | ${s.trimEnd().split('\n').slice(-8).join('\n      | ')}` : '');

function exitText(exit: { code: number | null; signal: string | null } | undefined): string {
  if (!exit) return 'still running';
  return exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}`;
}

function containerEnv(item: Gate | ExecProbe, tools: Tools, workload: string): Record<string, string> {
  return {
    PATH: tools.paths[item.imageKind!],
    HOSTNAME: workload.split('/')[1] ?? 'pod',
    HOME: '/',
    ...Object.fromEntries(item.env),
  };
}

/** What keeps an item from running at all: reported as one failed check. */
function blockers(item: Gate | ExecProbe, server: ServerSpec | undefined): string[] {
  const problems = [...item.problems];
  if (!item.imageKind) problems.push(`no local stand-in for image ${item.image} (busybox, redis and postgres images only)`);
  if (!server && !problems.length) problems.push('no server to run against');
  return problems;
}

function isHealthGate(g: Gate): boolean {
  return g.condition !== 'service_started';
}

function authenticates(env: Map<string, string>, argv: string[]): boolean {
  return env.has('REDISCLI_AUTH') || argv.some((a) => ['-a', '--pass', '--user', '--askpass'].includes(a) || /redis:\/\/[^@\s]*@/.test(a));
}

async function withSandbox(ctx: Context, hosts: string[], body: (sb: Sandbox) => Promise<CheckResult[]>, check: string): Promise<CheckResult[]> {
  let sb: Sandbox | undefined;
  try {
    sb = await ctx.sandbox(hosts);
    return await body(sb);
  } catch (err) {
    return [{ check, ok: false, detail: `could not run: ${(err as Error).message}` }];
  } finally {
    await sb?.destroy();
  }
}

/** Watches a gate for DOWN_MS: it must still be running and have logged a retry. */
async function keepsWaiting(gate: Proc, why: string): Promise<CheckResult> {
  await gate.waitExit(DOWN_MS);
  const n = retries(gate.output);
  const ok = gate.running && n >= 1;
  return {
    check: `waits ${why}`,
    ok,
    detail: gate.running
      ? `still waiting after ${secs(DOWN_MS)}, ${n} retry line(s)${ok ? '' : indent(gate.output)}`
      : `${exitText(gate.exit)} after ${secs(Date.now() - gate.started)} ${why}${indent(gate.output)}`,
  };
}

export function gateScenarios(g: Gate): Scenario[] {
  const server = g.server;
  const problems = blockers(g, server);
  if (problems.length || !server) {
    return [{ item: g, kind: 'gate', expectMs: 0, run: async () => [{ check: 'runnable', ok: false, detail: problems.join('; ') }] }];
  }
  const spawnGate = (sb: Sandbox, ctx: Context) => sb.spawn(g.argv, { env: containerEnv(g, ctx.tools, g.uses[0].workload), uid: g.uid });

  const scenarios: Scenario[] = [
    {
      item: g,
      kind: 'gate',
      expectMs: DOWN_MS + 3000,
      run: (ctx) =>
        withSandbox(
          ctx,
          g.hosts,
          async (sb) => {
            const results: CheckResult[] = [];
            const gate = spawnGate(sb, ctx);
            results.push(await keepsWaiting(gate, `while ${g.target} is down`));
            await ctx.start(sb, server);
            const up = Date.now();
            const exit = gate.running ? await gate.waitExit(PASS_AFTER_UP_MS) : gate.exit;
            results.push({
              check: 'passes once up',
              ok: exit?.code === 0,
              detail:
                exit?.code === 0
                  ? `exit 0 ${secs(Date.now() - up)} after ${g.target} came up`
                  : `${exitText(exit)} ${secs(Date.now() - up)} after ${g.target} came up${indent(gate.output)}`,
            });
            const again = await sb.run(g.argv, {
              env: containerEnv(g, ctx.tools, g.uses[0].workload),
              uid: g.uid,
              timeoutMs: PASS_AFTER_UP_MS,
            });
            const ok = again.exit?.code === 0 && retries(again.output) === 0;
            results.push({
              check: 'passes at once when up',
              ok,
              detail: ok ? `exit 0 in ${secs(again.ms)}` : `${exitText(again.exit)} after ${secs(again.ms)}, ${retries(again.output)} retry line(s)${indent(again.output)}`,
            });
            return results;
          },
          'waits while down',
        ),
    },
  ];
  if (server.kind === 'redis' && isHealthGate(g) && (redisPassword(server.argv) || authenticates(g.env, g.argv))) {
    scenarios.push({
      item: g,
      kind: 'gate',
      expectMs: DOWN_MS + 500,
      run: (ctx) =>
        withSandbox(
          ctx,
          g.hosts,
          async (sb) => {
            await ctx.start(sb, server, { wrongPassword: true });
            return [await keepsWaiting(spawnGate(sb, ctx), `on a wrong password (server requirepass differs)`)];
          },
          'waits on a wrong password',
        ),
    });
  }
  if (server.kind === 'redis' && isHealthGate(g)) {
    scenarios.push({
      item: g,
      kind: 'gate',
      expectMs: DOWN_MS + 1500,
      run: (ctx) =>
        withSandbox(
          ctx,
          g.hosts,
          async (sb) => {
            await ctx.start(sb, server, { loading: true });
            const result = await keepsWaiting(spawnGate(sb, ctx), 'while redis is LOADING');
            const state = await redisLoadingState(sb, server.argv, ctx.tools);
            if (!state.loading) {
              result.ok = false;
              result.detail += `; but the server left LOADING before the end (${state.detail})`;
            }
            return [result];
          },
          'waits while redis is LOADING',
        ),
    });
  }
  return scenarios;
}

export function probeScenarios(p: ExecProbe): Scenario[] {
  const server = p.server;
  const problems = blockers(p, server);
  if (problems.length) {
    return [{ item: p, kind: 'probe', expectMs: 0, run: async () => [{ check: 'runnable', ok: false, detail: problems.join('; ') }] }];
  }
  const runProbe = async (sb: Sandbox, ctx: Context) => {
    const r = await sb.run(p.argv, {
      env: containerEnv(p, ctx.tools, p.uses[0].workload),
      uid: p.uid,
      timeoutMs: p.timeoutSeconds * 1000,
    });
    const passed = r.exit?.code === 0 && !r.timedOut;
    const out = r.output.trim() ? `: ${r.output.trim().split('\n').slice(-3).join(' / ')}` : '';
    const what = r.timedOut ? `timed out after ${p.timeoutSeconds} s` : exitText(r.exit);
    return { passed, text: `${what}${out}` };
  };
  const mustFail = async (sb: Sandbox, ctx: Context, check: string): Promise<CheckResult> => {
    const r = await runProbe(sb, ctx);
    return { check, ok: !r.passed, detail: r.passed ? `probe PASSED (${r.text})` : r.text };
  };
  const mustPass = async (sb: Sandbox, ctx: Context, check: string): Promise<CheckResult> => {
    const r = await runProbe(sb, ctx);
    return { check, ok: r.passed, detail: r.text };
  };

  const scenarios: Scenario[] = [
    {
      item: p,
      kind: 'probe',
      expectMs: server.kind === 'postgres' ? 2500 : 800,
      run: (ctx) =>
        withSandbox(
          ctx,
          p.hosts,
          async (sb) => {
            const results = [await mustFail(sb, ctx, 'fails while down')];
            if (server.kind === 'postgres') {
              const temp = await ctx.start(sb, server, { unixOnly: true });
              results.push(await mustFail(sb, ctx, "fails on socket-only first boot (listen_addresses='')"));
              await temp.stop();
            }
            await ctx.start(sb, server);
            results.push(await mustPass(sb, ctx, 'passes when healthy'));
            return results;
          },
          'passes when healthy',
        ),
    },
  ];
  if (server.kind === 'redis') {
    if (redisPassword(server.argv) || authenticates(p.env, p.argv)) {
      scenarios.push({
        item: p,
        kind: 'probe',
        expectMs: 800,
        run: (ctx) =>
          withSandbox(
            ctx,
            p.hosts,
            async (sb) => {
              await ctx.start(sb, server, { wrongPassword: true });
              return [await mustFail(sb, ctx, 'fails on a wrong password (NOAUTH)')];
            },
            'fails on a wrong password (NOAUTH)',
          ),
      });
    }
    scenarios.push({
      item: p,
      kind: 'probe',
      expectMs: 2000,
      run: (ctx) =>
        withSandbox(
          ctx,
          p.hosts,
          async (sb) => {
            await ctx.start(sb, server, { loading: true });
            const result = await mustFail(sb, ctx, 'fails while LOADING');
            const state = await redisLoadingState(sb, server.argv, ctx.tools);
            result.detail += ` [server: ${state.detail}]`;
            if (!state.loading) {
              result.ok = false;
              result.detail += ' — the server left LOADING during the check';
            }
            return [result];
          },
          'fails while LOADING',
        ),
    });
  }
  return scenarios;
}
