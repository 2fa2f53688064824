import { parseAllDocuments } from 'yaml';
import { delivery, systems } from '../../charts';
import { compareTrees } from '../../lib/diff/compare';
import { risksOf } from '../../lib/diff/risks';
import type { System } from '../../lib/model/types';
import { synthesize } from '../../lib/synthesize';
import { toYaml } from '../../lib/yaml-emit';

/* eslint-disable @typescript-eslint/no-explicit-any -- planted changes edit objects as YAML gives them */

/** `dist/` as a synth of `input` writes it, path → text. */
export const tree = (input: readonly System[] = systems) => new Map(synthesize(input, delivery).files.map((f) => [f.path, f.content]));

/** The committed tree every planted change starts from. */
export const base = tree();

/** The documents of one file of `from`, as plain objects. */
export const documents = (file: string, from = base): any[] => parseAllDocuments(from.get(file)!).map((d) => d.toJS());

/** `from` with one object (`Kind/name` in `file`) changed by `mutate`, or removed when it returns null. */
export function plant(file: string, object: string, mutate: (o: any) => any, from = base): Map<string, string> {
  const docs = documents(file, from);
  const i = docs.findIndex((d) => `${d.kind}/${d.metadata.name}` === object);
  if (i < 0) throw new Error(`no ${object} in ${file}`);
  const changed = mutate(structuredClone(docs[i]));
  const kept = changed === null ? docs.filter((_, j) => j !== i) : docs.map((d, j) => (j === i ? changed : d));
  const out = new Map(from);
  if (kept.length === 0) out.delete(file);
  else out.set(file, kept.map(toYaml).join('---\n'));
  return out;
}

/** `from` with `objects` written to a file of their own. */
export function plantFile(file: string, objects: readonly any[], from = base): Map<string, string> {
  return new Map(from).set(file, objects.map(toYaml).join('---\n'));
}

export const risks = (head: Map<string, string>, from = base) => compareTrees(from, head).flatMap(risksOf);

export const classes = (head: Map<string, string>) => [...new Set(risks(head).map((r) => r.risk))];

/** The charts with marketnavigator changed by `change`. */
export function withChart(change: (s: System) => System): System[] {
  return systems.map((s) => (s.id === 'marketnavigator' ? change(s) : s));
}
