import { join } from 'node:path';
import { delivery } from '../../charts';
import { chartSystem } from '../../lib/cli/import';
import { readCompose } from '../../lib/compose/read';
import type { ReadOptions } from '../../lib/compose/types';
import type { ImportOptions } from '../../lib/import/context';
import { type ImportedChart, importProject } from '../../lib/import/project';
import { Assumed } from '../../lib/model/assumed';
import { synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { SchemaValidator } from '../../lib/validate/schema';
import { projectDir } from '../compose/helpers';

export { yaml } from '../compose/helpers';

/** `compose.yaml` (and the other files given) in a fresh project directory, imported as the system `t`. */
export function importFiles(
  files: Readonly<Record<string, string>>,
  options: Partial<ImportOptions> & Omit<ReadOptions, 'files'> & { readonly composeFiles?: readonly string[] } = {},
): ImportedChart {
  const dir = projectDir(files);
  const project = readCompose({ ...options, files: (options.composeFiles ?? ['compose.yaml']).map((f) => join(dir, f)) });
  return importProject(project, { name: 't', imageTemplate: 'registry.example.com/{system}/{service}:0.1.0', ...options });
}

/** One chart service, with every `assumed(…)` replaced by its value. */
export function chartService(chart: ImportedChart, name: string): Record<string, unknown> {
  return plain((chart.system.services as Record<string, unknown>)[name]) as Record<string, unknown>;
}

/** A chart value with every `assumed(…)` replaced by its value. */
export function plain(value: unknown): unknown {
  if (value instanceof Assumed) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

let schema: SchemaValidator | undefined;

/** The chart synthesized: its manifests by file, and validate's errors (there must be none). */
export function synthesized(chart: ImportedChart): { readonly files: ReadonlyMap<string, string>; readonly errors: readonly string[] } {
  schema ??= new SchemaValidator();
  const files = synthesize([chartSystem(chart)], delivery).files;
  return { files: new Map(files.map((f) => [f.path, f.content])), errors: validateFiles(files, schema).filter(isError).map(formatFinding) };
}

export const warningsAt = (chart: ImportedChart, prefix: string): string[] => chart.warnings.filter((w) => w.path.startsWith(prefix)).map((w) => w.message);
