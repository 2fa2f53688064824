/**
 * Key/value fields in either form: `environment`, `labels`, `sysctls`, `build.args` as a mapping or a `KEY=value`
 * list; `extra_hosts` as `host:ip` / `host=ip` items or a mapping; `ulimits` as a number or soft/hard.
 */
import { asNumber, isRecord, scalarString, sortedRecord, type NormalizeContext } from './context';

/**
 * A `list_or_dict` as a record. `keyOnly` is the value of `- KEY` / `KEY:` (null for environment: compose passes
 * the variable through from its own environment, here the env files and `--set`).
 */
export function keyValues(value: unknown, path: string, ctx: NormalizeContext, keyOnly: (key: string) => string | null): Record<string, string | null> {
  const out = new Map<string, string | null>();
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) out.set(k, v === null ? keyOnly(k) : (scalarString(v, `${path}.${k}`, ctx) ?? ''));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== 'string') return;
      const eq = item.indexOf('=');
      const key = eq < 0 ? item : item.slice(0, eq);
      out.set(key, eq < 0 ? keyOnly(key) : item.slice(eq + 1));
      ctx.alias(`${path}.${key}`, `${path}[${i}]`);
    });
  }
  return sortedRecord(out);
}

export function environment(value: unknown, path: string, ctx: NormalizeContext): Record<string, string | null> {
  return keyValues(value, path, ctx, (key) => ctx.lookup(key) ?? null);
}

/** Labels, sysctls: a key without a value is an empty string. */
export function stringMap(value: unknown, path: string, ctx: NormalizeContext): Record<string, string> {
  return keyValues(value, path, ctx, () => '') as Record<string, string>;
}

export function extraHosts(value: unknown, path: string, ctx: NormalizeContext): { host: string; ip: string }[] {
  const out: { host: string; ip: string }[] = [];
  if (isRecord(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) {
        const text = scalarString(ip, `${path}.${host}`, ctx);
        if (text !== undefined) out.push({ host, ip: unbracket(text) });
      }
    }
    return out;
  }
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const sep = item.includes('=') ? item.indexOf('=') : item.indexOf(':');
    if (sep <= 0) {
      ctx.error(`${path}[${i}]`, `'${item}' is not host:ip or host=ip`, "write it as 'somehost:162.242.195.82'");
      return;
    }
    out.push({ host: item.slice(0, sep), ip: unbracket(item.slice(sep + 1)) });
  });
  return out;
}

function unbracket(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

export function ulimits(value: unknown, path: string, ctx: NormalizeContext): Record<string, { soft: number; hard: number }> {
  const out = new Map<string, { soft: number; hard: number }>();
  if (!isRecord(value)) return {};
  for (const [name, limit] of Object.entries(value)) {
    const single = asNumber(limit);
    if (single !== undefined) out.set(name, { soft: single, hard: single });
    else if (isRecord(limit)) {
      const soft = asNumber(limit.soft);
      const hard = asNumber(limit.hard);
      if (soft !== undefined && hard !== undefined) out.set(name, { soft, hard });
      if (soft !== undefined && hard !== undefined && soft > hard) ctx.error(`${path}.${name}`, `soft limit ${soft} is above the hard limit ${hard}`, 'make soft ≤ hard');
    }
  }
  return sortedRecord(out);
}
