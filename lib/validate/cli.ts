import * as fs from 'fs';
import { formatFinding, validateDirectory } from './index';

/** `npm run validate [-- DIR]`: exits 1 and lists file, object and field for each problem. */
function main(): number {
  const dir = process.argv[2] ?? 'dist';
  if (!fs.existsSync(dir)) {
    console.error(`validate: ${dir} does not exist (run npm run synth first)`);
    return 2;
  }
  const findings = validateDirectory(dir);
  for (const f of findings) console.error(formatFinding(f));
  if (findings.length > 0) {
    console.error(`\n${findings.length} problem${findings.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  console.log(`validate: ${dir} passes schema, reference and policy checks`);
  return 0;
}

process.exitCode = main();
