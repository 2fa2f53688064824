import { commands } from './commands';
import { settle } from './settle';

/**
 * `berth <command> [options]`: every command berth has, each in its own module (see `commands.ts`). A command
 * returns the exit code; problems in the input are printed in chart terms, never as a stack trace.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined || name === '--help' || name === '-h') {
    const width = Math.max(...Object.keys(commands).map((n) => n.length));
    const list = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
    const out = [`usage: berth <command> [options]`, '', ...list, '', 'berth <command> --help shows its options.'].join('\n');
    if (name === undefined || name === '--help' || name === '-h') {
      console.log(out);
      return 0;
    }
    console.error(`berth: unknown command '${name}'\n\n${out}`);
    return 2;
  }
  return command.run(rest);
}

settle(main(process.argv.slice(2)));
