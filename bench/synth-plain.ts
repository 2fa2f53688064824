import { delivery, systems } from '../charts';
import { TreeWriter } from '../lib/output';
import { synthesizeTo } from '../lib/synthesize';

// `npm run synth` without the overviews (OVERVIEW.md and OVERVIEW.svg): the baseline `npm run bench` holds
// their cost against. Run, as `npm run synth` runs, from a bundle: `node scripts/bundle.js bench/synth-plain.ts OUTDIR`.
const writer = new TreeWriter(process.argv[2] ?? 'dist');
synthesizeTo(systems, delivery, (file) => writer.write(file), { overviews: false });
void writer.commit();
