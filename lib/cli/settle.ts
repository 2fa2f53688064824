import { InputError } from '../model/problems';

/**
 * Sets the exit code once a command settles: the code it returns; 1 for an `InputError`, printed without a
 * stack trace; 70 for any other error, with its stack. Shared by `berth` (main.ts) and the synth bundle.
 */
export function settle(outcome: Promise<number>): void {
  outcome.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof InputError) {
        // A data file berth reads (releases/) is wrong: its message names every problem.
        console.error(err.message);
        process.exitCode = 1;
        return;
      }
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 70; // an internal error: a bug in berth, never an input problem
    },
  );
}
