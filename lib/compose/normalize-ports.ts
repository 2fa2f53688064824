/**
 * `ports` and `expose`. Short ports are split as docker/go-connections `ParsePortSpec` does:
 * `[IP:][HOST:]CONTAINER[/PROTOCOL]`, IPv6 in brackets (`[::1]:80:80`), ranges (`8000-8010:8000-8010` is one
 * entry per port; `8080-8081:80` is one entry whose host port is the range). Duplicates (same ip, host port,
 * container port, protocol) keep the last one, as compose's second uniqueness pass does.
 */
import { asNumber, asString, compact, isRecord, scalarString, type NormalizeContext } from './context';
import type { ComposePort } from './types';

type Protocol = ComposePort['protocol'];
const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

interface Range {
  readonly start: number;
  readonly end: number;
}

function portRange(text: string): Range | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (m === null) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return start <= end && end <= 65535 ? { start, end } : undefined;
}

function splitProtocol(spec: string): { rest: string; protocol: string } {
  const slash = spec.lastIndexOf('/');
  return slash < 0 ? { rest: spec, protocol: 'tcp' } : { rest: spec.slice(0, slash), protocol: spec.slice(slash + 1).toLowerCase() };
}

function splitParts(rest: string): { ip: string; host: string; container: string } {
  const parts = rest.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', host: '', container: parts[0] };
  if (n === 2) return { ip: '', host: parts[0], container: parts[1] };
  return { ip: parts.slice(0, n - 2).join(':'), host: parts[n - 2], container: parts[n - 1] };
}

/** One short-syntax port as entries, or the reason it is not one. */
export function parsePortSpec(spec: string): ComposePort[] | string {
  const { rest, protocol } = splitProtocol(spec);
  const { ip, host, container } = splitParts(rest);
  const hostIp = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (hostIp.includes(':') && !ip.startsWith('[')) return `IPv6 address '${ip}' must be in brackets ([${ip}])`;
  if (hostIp !== '' && !/^[0-9a-fA-F.:%a-zA-Z]+$/.test(hostIp)) return `'${ip}' is not an IP address`;
  if (!PROTOCOLS.includes(protocol)) return `unknown protocol '${protocol}' (tcp, udp or sctp)`;
  const target = portRange(container);
  if (target === undefined) return `'${container}' is not a container port or range (1-65535)`;
  const published = host === '' ? undefined : portRange(host);
  if (host !== '' && published === undefined) return `'${host}' is not a host port or range`;
  const span = target.end - target.start;
  if (published !== undefined && published.end - published.start !== span && span !== 0) return `host range ${host} and container range ${container} differ in length`;
  const out: ComposePort[] = [];
  for (let i = 0; i <= span; i++) {
    let pub = published === undefined ? undefined : String(published.start + i);
    if (published !== undefined && span === 0 && published.start !== published.end) pub = `${published.start}-${published.end}`;
    out.push(compact({ target: target.start + i, published: pub, hostIp: hostIp === '' ? undefined : hostIp, protocol: protocol as Protocol }));
  }
  return out;
}

function longPort(entry: Record<string, unknown>, path: string, rel: string, ctx: NormalizeContext, other: Record<string, unknown>): ComposePort | undefined {
  const target = asNumber(entry.target) ?? Number(asString(entry.target));
  if (!Number.isInteger(target) || target < 0 || target > 65535) {
    ctx.error(`${path}.target`, `${JSON.stringify(entry.target)} is not a container port`, 'use a number from 1 to 65535');
    return undefined;
  }
  const protocol = (asString(entry.protocol) ?? 'tcp').toLowerCase();
  if (!PROTOCOLS.includes(protocol)) ctx.error(`${path}.protocol`, `unknown protocol '${protocol}'`, 'use tcp, udp or sctp');
  const mode = asString(entry.mode);
  if (mode !== undefined && mode !== 'ingress') other[`${rel}.mode`] = mode;
  return compact({
    target,
    published: scalarString(entry.published, `${path}.published`, ctx),
    hostIp: asString(entry.host_ip),
    protocol: protocol as Protocol,
    name: asString(entry.name),
    appProtocol: asString(entry.app_protocol),
  });
}

/** `svc` is the service's path (`services.web`); `other` gets what the type does not model (a port's `mode: host`). */
export function ports(value: unknown, svc: string, ctx: NormalizeContext, other: Record<string, unknown>): ComposePort[] {
  const path = `${svc}.ports`;
  const out: ComposePort[] = [];
  const from: string[] = [];
  (Array.isArray(value) ? value : []).forEach((item, i) => {
    const at = `${path}[${i}]`;
    let parsed: ComposePort[] | string | undefined;
    if (isRecord(item)) parsed = [longPort(item, at, `ports[${i}]`, ctx, other)].filter((p): p is ComposePort => p !== undefined);
    else if (typeof item === 'string' || typeof item === 'number') parsed = parsePortSpec(String(item));
    if (typeof parsed === 'string') ctx.error(at, `invalid port ${JSON.stringify(item)}: ${parsed}`, "write it as 'HOST:CONTAINER', e.g. '8080:80'");
    else for (const p of parsed ?? []) add(out, from, p, at);
  });
  from.forEach((written, k) => ctx.alias(`${path}[${k}]`, written));
  return out;
}

function add(out: ComposePort[], from: string[], port: ComposePort, written: string): void {
  const key = (p: ComposePort) => `${p.hostIp ?? ''}|${p.published ?? ''}|${p.target}|${p.protocol}`;
  const at = out.findIndex((p) => key(p) === key(port));
  if (at >= 0) {
    out[at] = port;
    from[at] = written;
  } else {
    out.push(port);
    from.push(written);
  }
}

export function expose(value: unknown, path: string, ctx: NormalizeContext): { port: number; protocol: Protocol }[] {
  const out: { port: number; protocol: Protocol }[] = [];
  (Array.isArray(value) ? value : []).forEach((item, i) => {
    const { rest, protocol } = splitProtocol(typeof item === 'number' ? String(item) : (asString(item) ?? ''));
    const range = portRange(rest);
    if (range === undefined || !PROTOCOLS.includes(protocol)) {
      ctx.error(`${path}[${i}]`, `invalid exposed port ${JSON.stringify(item)}`, "write a port, a range or a port with protocol: 3000, '3000-3005', '53/udp'");
      return;
    }
    for (let p = range.start; p <= range.end; p++) {
      if (!out.some((e) => e.port === p && e.protocol === protocol)) out.push({ port: p, protocol: protocol as Protocol });
    }
  });
  return out;
}
