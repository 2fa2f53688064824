import { delivery, systems } from './charts';
import { runSynth } from './lib/run-synth';

// `npm run synth [-- OUTDIR]`: every system × environment into dist/ (or OUTDIR).
runSynth(systems, delivery, process.argv[2] ?? process.env.CDK8S_OUTDIR ?? 'dist').then((code) => (process.exitCode = code));
