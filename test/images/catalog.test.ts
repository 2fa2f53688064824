import { imageEntries, parseImage } from '../../lib/images';
import type { ImageEntry, ImageUser } from '../../lib/images';

/** Every entry is well-formed: the facts a restricted pod is built from are usable as they are. */

const entries = imageEntries().map((entry) => [entry.repositories[0], entry] as const);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function expectAbsolute(path: string): void {
  expect(path).toMatch(/^\/(?:[^/\0]+(?:\/[^/\0]+)*)?$/);
  expect(path.split('/')).not.toContain('..');
}

function expectUser(user: ImageUser): void {
  // Never root: an image that starts as root names the UID to run it as instead (and says so).
  for (const id of [user.uid]) expect(Number.isInteger(id) && id >= 1 && id < 2 ** 31).toBe(true);
  for (const id of [user.gid, user.fsGroup ?? user.gid]) expect(Number.isInteger(id) && id >= 0 && id < 2 ** 31).toBe(true);
  expect(user.source.trim()).not.toBe('');
}

test('every repository belongs to one entry and is written as parseImage names it', () => {
  const repositories = imageEntries().flatMap((e) => e.repositories);
  expect(new Set(repositories).size).toBe(repositories.length);
  for (const repository of repositories) expect(parseImage(repository).name).toBe(repository);
});

describe.each(entries)('%s', (_name, entry: ImageEntry) => {
  test('sources are https links, the description and component are set', () => {
    expect(entry.sources.length).toBeGreaterThan(0);
    for (const source of entry.sources) expect(new URL(source).protocol).toBe('https:');
    expect(entry.description.trim()).not.toBe('');
    expect(entry.component).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  test('users never root; paths absolute and distinct; tag patterns compile', () => {
    expectUser(entry.user);
    for (const variant of entry.variants ?? []) {
      expect(() => new RegExp(variant.tagPattern)).not.toThrow();
      if (variant.user) expectUser(variant.user);
    }
    for (const form of [entry, ...(entry.variants ?? [])]) {
      const writable = form.writablePaths ?? entry.writablePaths;
      const data = form.dataDirectory ?? entry.dataDirectory;
      writable.forEach(expectAbsolute);
      expect(new Set(writable).size).toBe(writable.length);
      for (const copy of entry.writableCopies ?? []) {
        expectAbsolute(copy);
        expect(writable).not.toContain(copy);
      }
      if (data !== undefined) {
        expectAbsolute(data);
        expect(writable).not.toContain(data);
      }
    }
  });

  test('ports are named as Kubernetes requires, unique, within 1..65535', () => {
    for (const port of entry.ports) {
      expect(Number.isInteger(port.port) && port.port >= 1 && port.port <= 65535).toBe(true);
      // IANA_SVC_NAME: at most 15 lowercase letters, digits and inner hyphens, with a letter.
      expect(port.name).toMatch(/^(?=.*[a-z])[a-z0-9](?:[a-z0-9-]{0,13}[a-z0-9])?$/);
      expect(port.name).not.toMatch(/--/);
    }
    expect(new Set(entry.ports.map((p) => p.name)).size).toBe(entry.ports.length);
    expect(new Set(entry.ports.map((p) => p.port)).size).toBe(entry.ports.length);
  });

  test('the health check is of a kind the model knows, on a port of the image, with its source', () => {
    const check = entry.healthCheck;
    if (!check) return;
    expect(check.source.trim()).not.toBe('');
    const test = check.test;
    switch (test.kind) {
      case 'exec':
        expect(test.command.length).toBeGreaterThan(0);
        break;
      case 'shell':
        expect(test.script.trim()).not.toBe('');
        break;
      case 'http':
        expect(test.path).toMatch(/^\//);
        expect(entry.ports.map((p) => p.port)).toContain(test.port);
        break;
      case 'tcp':
        expect(entry.ports.map((p) => p.port)).toContain(test.port);
        break;
      default:
        throw new Error(`unknown health check kind ${JSON.stringify(test)}`);
    }
  });

  test('a check run inside the container has a way to be run from outside, or says why not', () => {
    const kind = entry.healthCheck?.test.kind;
    if (kind !== 'exec' && kind !== 'shell') return;
    if (entry.remoteCheck) {
      const line = entry.remoteCheck.command.join(' ');
      expect(line).toContain('{{berth.host}}');
      expect(line).toContain('{{berth.port}}');
    } else {
      expect((entry.notes ?? []).some((note) => /outside|dependent/.test(note))).toBe(true);
    }
  });

  test('environment names, memory, heap and grace period are usable', () => {
    for (const name of [
      ...(entry.credentialEnv ?? []),
      ...(entry.requiredEnv ?? []).flat(),
      ...Object.keys(entry.env ?? {}),
      ...(entry.requiredSecretEnv ?? []).map((r) => r.env),
    ]) {
      expect(name).toMatch(ENV_NAME);
    }
    for (const alternatives of entry.requiredEnv ?? []) expect(alternatives.length).toBeGreaterThan(0);
    if (entry.heapEnv !== undefined) expect(entry.heapEnv).toMatch(/^[A-Z_][A-Z0-9_]*$/);
    for (const mi of [entry.minimumMemoryMi, ...(entry.heavyCommands ?? []).map((c) => c.minMemoryMi)]) if (mi !== undefined) expect(Number.isInteger(mi) && mi > 0).toBe(true);
    if (entry.terminationGracePeriodSeconds !== undefined) expect(entry.terminationGracePeriodSeconds).toBeGreaterThan(0);
  });

  test('an ENTRYPOINT that does start-up work is named, and a shipped path is absolute', () => {
    for (const form of [entry, ...(entry.variants ?? [])]) {
      if (form.entrypointDoes !== undefined) expect((form.entrypoint ?? entry.entrypoint).length).toBeGreaterThan(0);
    }
    for (const shipped of entry.shippedPaths ?? []) expectAbsolute(shipped.path);
  });
});
