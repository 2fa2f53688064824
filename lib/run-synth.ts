import * as path from 'path';
import type { DeliverySettings } from './constructs/delivery';
import type { System } from './model/types';
import { TreeWriter } from './output';
import { renderDiagrams } from './overview/render';
import { InvalidDescriptionError, synthesizeTo } from './synthesize';

/**
 * Validates every system, then replaces `outdir` with the manifests, writing each file as soon as it is
 * rendered (to a staging directory swapped in at the end), then the overview diagrams. An invalid description
 * prints every problem and writes nothing. Resolves to the process exit code.
 */
export async function runSynth(systems: readonly System[], delivery: DeliverySettings, outdir: string, log: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  try {
    // synthesizeTo validates everything before it emits the first file; the writer stages until commit.
    const writer = new TreeWriter(outdir);
    try {
      const { warnings, diagrams } = synthesizeTo(systems, delivery, (file) => writer.write(file));
      for (const file of await renderDiagrams(diagrams, (file) => writer.current(file))) writer.write(file);
      for (const warning of warnings) log.error(`warning: ${warning}`);
    } catch (err) {
      await writer.abort();
      throw err;
    }
    log.log(`wrote ${await writer.commit()} files to ${path.join(outdir, '/')}`);
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
