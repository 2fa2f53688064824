/** One `berth` subcommand: a line for the help, and a function from its arguments to an exit code. */
export interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[]) => number | Promise<number>;
}

/** Loaded on demand, so `berth synth` never loads the importer or the diff. */
const lazy = (summary: string, load: () => Promise<{ run: Command['run'] }>): Command => ({ summary, run: async (argv) => (await load()).run(argv) });

export const commands: Readonly<Record<string, Command>> = {
  synth: lazy('write dist/<system>/<env>/ for every chart (npm run synth)', () => import('./synth')),
  validate: lazy('check dist/ against schemas, references, policy and runtime rules (npm run validate)', () => import('../validate/cli')),
};
