import { parseArgs, type ParseArgsConfig } from 'util';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's arguments as `parseArgs` reads them, with its usage handled the same way by every command:
 * `--help` prints it (exit 0), an unknown option or a missing value prints the problem and the usage (exit 2).
 * Returns the exit code when the command is already done.
 */
export function commandArgs<O extends Options, P extends boolean>(command: string, usage: string, argv: readonly string[], options: O, allowPositionals: P) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals, options: { ...options, ...HELP } });
  } catch (err) {
    console.error(`berth ${command}: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  return parsed;
}
