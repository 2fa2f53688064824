import type { DirectoryDiff } from './compare';
import { RISK_CLASSES, type Risk } from './risks';

/** At most this many changed fields are listed per object; the rest are counted. */
const FIELDS_SHOWN = 6;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The report `berth diff` prints: first the changes that need a human, loudest class first, then per directory
 * what was added, removed and changed, with the fields that changed.
 */
export function formatReport(base: string, diffs: readonly DirectoryDiff[], risks: readonly Risk[], allowed: boolean): string {
  const lines: string[] = [];
  if (risks.length > 0) {
    lines.push(`NEEDS A HUMAN: ${plural(risks.length, 'risky change')}${allowed ? ' (accepted with --allow)' : '; berth diff exits 1 unless run with --allow'}`, '');
    for (const cls of Object.keys(RISK_CLASSES) as (keyof typeof RISK_CLASSES)[]) {
      const of = risks.filter((r) => r.risk === cls);
      if (of.length === 0) continue;
      lines.push(`!! ${RISK_CLASSES[cls]} (${of.length})`);
      for (const r of of) lines.push(`   ${r.dir}: ${r.object}: ${r.message}`);
      lines.push('');
    }
  }
  if (diffs.length === 0) {
    lines.push(`no change: dist/ at ${base} is what the charts synthesize`);
    return lines.join('\n');
  }
  lines.push(`changes from dist/ at ${base} to a fresh synth:`);
  for (const d of diffs) {
    lines.push('', `${d.dir}: ${plural(d.added.length, 'object')} added, ${d.removed.length} removed, ${d.changed.length} changed`);
    for (const c of d.added) lines.push(`  + ${c.key}`);
    for (const c of d.removed) lines.push(`  - ${c.key}`);
    for (const c of d.changed) {
      const more = c.fields.length > FIELDS_SHOWN ? [`${c.fields.length - FIELDS_SHOWN} more`] : [];
      lines.push(`  ~ ${c.key}: ${[...c.fields.slice(0, FIELDS_SHOWN), ...more].join(', ')}`);
    }
  }
  return lines.join('\n');
}
