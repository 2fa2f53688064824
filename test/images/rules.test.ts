import { images } from '../../charts/platform';
import { systems } from '../../charts/index';
import { findImage, imageEntries } from '../../lib/images';
import type { ResolvedImage } from '../../lib/images';
import { imageEntrypoint, pgIsReadyTcp, redisProbe } from '../../lib/validate/rules-containers';
import { deployment } from '../validate/runtime-fixtures';

/** Every resolved form of every entry: each repository with a tag of each variant, and one of none. */
function resolvedForms(): ResolvedImage[] {
  return imageEntries().flatMap((entry) =>
    entry.repositories.flatMap((repository) =>
      ['9.9.9', 'alpine', '18', 'pg18', '0.5.5'].map((tag) => findImage(`${repository}:${tag}`)).filter((f): f is ResolvedImage => f !== undefined),
    ),
  );
}

/** The command a probe runs for a health check that runs inside the container. */
function probeCommand(image: ResolvedImage): string[] | undefined {
  const test = image.healthCheck?.test;
  if (test?.kind === 'shell') return ['sh', '-c', test.script];
  if (test?.kind === 'exec') return [...test.command];
  return undefined;
}

describe("the catalog's checks pass the validate rules that catch lying checks", () => {
  test.each(resolvedForms().map((f) => [f.ref.name + ':' + f.ref.tag, f] as const))('%s', (_ref, image) => {
    const command = probeCommand(image);
    const remote = image.remoteCheck?.command.map((word) => word.replace('{{berth.host}}', 'db').replace('{{berth.port}}', String(image.ports[0]?.port ?? 1)));
    const pod = deployment('svc', {
      containers: [{ image: image.ref.name, ...(command ? { readinessProbe: { exec: { command } }, livenessProbe: { exec: { command } } } : {}) }],
      initContainers: remote ? [{ image: image.remoteCheck?.image, command: remote }] : undefined,
    });
    expect(redisProbe([pod])).toEqual([]);
    expect(pgIsReadyTcp([pod])).toEqual([]);
  });

  test('the rules do see the checks (a check without its TCP host or PONG comparison fails)', () => {
    const lying = (script: string) => deployment('x', { containers: [{ image: 'x:1', readinessProbe: { exec: { command: ['sh', '-c', script] } } }] });
    const pg = findImage('postgres:17')?.healthCheck?.test;
    const redis = findImage('redis:7.2')?.healthCheck?.test;
    expect(pg?.kind === 'shell' && pgIsReadyTcp([lying(pg.script.replace(/-h \S+/, ''))])).toHaveLength(1);
    expect(redis?.kind === 'shell' && redisProbe([lying(redis.script.replace(/^\[ "\$\((.*)\)" = PONG \]$/, '$1'))])).toHaveLength(1);
  });
});

describe('[image-entrypoint] takes its rows from the catalog', () => {
  test.each(resolvedForms().map((f) => [f.ref.name + ':' + f.ref.tag, f] as const))('%s', (_ref, image) => {
    const ref = `${image.ref.name}:${image.ref.tag}`;
    const replaced = imageEntrypoint([deployment('x', { containers: [{ image: ref, command: ['some-other-program'] }] })]);
    expect(replaced).toHaveLength(image.entrypointDoes === undefined ? 0 : 1);
    // The ENTRYPOINT's own programs, by path or by name, still run it.
    for (const word of image.entrypoint.filter((w) => w !== '--')) {
      const name = word.slice(word.lastIndexOf('/') + 1);
      expect(
        imageEntrypoint([
          deployment('x', {
            containers: [
              { image: ref, command: [word, 'arg'] },
              { image: ref, command: [name] },
            ],
          }),
        ]),
      ).toEqual([]);
    }
    expect(imageEntrypoint([deployment('x', { containers: [{ image: ref, args: ['anything'] }] })])).toEqual([]);
  });
});

describe('the charts and the catalog agree', () => {
  test.each(Object.entries(images))('platform image %s (%s) is in the catalog', (_key, ref) => {
    expect(findImage(ref)).toBeDefined();
  });

  const services = systems.flatMap((system) => Object.entries(system.services).map(([name, svc]) => [`${system.id}/${name}`, svc] as const));
  test.each(services.filter(([, svc]) => typeof svc.image === 'string' && findImage(svc.image) !== undefined))(
    '%s runs as the catalog user of its image, writing what it writes',
    (_name, svc) => {
      const image = findImage(svc.image as string) as ResolvedImage;
      expect(svc.runAs.uid).toBe(image.user.uid);
      expect(svc.runAs.gid ?? svc.runAs.uid).toBe(image.user.gid);
      const mounted = new Set((svc.mounts ?? []).map((m) => m.path));
      for (const path of image.writablePaths) expect([...(svc.runAs.writablePaths ?? []), ...mounted]).toContain(path);
    },
  );
});
