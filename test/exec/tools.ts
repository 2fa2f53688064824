/**
 * The local stand-ins test:exec needs, and PATHs that look like the images': BusyBox (built from defconfig by
 * scripts/busybox.sh, like the busybox image's and Alpine's) first, then only what the image adds — redis-cli
 * and redis-server in a redis image, the PostgreSQL binaries in a postgres image, nothing in busybox.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ImageKind } from './inventory';
import { NSENTER, UNSHARE } from './sandbox';

export interface Tools {
  busybox: string; // directory with busybox and bin/
  redisServer: string;
  redisCli: string;
  pgBin: string;
  postgresUid: number;
  postgresGid: number;
  paths: Record<ImageKind, string>;
}

function exists(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function account(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    /* no passwd */
  }
  return undefined;
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => ['postgres', 'initdb', 'pg_isready'].every((b) => exists(path.join(root, v, 'bin', b))))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function busyboxDir(repo: string): string | undefined {
  if (process.env.BERTH_BUSYBOX_DIR) return process.env.BERTH_BUSYBOX_DIR;
  try {
    return execFileSync('bash', [path.join(repo, 'scripts', 'busybox.sh'), '--dir'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Finds the tools; `missing` says what is absent and how to get it. */
export function findTools(repo: string): { found?: Omit<Tools, 'paths'>; missing: string[] } {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces: unshare and nsenter need it)');
  if (!exists(UNSHARE) || !exists(NSENTER)) missing.push(`${UNSHARE} and ${NSENTER} (apt-get install util-linux)`);
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some(exists)) missing.push('ip (apt-get install iproute2)');
  const redisServer = '/usr/bin/redis-server';
  const redisCli = '/usr/bin/redis-cli';
  if (!exists(redisServer)) missing.push(`${redisServer} (apt-get install redis-server)`);
  if (!exists(redisCli)) missing.push(`${redisCli} (apt-get install redis-tools)`);
  const pgBin = postgresBin();
  if (!pgBin) missing.push('/usr/lib/postgresql/<version>/bin with postgres, initdb, pg_isready (apt-get install postgresql)');
  const pg = account('postgres');
  if (!pg) missing.push('the postgres account (apt-get install postgresql creates it)');
  const bb = busyboxDir(repo);
  if (!bb || !exists(path.join(bb, 'busybox')) || !fs.existsSync(path.join(bb, '.complete')))
    missing.push(`BusyBox defconfig build in ${bb ?? '(unknown)'} (run scripts/busybox.sh; needs build-essential bzip2)`);
  if (missing.length) return { missing };
  return {
    found: { busybox: bb!, redisServer, redisCli, pgBin: pgBin!, postgresUid: pg!.uid, postgresGid: pg!.gid },
    missing,
  };
}

/** Creates the per-image PATH directories under root. */
export function imagePaths(root: string, t: Omit<Tools, 'paths'>): Tools {
  const link = (dir: string, targets: string[]) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const target of targets) fs.symlinkSync(target, path.join(dir, path.basename(target)));
    return dir;
  };
  const redisDir = link(
    path.join(root, 'image-path', 'redis'),
    ['redis-cli', 'redis-server', 'redis-benchmark', 'redis-check-aof', 'redis-check-rdb', 'redis-sentinel'].map((b) => path.join('/usr/bin', b)).filter(exists),
  );
  const pgDir = link(
    path.join(root, 'image-path', 'postgres'),
    fs.readdirSync(t.pgBin).map((b) => path.join(t.pgBin, b)),
  );
  const bb = path.join(t.busybox, 'bin');
  return { ...t, paths: { busybox: bb, redis: `${bb}:${redisDir}`, postgres: `${bb}:${pgDir}` } };
}
