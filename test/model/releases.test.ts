import fc from 'fast-check';
import { formatReference, isPlaceholderRegistry, parseImageReference } from '../../lib/model/image-reference';
import { InvalidSystemError } from '../../lib/model/problems';
import { resolveSystem } from '../../lib/model/resolve';
import { validateSystem } from '../../lib/model/validate';
import type { ImageRelease, System } from '../../lib/model/types';
import { env, system, withService } from '../fixtures';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** The fixture with web_app on an image the team builds, and a release per environment. */
function built(release: Record<string, ImageRelease> | undefined, overrides: Partial<System> = {}): System {
  const s = withService(system(), 'web_app', { image: { repository: 'ghcr.io/acme/web' } });
  return { ...s, environments: { dev: { ...env, ...(release ? { release } : {}) } }, ...overrides };
}

function problems(s: System): string[] {
  try {
    validateSystem(s);
    return [];
  } catch (err) {
    if (!(err instanceof InvalidSystemError)) throw err;
    return err.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('images the team builds', () => {
  test("a pod runs the chart's repository with the release's tag and digest", () => {
    const resolved = resolveSystem(built({ web: { tag: '1.4.2', digest: DIGEST } }), 'dev');
    expect(resolved.services.find((s) => s.name === 'web-app')!.image).toBe(`ghcr.io/acme/web:1.4.2@${DIGEST}`);
    expect(resolved.release).toEqual([{ name: 'web', reference: `ghcr.io/acme/web:1.4.2@${DIGEST}`, services: ['web-app'], pending: [] }]);
  });

  test('a release marked not documented, or a placeholder registry, is pending, with the reason; synth warns', () => {
    const marked = resolveSystem(built({ web: { tag: '1.0.0', notDocumented: 'the documents name no tag' } }), 'dev');
    expect(marked.release[0].pending).toEqual(['tag 1.0.0 is marked not documented (the documents name no tag)']);
    expect(marked.warnings).toContain(
      'demo/dev: not synced automatically until its release is complete; services whose release is not complete: web-app (berth release --check demo dev)',
    );
    const placeholder = resolveSystem(withService(built({ web: { tag: '1.0.0' } }), 'web_app', { image: { repository: 'registry.example.com/acme/web' } }), 'dev');
    expect(placeholder.release[0].pending).toEqual([
      'registry.example.com is a placeholder registry (reserved for documentation, RFC 2606): name the real repository in the chart',
    ]);
  });

  test.each([
    ['no release', undefined, 'environments.dev.release.web: no release of ghcr.io/acme/web (run by web_app): berth release demo dev web=<tag>[@sha256:<digest>]'],
    ['latest', { web: { tag: 'latest' } }, 'environments.dev.release.web.tag: "latest" is not a release: name the tag CI built (and its digest)'],
    ['a malformed tag', { web: { tag: '1.0 beta' } }, 'environments.dev.release.web.tag: "1.0 beta" is not a tag (letters, digits, "_", "." and "-", at most 128)'],
    ['a malformed digest', { web: { tag: '1.0', digest: 'md5:00' } }, 'environments.dev.release.web.digest: "md5:00" is not sha256:<64 lowercase hex digits>'],
    [
      'an empty reason',
      { web: { tag: '1.0', notDocumented: ' ' } },
      'environments.dev.release.web.notDocumented: say what is not documented (at least 10 characters), or leave it out for a real release',
    ],
    ['an unknown image', { web: { tag: '1.0' }, wbe: { tag: '1.0' } }, 'environments.dev.release.wbe: no service runs an image named "wbe" (known: web)'],
  ])('%s is a problem', (_what, release, message) => {
    expect(problems(built(release))).toEqual([message]);
  });

  test('a chart names a repository only, and one name means one repository', () => {
    const tagged = withService(built({ web: { tag: '1.0' } }), 'web_app', { image: { repository: 'ghcr.io/acme/web:1.0' } });
    expect(problems(tagged)).toContain(
      'services.web_app.image.repository: "ghcr.io/acme/web:1.0" names a tag or digest: name the repository only; each environment\'s tag is its release\'s (berth release)',
    );
    const clash = withService(built({ web: { tag: '1.0' } }), 'cache', { image: { repository: 'ghcr.io/other/web' } });
    expect(problems(clash)).toContain(
      // Services in name order: cache names "web" first.
      'services.web_app.image.repository: "ghcr.io/acme/web" ends in "web", like "ghcr.io/other/web" (cache): a release names an image by its last segment, so give them different ones',
    );
  });

  test('a service that is not deployed needs no release', () => {
    const off = withService(built(undefined), 'web_app', { enabled: false });
    expect(problems({ ...off, services: { ...off.services, cache: { ...off.services.cache, dependsOn: undefined } } })).toEqual([]);
  });
});

describe('image references', () => {
  const component = fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)?$/);
  const registry = fc.constantFrom('ghcr.io', 'registry.kareonecompany.com', 'localhost:5000', 'quay.io');
  const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}$/);

  test('what berth writes parses back to the same repository, tag and digest', () => {
    fc.assert(
      fc.property(registry, fc.array(component, { minLength: 1, maxLength: 3 }), tag, fc.option(fc.constant(DIGEST), { nil: undefined }), (reg, parts, t, digest) => {
        const repository = `${reg}/${parts.join('/')}`;
        const parsed = parseImageReference(formatReference(repository, t, digest));
        expect(parsed).toEqual({ reference: { registry: reg, repository, path: parts.join('/'), tag: t, digest } });
      }),
    );
  });

  test('any text is a reference or a problem, never an exception', () => {
    fc.assert(fc.property(fc.string(), (text) => expect(Object.keys(parseImageReference(text))).toHaveLength(1)));
  });

  test('Docker Hub is one registry however it is spelt', () => {
    for (const ref of ['redis:7', 'library/redis:7', 'docker.io/redis:7', 'index.docker.io/library/redis:7']) {
      expect(parseImageReference(ref)).toMatchObject({ reference: { registry: 'docker.io', path: 'library/redis', tag: '7' } });
    }
  });

  test('the names reserved for documentation are placeholders; real registries are not', () => {
    for (const r of ['registry.example.com', 'example.com', 'example.org:5000', 'registry.test', 'images.invalid', 'build.example'])
      expect([r, isPlaceholderRegistry(r)]).toEqual([r, true]);
    for (const r of ['registry.kareonecompany.com', 'ghcr.io', 'docker.io', 'example.community', 'myexample.com', 'localhost:5000'])
      expect([r, isPlaceholderRegistry(r)]).toEqual([r, false]);
  });
});
