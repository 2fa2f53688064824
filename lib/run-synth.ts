import type { DeliverySettings } from './constructs/delivery';
import type { System } from './model/types';
import { writeTree } from './output';
import { InvalidDescriptionError, synthesize } from './synthesize';

/**
 * Validates every system, then replaces `outdir` with the manifests. An invalid description prints every
 * problem and writes nothing. Returns the process exit code.
 */
export function runSynth(systems: readonly System[], delivery: DeliverySettings, outdir: string, log: Pick<Console, 'log' | 'error'> = console): number {
  try {
    const { files, warnings } = synthesize(systems, delivery);
    for (const warning of warnings) log.error(`warning: ${warning}`);
    writeTree(outdir, files);
    log.log(`wrote ${files.length} files to ${outdir}/`);
    return 0;
  } catch (err) {
    if (err instanceof InvalidDescriptionError) {
      log.error(err.message);
      log.error('\nnothing was written.');
      return 1;
    }
    throw err;
  }
}
