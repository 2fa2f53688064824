/** One `berth` subcommand: a line for the help, and a function from its arguments to an exit code. */
export interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[]) => number | Promise<number>;
}

/**
 * Loaded on demand, so `berth synth` never loads the importer or the diff. `require`, not `import()`: the
 * transpile hook emits CommonJS, where a dynamic import would go to Node's ESM loader, which cannot load .ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const lazy = (summary: string, load: () => { run: Command['run'] }): Command => ({ summary, run: (argv) => load().run(argv) });

export const commands: Readonly<Record<string, Command>> = {
  synth: lazy('write dist/<system>/<env>/ for every chart (npm run synth)', () => require('./synth')),
  import: lazy('write charts/<system>.ts from a docker compose file (berth import -f compose.yaml --name shop)', () => require('./import')),
  validate: lazy('check dist/ against schemas, references, policy and runtime rules (npm run validate)', () => require('../validate/cli')),
  release: lazy('record the image CI built in releases/<system>.yaml and synthesize; --check gates on a complete release', () => require('./release')),
  promote: lazy("copy one environment's releases to another and synthesize", () => require('./promote')),
  explain: lazy('explain a system, or one service of it, in the terminal: tables, gates, network paths, where values come from', () => require('./explain')),
  diff: lazy('compare dist/ at a git ref with a fresh synth; the risky changes first (exit 1 unless --allow)', () => require('./diff')),
};
