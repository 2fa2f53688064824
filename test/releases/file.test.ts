import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { RELEASES_DIR, charts } from '../../charts';
import { InputError } from '../../lib/model/problems';
import { builtImages } from '../../lib/model/release';
import type { ImageRelease } from '../../lib/model/types';
import { formatReleaseFile, parseReleaseFile, readReleaseFiles, ReleaseFileError, withReleases } from '../../lib/releases/file';

describe('release files', () => {
  test('every committed file is as berth writes it, so a release changes only its own lines', () => {
    for (const name of fs.readdirSync(RELEASES_DIR)) {
      const text = fs.readFileSync(path.join(RELEASES_DIR, name), 'utf8');
      const parsed = parseReleaseFile(text, name);
      expect([name, parsed.problems]).toEqual([name, []]);
      expect([name, formatReleaseFile(parsed.release)]).toEqual([name, text]);
    }
  });

  test('there is one per system that builds images, and none for anything else', () => {
    const files = fs.readdirSync(RELEASES_DIR).sort();
    for (const c of charts) if (builtImages(c).size > 0) expect(files).toContain(`${c.id}.yaml`);
    for (const f of files) expect(charts.map((c) => `${c.id}.yaml`)).toContain(f);
  });

  test('write then read gives the same releases, whatever the tags and reasons (quoted where YAML would misread them)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
    const entry = fc.record({
      tag: word,
      digest: fc.option(fc.stringMatching(/^sha256:[a-f0-9]{64}$/), { nil: undefined }),
      notDocumented: fc.option(fc.string(), { nil: undefined }),
    });
    const clean = (r: ImageRelease): ImageRelease => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as ImageRelease;
    fc.assert(
      fc.property(fc.dictionary(word, fc.dictionary(word, entry.map(clean), { maxKeys: 4 }), { maxKeys: 3 }), (release) => {
        const parsed = parseReleaseFile(formatReleaseFile(release), 'x.yaml');
        expect(parsed.problems).toEqual([]);
        expect(parsed.release).toEqual(release);
      }),
    );
  });

  test.each([
    ['a tag YAML reads as a number', 'dev:\n  web:\n    tag: 2.0\n', 'x.yaml:3: dev.web.tag: 2 is not text: the tag CI built (quote it if it looks like a number: "2.0")'],
    ['an unknown field', 'dev:\n  web:\n    tag: "1.0"\n    sha: abc\n', 'x.yaml:4: dev.web.sha: unknown field (fields: tag, digest, notDocumented)'],
    ['no tag', 'dev:\n  web:\n    digest: sha256:00\n', 'x.yaml:3: dev.web.tag: missing: the tag CI built'],
    ['a list', 'dev:\n  web:\n    - 1.0\n', 'x.yaml:3: dev.web: expected { tag, digest, notDocumented }, not a list'],
    ['a reference where an entry belongs', 'dev:\n  web: ghcr.io/acme/web:1.0\n', 'x.yaml:2: dev.web: expected { tag, digest, notDocumented }'],
    ['a key twice', 'dev:\n  web:\n    tag: "1"\n  web:\n    tag: "2"\n', 'x.yaml:4: Map keys must be unique'],
    ['broken YAML', 'dev:\n  web: [\n', 'x.yaml:3:'],
  ])('%s is a problem with its file, line and path', (_what, text, message) => {
    const { problems } = parseReleaseFile(text, 'x.yaml');
    expect(new ReleaseFileError(problems).message).toContain(message);
  });

  test('a file that names no system, or an environment its system lacks, is a problem; every problem at once, as input', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-releases-'));
    try {
      fs.writeFileSync(path.join(dir, 'marketnavigatr.yaml'), 'dev: {}\n');
      fs.writeFileSync(path.join(dir, 'marketnavigator.yaml'), 'dev:\n  backend: 1\n');
      const ids = charts.map((c) => c.id);
      let error: unknown;
      try {
        readReleaseFiles(dir, ids);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as ReleaseFileError).problems.map((p) => `${path.basename(p.file)}: ${p.path}`)).toEqual(['marketnavigator.yaml: dev.backend', 'marketnavigatr.yaml: ']);
      expect(() => withReleases(charts, new Map([['marketnavigator', { staging: {} }]]))).toThrow(
        'releases/marketnavigator.yaml: staging: marketnavigator has no environment staging (environments: dev, prod)',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
