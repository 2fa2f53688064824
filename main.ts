import { delivery, systems } from './charts';
import { writeTree } from './lib/output';
import { InvalidDescriptionError, synthesize } from './lib/synthesize';

/**
 * `npm run synth`: validates every system, then replaces `dist/` (or the directory given as the first
 * argument) with the manifests. An invalid description prints every problem and writes nothing.
 */
function main(): number {
  const outdir = process.argv[2] ?? process.env.CDK8S_OUTDIR ?? 'dist';
  try {
    const { files, warnings } = synthesize(systems, delivery);
    for (const warning of warnings) console.error(`warning: ${warning}`);
    writeTree(outdir, files);
    console.log(`wrote ${files.length} manifests to ${outdir}/`);
    return 0;
  } catch (err) {
    if (err instanceof InvalidDescriptionError) {
      console.error(err.message);
      console.error('\nnothing was written.');
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
