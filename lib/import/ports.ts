import type { ComposeService } from '../compose/types';
import type { ResolvedImage } from '../images';
import { isIanaServiceName } from '../model/names';
import type { Port } from '../model/types';
import { type ImportContext, warn } from './context';

/** Names of well-known ports, for ports the image catalog does not name. */
const WELL_KNOWN: Readonly<Record<number, string>> = {
  80: 'http',
  443: 'https',
  8080: 'http',
  8000: 'http',
  3000: 'http',
  5000: 'http',
  5432: 'postgres',
  3306: 'mysql',
  6379: 'redis',
  27017: 'mongo',
  5672: 'amqp',
  9092: 'kafka',
  2181: 'zookeeper',
  11211: 'memcached',
  9200: 'http',
  53: 'dns',
};

/**
 * The container ports of a service: compose `ports` and `expose` (each published host port recorded); where
 * compose declares none, the ports its clients name in URLs, or the image catalog's (compose needs no `ports`
 * between services on one network, a cluster Service does).
 */
export function mapPorts(ctx: ImportContext, svc: ComposeService, image: ResolvedImage | undefined): Port[] {
  const declared = new Map<string, { port: number; protocol: 'TCP' | 'UDP'; published?: number; name?: string }>();
  const add = (port: number, protocol: 'tcp' | 'udp', published?: number, name?: string) => {
    const key = `${port}/${protocol}`;
    const known = declared.get(key);
    if (known === undefined) declared.set(key, { port, protocol: protocol === 'udp' ? 'UDP' : 'TCP', published, name });
    else if (known.published === undefined && published !== undefined) known.published = published;
  };
  const sctp = (port: number, i: number, field: string) => warn(ctx, `services.${svc.name}.${field}[${i}]`, `${port}/sctp is not mapped: berth's Services carry TCP and UDP`);
  svc.ports.forEach((p, i) => (p.protocol === 'sctp' ? sctp(p.target, i, 'ports') : add(p.target, p.protocol, publishedPort(p.published), p.name)));
  svc.expose.forEach((e, i) => (e.protocol === 'sctp' ? sctp(e.port, i, 'expose') : add(e.port, e.protocol)));
  if (declared.size === 0) for (const port of portsItServes(svc)) add(port, 'tcp');
  // compose opens every port between services of one network: a port clients name is served, declared or not.
  const named = ctx.portsNamedByClients.get(svc.name);
  if (named !== undefined) for (const port of [...named].sort((a, b) => a - b)) if (!declared.has(`${port}/udp`)) add(port, 'tcp');
  if (declared.size === 0) {
    if (ctx.gatedOn.has(svc.name) || ctx.isPeer.has(svc.name)) for (const p of image?.ports ?? []) add(p.port, p.protocol === 'UDP' ? 'udp' : 'tcp');
    if (declared.size === 0 && ctx.isPeer.has(svc.name)) {
      warn(ctx, `services.${svc.name}`, 'other services reach it, but compose names no port and berth knows none for its image; add ports so its Service opens them');
    }
  }
  const used = new Set<string>();
  return [...declared.values()]
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
    .map((p) => {
      const name = portName(p, image, used);
      used.add(name);
      return {
        name,
        port: p.port,
        ...(p.protocol === 'UDP' ? { protocol: 'UDP' as const } : {}),
        ...(p.published !== undefined && p.published !== p.port ? { published: p.published } : {}),
      };
    });
}

function publishedPort(published: string | undefined): number | undefined {
  const m = /^(\d+)/.exec(published ?? '');
  return m ? Number(m[1]) : undefined;
}

/** An IANA service name, unique in the service: compose's own, the catalog's, a well-known one, or `p<port>`. */
function portName(p: { port: number; protocol: 'TCP' | 'UDP'; name?: string }, image: ResolvedImage | undefined, used: ReadonlySet<string>): string {
  const udp = p.protocol === 'UDP';
  const candidates = [
    p.name,
    image?.ports.find((c) => c.port === p.port && (c.protocol ?? 'TCP') === p.protocol)?.name,
    WELL_KNOWN[p.port] !== undefined ? `${WELL_KNOWN[p.port]}${udp ? '-udp' : ''}` : undefined,
    `${udp ? 'u' : 'p'}${p.port}`,
  ];
  for (const c of candidates) {
    if (c !== undefined && isIanaServiceName(c) && !used.has(c)) return c;
  }
  return `${udp ? 'u' : 'p'}${p.port}-${used.size}`;
}

/**
 * Ports a service shows it serves without declaring them: its health check asks itself on one
 * (`curl -f http://localhost:3000/health`), or a proxy label routes to one (traefik's
 * `loadbalancer.server.port`, the port label of nginx-proxy and similar).
 */
function portsItServes(svc: ComposeService): number[] {
  const found = new Set<number>();
  // Itself: the loopback, or its own names (a check may call `http://storage:5000/status` from inside storage).
  const own = [svc.name, svc.containerName, svc.hostname, ...Object.values(svc.networks).flatMap((n) => n.aliases)].filter((n): n is string => n !== undefined);
  const self = new RegExp(`(?:^|[/@\\s])(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]|${own.map(escape).join('|')}):(\\d{1,5})\\b`, 'g');
  for (const word of svc.healthcheck?.test ?? []) {
    for (const m of word.matchAll(self)) found.add(Number(m[1]));
  }
  for (const [label, value] of Object.entries(svc.labels)) {
    if (/(loadbalancer\.server\.port|^virtual_port$|\.port$)/i.test(label) && /^\d{1,5}$/.test(value.trim())) found.add(Number(value.trim()));
  }
  return [...found].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
