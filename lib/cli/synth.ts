import { delivery, systems } from '../../charts';
import { runSynth } from '../run-synth';

/** `berth synth [OUTDIR]`: every system × environment into dist/ (or OUTDIR). */
export function run(argv: readonly string[]): Promise<number> {
  return runSynth(systems, delivery, argv[0] ?? process.env.CDK8S_OUTDIR ?? 'dist');
}
