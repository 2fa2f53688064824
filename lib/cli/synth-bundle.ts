import { settle } from './settle';

/**
 * `berth synth`, as main.ts runs it, for the bundle bin/berth.js runs it from (scripts/bundle.js). The command is
 * required when it runs, as commands.ts does, so that an error while the charts load (a wrong releases file)
 * settles as any other does, rather than while the bundle loads.
 */
export function main(argv: readonly string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- bundled, and run on demand
  settle((async () => (require('./synth') as typeof import('./synth')).run(argv))());
}
