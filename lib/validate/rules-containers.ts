import { HEALTH_CHECK_SOURCE } from '../annotations';
import type { Container as V1Container } from 'kubernetes-types/core/v1';
import { entrypointImage, heavyCommand, knownBad, runsEntrypoint, shadowedPath } from './images';
import type { Finding, LoadedObject } from './manifests';
import {
  annotationField,
  annotationsOf,
  argvOf,
  callsOf,
  type Container,
  containersOfPod,
  fieldHolding,
  finding,
  indexOf,
  literalEnv,
  mebibytes,
  quantityBytes,
  wordsOf,
} from './runtime-index';

/** What a container runs: the start command, its probes and its gates, and the image facts of images.ts. */

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Command lines that decide readiness: exec probes of every container, and the command of init containers (gates). */
function checkCommands(c: Container): { field: string; line: string }[] {
  const lines: { field: string; line: string }[] = [];
  for (const probe of PROBES) {
    const command = c.container[probe]?.exec?.command;
    if (command?.length) lines.push({ field: `${c.path}.${probe}.exec.command`, line: command.map(String).join(' ') });
  }
  if (c.init && argvOf(c.container).length > 0) lines.push({ field: fieldHolding(c.container, c.path, /./), line: argvOf(c.container).join(' ') });
  return lines;
}

/** [image-entrypoint] A Kubernetes `command` must not replace an ENTRYPOINT that does the start-up work. */
export function imageEntrypoint(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap(({ pod, path, container, init }) => {
    const command = container.command ?? [];
    if (init || command.length === 0 || !container.image) return [];
    const row = entrypointImage(container.image);
    if (!row || runsEntrypoint(row, String(command[0]))) return [];
    return [
      finding(
        pod.owner,
        `${path}.command`,
        `image ${JSON.stringify(container.image)} does its start-up work in its ENTRYPOINT (${row.does}), but command ${JSON.stringify(command)} replaces the ENTRYPOINT; ` +
          'compose `command` is Kubernetes `args`: move these words to args and leave command unset',
        'image-entrypoint',
      ),
    ];
  });
}

/** [redis-probe] `redis-cli ping` exits 0 on error replies: pass -e or compare the reply to PONG. */
export function redisProbe(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap((c) =>
    checkCommands(c).flatMap(({ field, line }) => {
      const pings = callsOf(line, 'redis-cli').filter((words) => words.some((w) => w.toLowerCase() === 'ping'));
      if (pings.length === 0 || pings.every((words) => words.includes('-e')) || /PONG/.test(line)) return [];
      return [
        finding(
          c.pod.owner,
          field,
          `${JSON.stringify(line)} runs redis-cli ping, which exits 0 on error replies (LOADING, NOAUTH, MASTERDOWN), so it passes while Redis is not serving; ` +
            'pass -e to redis-cli or compare the reply: [ "$(redis-cli ping)" = PONG ]',
          'redis-probe',
        ),
      ];
    }),
  );
}

/** Does a pg_isready call (or the container's PGHOST) name a TCP host? */
function pgIsReadyOverTcp(words: readonly string[], c: V1Container): boolean {
  if (words.some((w) => w === '-h' || w === '--host' || /^-h./.test(w) || /^--host=./.test(w))) return true;
  if (words.some((w) => /host=[^/\s]/.test(w) || /^postgres(ql)?:\/\/([^@/]*@)?[^/:?]+/.test(w))) return true;
  const pghost = literalEnv(c, 'PGHOST');
  return pghost !== undefined && pghost !== '' && !pghost.startsWith('/');
}

/** [pg-isready-tcp] pg_isready without -h asks the Unix socket, where the first-boot temporary server answers during initdb. */
export function pgIsReadyTcp(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap((c) =>
    checkCommands(c).flatMap(({ field, line }) => {
      const calls = callsOf(line, 'pg_isready');
      if (calls.length === 0 || calls.every((words) => pgIsReadyOverTcp(words, c.container))) return [];
      return [
        finding(
          c.pod.owner,
          field,
          `${JSON.stringify(line)} runs pg_isready without -h, so it asks the Unix socket, where the postgres entrypoint's first-boot temporary server ` +
            "(listen_addresses='') already answers during initdb; probe over TCP: pg_isready -h 127.0.0.1 (or the Service name from another pod)",
          'pg-isready-tcp',
        ),
      ];
    }),
  );
}

/** [http-probe-source] An httpGet probe says where its path comes from. */
export function httpProbeSource(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.workloads.flatMap((pod) => {
      if ((annotationsOf(pod.owner)[HEALTH_CHECK_SOURCE] ?? '').trim() !== '') return [];
      const probes = containersOfPod(pod).flatMap(({ path, container }) =>
        PROBES.filter((p) => container[p]?.httpGet).map((p) => `${path}.${p}.httpGet.path ${JSON.stringify(container[p]?.httpGet?.path ?? '/')}`),
      );
      if (probes.length === 0) return [];
      return [
        finding(
          pod.owner,
          annotationField(HEALTH_CHECK_SOURCE),
          `${pod.owner.kind} ${pod.owner.name} probes over HTTP (${probes.join('; ')}) but does not say where the check comes from: a probe on an invented path keeps the pod unready forever; ` +
            `set ${HEALTH_CHECK_SOURCE} to the document or image that defines the endpoint, or, where no check is documented, probe the port (tcpSocket)`,
          'http-probe-source',
        ),
      ];
    }),
  );
}

/** [image-known-bad] No container, init containers included, uses an image known to be gone or vulnerable. */
export function imageKnownBad(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap(({ pod, path, container }) =>
    knownBad(container.image ?? '').map((bad) => finding(pod.owner, `${path}.image`, `${JSON.stringify(container.image)}: ${bad.reason}; ${bad.fix}`, 'image-known-bad')),
  );
}

/** [image-shadowed] No volume is mounted exactly over a directory the image ships content in. */
export function imageShadowed(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap(({ pod, path, container }) =>
    (container.volumeMounts ?? []).flatMap((m, i) => {
      const row = shadowedPath(container.image ?? '', m.mountPath);
      if (!row) return [];
      return [
        finding(
          pod.owner,
          `${path}.volumeMounts[${i}].mountPath`,
          `volume ${m.name} is mounted over ${m.mountPath}, where ${JSON.stringify(container.image)} ships ${row.hides}; the mount hides them: mount only the paths the program writes (e.g. ${row.path}/logs)`,
          'image-shadowed',
        ),
      ];
    }),
  );
}

/** [image-memory] Known heavy commands get at least the memory they need. */
export function imageMemory(objects: readonly LoadedObject[]): Finding[] {
  return indexOf(objects).containers.flatMap(({ pod, path, container, init }) => {
    if (init) return [];
    const row = heavyCommand(container.image ?? '', wordsOf(container));
    if (!row) return [];
    const limit = container.resources?.limits?.memory;
    const bytes = quantityBytes(limit);
    if (bytes !== undefined && bytes >= row.minMemoryMi * 2 ** 20) return [];
    const found = limit === undefined ? 'no memory limit' : `memory limit ${JSON.stringify(limit)}${bytes === undefined ? '' : ` (${mebibytes(bytes)})`}`;
    return [
      finding(
        pod.owner,
        `${path}.resources.limits.memory`,
        `${row.why}; ${found} is too little and gets it OOM-killed: set resources.limits.memory to at least ${row.minMemoryMi}Mi`,
        'image-memory',
      ),
    ];
  });
}
