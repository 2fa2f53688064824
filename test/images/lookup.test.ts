import * as fc from 'fast-check';
import { findImage, imageEntries, parseImage, requireImage } from '../../lib/images';
import type { ImageEntry } from '../../lib/images';

/** Tags as image references carry them: versions, distributions, both, and none. */
const SAMPLE_TAGS = [
  'latest',
  '7',
  '7.2.16',
  '15',
  '15.19-alpine',
  '17-bookworm',
  '18',
  '18.1-alpine3.22',
  'alpine',
  'bookworm',
  'trixie',
  '2.28.3-pg15',
  '2.29.0-pg18',
  '0.5.5',
  '1.5.9',
  '8.1-alpine',
];

/** The entry each of an entry's repositories names. */
const repositoriesOf = (entry: ImageEntry) => entry.repositories.map((repository) => ({ repository, entry }));

describe('findImage', () => {
  const all = imageEntries().flatMap(repositoriesOf);

  test.each(all.map(({ repository }) => repository))('%s: found under every spelling of its reference', (repository) => {
    const entry = findImage(`${repository}:1`);
    expect(entry?.repositories).toContain(repository);
    const hub = parseImage(repository).registry === 'docker.io';
    const spellings = hub
      ? [`docker.io/${repository}:1`, `index.docker.io/${repository}:1`, ...(repository.includes('/') ? [] : [`library/${repository}:1`, `docker.io/library/${repository}:1`])]
      : [`${repository.replace(/^([^/]+)/, (registry) => registry.toUpperCase())}:1`];
    for (const spelling of spellings) expect(findImage(spelling)?.repositories).toEqual(entry?.repositories);
    expect(findImage(`${repository}@sha256:${'a'.repeat(64)}`)?.repositories).toEqual(entry?.repositories);
    expect(findImage(`${repository}:1@sha256:${'a'.repeat(64)}`)?.ref).toMatchObject({ name: repository, tag: '1', digest: `sha256:${'a'.repeat(64)}` });
  });

  test('another registry, a registry port or an owner is another image', () => {
    for (const { repository } of all.filter(({ repository }) => parseImage(repository).registry === 'docker.io')) {
      expect(findImage(`localhost:5000/${repository}:1`)).toBeUndefined();
      expect(findImage(`registry.example.com:5000/${repository}:1`)).toBeUndefined();
      expect(findImage(`someone-else/${repository.split('/').pop()}:1`)).toBeUndefined();
    }
  });

  test('an unknown image is undefined, and requireImage says which name to add', () => {
    expect(findImage('registry.example.com/team/app:1.0.0')).toBeUndefined();
    expect(() => requireImage('registry.example.com/team/app:1.0.0')).toThrow(/not in the image catalog .*"registry\.example\.com\/team\/app"/);
  });

  test('references that vary in spelling resolve as their canonical form does', () => {
    const repositories = all.map(({ repository }) => repository);
    fc.assert(
      fc.property(fc.constantFrom(...repositories), fc.constantFrom(...SAMPLE_TAGS), fc.boolean(), (repository, tag, digest) => {
        const ref = `${repository}:${tag}${digest ? `@sha256:${'b'.repeat(64)}` : ''}`;
        const canonical = findImage(`${repository}:${tag}`);
        const found = findImage(`  ${ref} `);
        expect(found?.user).toEqual(canonical?.user);
        expect(found?.dataDirectory).toEqual(canonical?.dataDirectory);
      }),
    );
  });
});

describe('variants', () => {
  const withVariants = imageEntries().filter((entry) => (entry.variants ?? []).length > 0);

  test.each(withVariants.map((entry) => [entry.repositories[0], entry] as const))('%s: a tag takes the first variant it matches, else the entry itself', (repository, entry) => {
    const reached = new Set<number>();
    for (const tag of SAMPLE_TAGS) {
      const index = (entry.variants ?? []).findIndex((v) => new RegExp(v.tagPattern).test(tag));
      const variant = entry.variants?.[index];
      const found = findImage(`${repository}:${tag}`);
      if (index >= 0) reached.add(index);
      expect(found?.user).toEqual(variant?.user ?? entry.user);
      expect(found?.dataDirectory).toEqual(variant?.dataDirectory ?? entry.dataDirectory);
      expect(found?.entrypoint).toEqual(variant?.entrypoint ?? entry.entrypoint);
      expect(found?.writablePaths).toEqual(variant?.writablePaths ?? entry.writablePaths);
      for (const note of [...(entry.notes ?? []), ...(variant?.notes ?? [])]) expect(found?.notes).toContain(note);
    }
    // Every variant is reachable from some tag: none is shadowed by an earlier one.
    expect([...reached].sort()).toEqual((entry.variants ?? []).map((_, i) => i));
  });

  test('a reference without a tag is matched as latest', () => {
    for (const entry of withVariants) {
      const repository = entry.repositories[0];
      const latest = findImage(`${repository}:latest`);
      const none = findImage(repository);
      expect([none?.user, none?.dataDirectory, none?.entrypoint]).toEqual([latest?.user, latest?.dataDirectory, latest?.entrypoint]);
    }
  });

  test('postgres: Alpine and Debian tags run as different users; 18 moved the data directory', () => {
    expect(findImage('postgres:15.19-alpine')?.user.uid).not.toBe(findImage('postgres:15.19')?.user.uid);
    expect(findImage('postgres:18')?.dataDirectory).not.toBe(findImage('postgres:17')?.dataDirectory);
    expect(findImage('postgres:18-alpine')?.user).toEqual(findImage('postgres:15-alpine')?.user);
    expect(findImage('postgres:18-alpine')?.dataDirectory).toEqual(findImage('postgres:18')?.dataDirectory);
  });

  test('a remote check without its own client image uses the image as referenced', () => {
    for (const entry of imageEntries().filter((e) => e.remoteCheck && e.remoteCheck.image === undefined)) {
      const ref = `${entry.repositories[0]}:9.9.9`;
      expect(findImage(ref)?.remoteCheck?.image).toBe(ref);
    }
  });
});
