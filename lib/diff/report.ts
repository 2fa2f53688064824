import type { DirectoryDiff, FieldChange, ObjectChange } from './compare';
import { RISK_CLASSES, type Risk } from './risks';

/** At most this many changed fields are listed per object; the rest are counted. */
const FIELDS_SHOWN = 6;
/** At most this many files of a stale dist/ are listed; the rest are counted. */
const STALE_SHOWN = 10;

/** Values longer than this (a configuration file's text) are not repeated: the field's path says where to look. */
const VALUE_SHOWN = 60;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A scalar as YAML would give it back, quoted when a string (`"4"` is not `4`), or undefined when not worth a line. */
function scalar(value: unknown): string | undefined {
  if (value === undefined) return '(none)';
  if (value !== null && typeof value === 'object') return undefined;
  const text = JSON.stringify(value);
  return text.length <= VALUE_SHOWN && !text.includes('\\n') ? text : undefined;
}

/** `data.MINIO_BUCKET_NAME: "marketnavigator" → "other"`, or the path alone when a side is no short scalar. */
function fieldText(change: FieldChange): string {
  const [before, after] = [scalar(change.before), scalar(change.after)];
  return before !== undefined && after !== undefined ? `${change.path}: ${before} → ${after}` : change.path;
}

/** A changed object: its key, then each changed field on a line of its own, at most FIELDS_SHOWN of them. */
function changedText(c: ObjectChange): string[] {
  const fields = c.values ?? c.fields.map((path) => ({ path, before: {}, after: {} }));
  const more = fields.length > FIELDS_SHOWN ? [`${fields.length - FIELDS_SHOWN} more`] : [];
  return [`  ~ ${c.key}`, ...[...fields.slice(0, FIELDS_SHOWN).map(fieldText), ...more].map((f) => `      ${f}`)];
}

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
    for (const c of d.changed) lines.push(...changedText(c));
  }
  return lines.join('\n');
}

/** What `berth diff` says first when dist/ at HEAD is not what the charts synthesize; nothing when it is. */
export function formatStale(files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const shown = files.length > STALE_SHOWN ? [...files.slice(0, STALE_SHOWN), `${files.length - STALE_SHOWN} more`] : files;
  return ['dist/ at HEAD is not what the charts synthesize: run npm run synth and commit (berth diff exits 1, --allow or not)', ...shown.map((f) => `   ${f}`), ''];
}
