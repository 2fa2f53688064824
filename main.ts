import { InputError } from './lib/model/problems';

// `cdk8s synth` (cdk8s.yaml): every system × environment into dist/ (or OUTDIR), as `berth synth` does.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require('./lib/cli/synth') as typeof import('./lib/cli/synth');
  Promise.resolve(run(process.argv.slice(2))).then((code) => (process.exitCode = code));
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(err.message); // a release file is wrong: its message names every problem
  process.exitCode = 1;
}
