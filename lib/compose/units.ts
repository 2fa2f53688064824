/**
 * Compose's units. Durations are Go durations with days and weeks (xhit/go-str2duration, as compose-go's
 * `types.Duration`): `1m30s`, `500ms`, `1.5h`, `2d`, `0`. Byte sizes are docker/go-units `RAMInBytes` (binary
 * multiples, as compose-go's `types.UnitBytes`): `512m`, `1g`, `2gb`, `1024k`, `'1.5g'`, `100` (bytes).
 */

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

/** Seconds, fractional allowed; `undefined` when `value` is not a duration (a bare number other than 0 has no unit). */
export function parseDuration(value: string | number): number | undefined {
  const text = String(value).trim();
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)[a-zµμ]+)+)$/.exec(text);
  if (m === null) return undefined;
  let seconds = 0;
  for (const part of m[2].matchAll(/(\d+\.?\d*|\.\d+)([a-zµμ]+)/g)) {
    const unit = DURATION_UNITS[part[2]];
    if (unit === undefined) return undefined;
    seconds += Number(part[1]) * unit;
  }
  return roundNanos(m[1] === '-' ? -seconds : seconds);
}

/** Floating-point sums like 0.1 + 0.2 rounded to whole nanoseconds, as a Go duration is. */
function roundNanos(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Bytes; `undefined` when `value` is not a size. */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const m = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i.exec(text);
  if (m === null) return undefined;
  const amount = Number(m[1]);
  if (Number.isNaN(amount)) return undefined;
  return Math.floor(amount * BYTE_UNITS[(m[2] ?? '').toLowerCase()]);
}

/** A CPU count (`0.5`, `'1.5'`); `undefined` when it is not a number. */
export function parseCpus(value: string | number): number | undefined {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
