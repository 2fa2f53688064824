import { commandArgs } from './args';
import { RELEASES_DIR, charts, delivery } from '../../charts';
import { promote } from '../releases/commands';

const USAGE = `usage: berth promote <system> <from-env> <to-env> [service...] [--out DIR]

Copies the release of each named service (default: every image <to-env> runs) from <from-env> to <to-env> in
releases/<system>.yaml, prints what changes, then synthesizes dist/ (or DIR). A production environment takes
real releases only: an image that is a placeholder or marked not documented in <from-env> is rejected; one
without its digest is copied, and keeps a production <to-env> synced by hand until it is released pinned.`;

/** `berth promote`: see USAGE. Returns the exit code. */
export function run(argv: readonly string[]): number | Promise<number> {
  const parsed = commandArgs('promote', USAGE, argv, { out: { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [system, from, to, ...services] = positionals;
  if (system === undefined || from === undefined || to === undefined) {
    console.error(`berth promote: give the system and both environments\n\n${USAGE}`);
    return 2;
  }
  const ctx = { charts, releasesDir: RELEASES_DIR, delivery, outdir: values.out ?? process.env.CDK8S_OUTDIR ?? 'dist', log: console };
  return promote(ctx, system, from, to, services);
}
