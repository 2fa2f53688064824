import * as fs from 'fs';
import { formatFinding, isError, validateDirectory } from './index';

/** `berth validate [DIR]` (`npm run validate`): exits 1 and lists file, object and field for each problem. */
export function run(argv: readonly string[]): number {
  const dir = argv[0] ?? 'dist';
  if (!fs.existsSync(dir)) {
    console.error(`validate: ${dir} does not exist (run npm run synth first)`);
    return 2;
  }
  const findings = validateDirectory(dir);
  const errors = findings.filter(isError);
  const warnings = findings.filter((f) => !isError(f));
  for (const f of warnings) console.error(`warning: ${formatFinding(f)}`);
  for (const f of errors) console.error(formatFinding(f));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (errors.length > 0) {
    console.error(`\n${plural(errors.length, 'problem')}${warnings.length > 0 ? ` and ${plural(warnings.length, 'warning')}` : ''} in ${dir}`);
    return 1;
  }
  console.log(`validate: ${dir} passes schema, reference, policy and runtime checks${warnings.length > 0 ? ` (${plural(warnings.length, 'warning')})` : ''}`);
  return 0;
}
