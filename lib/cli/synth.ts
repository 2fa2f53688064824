import { commandArgs } from './args';
import { delivery, systems } from '../../charts';
import type { DeliveryMode } from '../model/destinations';
import { runSynth } from '../run-synth';

const MODES: readonly DeliveryMode[] = ['applications', 'applicationset'];

const USAGE = `usage: berth synth [OUTDIR] [--delivery applications|applicationset]

Writes every system × environment into dist/ (or OUTDIR). --delivery overrides the mode set in charts/index.ts
for this run: one Argo CD Application per system and environment, or one ApplicationSet that generates them.`;

/** `berth synth [OUTDIR] [--delivery MODE]`: see USAGE. Returns the exit code. */
export function run(argv: readonly string[]): number | Promise<number> {
  const parsed = commandArgs('synth', USAGE, argv, { delivery: { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const mode = values.delivery ?? delivery.mode ?? 'applications';
  if (!(MODES as readonly string[]).includes(mode) || positionals.length > 1) {
    console.error(`berth synth: ${positionals.length > 1 ? 'give at most one OUTDIR' : `--delivery is ${MODES.join(' or ')}, not ${JSON.stringify(mode)}`}\n\n${USAGE}`);
    return 2;
  }
  return runSynth(systems, { ...delivery, mode: mode as DeliveryMode }, positionals[0] ?? process.env.CDK8S_OUTDIR ?? 'dist');
}
