/**
 * What every normalizer shares: where values are written, the problems of the read, and plain-value helpers that
 * never throw on a value of the wrong type (the schema has already reported it; a normalizer skips it).
 */
import type { Problems } from './problems';
import { goFloat } from './tree';
import type { Lookup } from './template';
import type { ComposeLocation } from './types';

export interface NormalizeContext {
  readonly projectDir: string;
  readonly problems: Problems;
  /** Variables from the env files and `--set`, for key-only `environment` entries (compose fills them in). */
  readonly lookup: Lookup;
  /** Where a compose path of the merged document is written (its nearest written ancestor otherwise). */
  where(path: string): ComposeLocation | undefined;
  /** Records that a normalized path (`services.web.environment.DEBUG`) is written where `from` is. */
  alias(path: string, from: string): void;
  /** Paths of YAML floats (`1.0`, `1e6`), which compose prints as Go does. */
  readonly floats: ReadonlySet<string>;
  error(path: string, message: string, fix?: string): void;
  warn(path: string, message: string, fix?: string): void;
}

export type Plain = Record<string, unknown>;

export function isRecord(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function asBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Strings of a `string_or_list`. */
export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return asList(v).filter((x): x is string => typeof x === 'string');
}

/** A scalar as compose turns it into text (`1.0` → `1`, `1e6` → `1e+06`, `true`); `undefined` for null and collections. */
export function scalarString(v: unknown, path: string, ctx: Pick<NormalizeContext, 'floats'>): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return ctx.floats.has(path) ? goFloat(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** The object without `undefined` values, so results compare and print cleanly. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Every key of `value` not in `known`, under `prefix` (`deploy.placement`), into `other`. */
export function collectOther(value: Plain, known: readonly string[], prefix: string, other: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(value)) if (!known.includes(k)) other[prefix === '' ? k : `${prefix}.${k}`] = v;
}

export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
