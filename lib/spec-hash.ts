import { createHash } from 'crypto';

/**
 * A stable short hash of a Job's spec: the first 10 hex characters of the SHA-256 of its JSON with object keys
 * sorted at every level (arrays keep their order, object keys whose value is undefined are dropped, as
 * JSON.stringify does). A plain Job's pod template is immutable, so a Job that must run again when its spec
 * changes is named `<name>-<specHash(spec)>` and carries `berth.dev/spec-hash`; the constructs compute it and
 * `npm run validate` recomputes it from the emitted YAML, so hash exactly the spec that is written out.
 */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 10);
}

/** JSON with object keys sorted recursively; `toJSON` is honoured first, as JSON.stringify would. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const v: any = value !== null && typeof value === 'object' && typeof (value as any).toJSON === 'function' ? (value as any).toJSON() : value;
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) {
    if (v[key] !== undefined) out[key] = sortKeys(v[key]);
  }
  return out;
}
