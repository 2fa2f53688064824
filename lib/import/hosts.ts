/**
 * Which other services and which outside hosts a service's configuration names. A value names a host only where
 * a URL, a `host:port` pair or a host-valued variable (`DB_HOST`) puts one; a value that merely equals a service
 * name (`POSTGRES_DB: db`) names nothing.
 */

/** A host named in a configuration value, and the port given with it, if any. */
export interface HostMention {
  readonly host: string;
  readonly port?: number;
  /** The URL scheme it came with (`redis`, `https`), for default ports. */
  readonly scheme?: string;
}

/** Variables whose whole value is one host or a comma-separated list of hosts. */
const HOST_VARIABLE = /(^|_)(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|BROKER|BROKERS|NODES?|SEEDS?|BOOTSTRAP_SERVERS|PEERS?)$/i;

/** `scheme://[user[:password]@]host[:port][,host[:port]...]`: hosts of every URL in the value (ending at a quote or bracket of the text around it). */
const URL = /([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s"'`]*@)?([^/?#\s"'`<>;)}\]]+)/gi;

/** A whole token `host:port`. */
const HOST_PORT = /^([a-z0-9]([a-z0-9_.-]*[a-z0-9])?):(\d{1,5})$/i;

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  kafka: 9092,
  memcached: 11211,
  smtp: 25,
  ldap: 389,
  ldaps: 636,
};

/** The port a mention means: the one written, or the scheme's default. */
export function mentionPort(m: HostMention): number | undefined {
  return m.port ?? (m.scheme === undefined ? undefined : DEFAULT_PORTS[m.scheme.toLowerCase().replace(/\+.*$/, '')]);
}

function authorityHosts(authority: string, scheme: string): HostMention[] {
  return authority.split(',').flatMap((part) => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(part);
    if (bracketed) return [{ host: bracketed[1], port: bracketed[2] === undefined ? undefined : Number(bracketed[2]), scheme }];
    const [host, port] = part.split(':');
    return host === '' ? [] : [{ host, port: port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined, scheme }];
  });
}

/** Every host the value of `name` mentions. */
export function hostMentions(name: string, value: string): HostMention[] {
  const found: HostMention[] = [];
  for (const m of value.matchAll(URL)) found.push(...authorityHosts(m[2], m[1]));
  const tokens = value.split(/[\s,;]+/).filter((t) => t.length > 0 && !t.includes('://'));
  for (const token of tokens) {
    const hp = HOST_PORT.exec(token);
    if (hp) found.push({ host: hp[1], port: Number(hp[3]) });
    else if (HOST_VARIABLE.test(name) && /^[a-z0-9]([a-z0-9_.-]*[a-z0-9])?$/i.test(token)) found.push({ host: token });
  }
  return found;
}

/** A host that is this machine, never another service or an outside endpoint. */
export function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '0.0.0.0', '::', '::1', 'host.docker.internal'].includes(host.toLowerCase());
}

/** A DNS name outside the project: has a dot, and is not an IP address. */
export function isOutsideHostName(host: string): boolean {
  return host.includes('.') && !/^[\d.]+$/.test(host) && !host.includes(':') && /^[a-z0-9.-]+$/i.test(host) && /[a-z]/i.test(host.split('.').pop()!);
}
