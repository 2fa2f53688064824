import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RELEASES_DIR, charts, delivery, systems } from '../../charts';
import { builtImages, imagesNeededIn } from '../../lib/model/release';
import { checkRelease, promote, recordRelease, type ReleaseContext } from '../../lib/releases/commands';
import { loadReleases, parseReleaseFile } from '../../lib/releases/file';
import { toYaml } from '../../lib/yaml-emit';
import { env, system, withService } from '../fixtures';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

/** A scratch copy of releases/, an empty output directory, and what the commands print. */
function scratch() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-release-'));
  fs.cpSync(RELEASES_DIR, path.join(root, 'releases'), { recursive: true });
  const lines: string[] = [];
  const ctx: ReleaseContext = {
    charts,
    releasesDir: path.join(root, 'releases'),
    delivery,
    outdir: path.join(root, 'dist'),
    log: { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) },
  };
  return { root, ctx, lines, out: () => lines.join('\n'), releases: () => tree(ctx.releasesDir), dist: () => tree(ctx.outdir) };
}

/** dist/ as committed (a fresh synth, test/synth.test.ts checks), rendered diagrams included. */
const committed = tree(path.join(__dirname, '..', '..', 'dist'));

let dirs: string[] = [];
const use = () => {
  const s = scratch();
  dirs.push(s.root);
  return s;
};
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** Every system with an environment that is not production, and the first image the team builds there. */
const CASES = systems.flatMap((s) => {
  const env = Object.keys(s.environments).find((e) => !s.environments[e].production);
  const image = env === undefined ? undefined : imagesNeededIn(s, env)[0];
  return env === undefined || image === undefined ? [] : [[s.id, env, image] as const];
});

describe('berth release', () => {
  test.each(CASES)('%s/%s: a release bumps exactly one image in dist/, and its entry in the release file', async (id, env, image) => {
    const s = use();
    const before = s.releases();
    expect(await recordRelease(s.ctx, id, env, [`${image.name}=9.9.9@${DIGEST}`])).toBe(0);
    const after = s.dist();
    expect(Object.keys(after).sort()).toEqual(Object.keys(committed).sort());
    const oldRef = new RegExp(`${image.repository.replace(/[.]/g, '\\.')}:[^\\s"]+`);
    const changed = Object.keys(after).filter((f) => after[f] !== committed[f]);
    expect(changed.length).toBeGreaterThan(0);
    for (const file of changed) {
      // Only the environment's own files, and in them only the image (and the name and hash of a Job that runs once per change of its spec).
      expect(file.startsWith(`${id}/${env}/`)).toBe(true);
      const [was, now] = [committed[file].split('\n'), after[file].split('\n')];
      expect(now.length).toBe(was.length);
      was.forEach((line, i) => {
        if (line === now[i]) return;
        if (oldRef.test(line)) expect([file, now[i]]).toEqual([file, line.replace(oldRef, `${image.repository}:9.9.9@${DIGEST}`)]);
        else expect([file, line]).toEqual([file, expect.stringMatching(/^\s*(name|berth\.dev\/spec-hash|- name):? /)]);
      });
    }
    // The release file: that one entry, now a real release; every other file and entry as it was.
    const file = `${id}.yaml`;
    const was = parseReleaseFile(before[file], file).release;
    expect(parseReleaseFile(s.releases()[file], file).release).toEqual({ ...was, [env]: { ...was[env], [image.name]: { tag: '9.9.9', digest: DIGEST } } });
    for (const other of Object.keys(before)) if (other !== file) expect(s.releases()[other]).toBe(before[other]);
    expect(s.out()).toContain(`${id}/${env}:\n  ${image.name}: `);
  });

  test('a release rewrites the file deterministically: the same releases in any order give the same bytes', async () => {
    const a = use();
    const b = use();
    expect(await recordRelease(a.ctx, 'marketnavigator', 'dev', [`frontend=3.1.0`, `backend=2.0.1@${DIGEST}`])).toBe(0);
    expect(await recordRelease(b.ctx, 'marketnavigator', 'dev', [`backend=2.0.1@${DIGEST}`])).toBe(0);
    expect(await recordRelease(b.ctx, 'marketnavigator', 'dev', [`frontend=3.1.0`])).toBe(0);
    expect(a.releases()).toEqual(b.releases());
    expect(a.dist()).toEqual(b.dist());
  });

  test('a service names its image: every service that runs it gets the release', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', [`celery-worker=registry.kareonecompany.com/marketnavigator/backend:2.0.1@${DIGEST}`])).toBe(0);
    const dist = s.dist();
    for (const svc of ['backend', 'celery-worker', 'celery-beat', 'flower'])
      expect(dist[`marketnavigator/dev/${svc}.yaml`]).toContain(`image: registry.kareonecompany.com/marketnavigator/backend:2.0.1@${DIGEST}`);
    expect(dist['marketnavigator/prod/backend.yaml']).toBe(committed['marketnavigator/prod/backend.yaml']);
  });

  test('once every image is a real release, the Application syncs itself; --check passes', async () => {
    const s = use();
    const images = imagesNeededIn(
      charts.find((c) => c.id === 'marketnavigator')!,
      'dev',
    ).map((i) => `${i.name}=2.1.0@${DIGEST}`);
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', images.slice(1))).toBe(0);
    expect(s.dist()['argocd/apps/marketnavigator-dev.yaml']).not.toContain('automated:');
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', images.slice(0, 1))).toBe(0);
    const app = s.dist()['argocd/apps/marketnavigator-dev.yaml'];
    expect(app).toContain('automated:');
    expect(app).not.toContain('berth.dev/manual-sync-because');
    expect(s.dist()['argocd/apps/marketnavigator-prod.yaml']).not.toContain('automated:');
    const check = use();
    const released = loadReleases(charts, s.ctx.releasesDir);
    expect(checkRelease(check.ctx, released, 'marketnavigator', 'dev')).toBe(0);
    expect(check.out()).toContain('marketnavigator/dev: release complete');
  });

  test.each([
    ['latest', 'marketnavigator', 'dev', ['backend=latest'], '"latest" is not a release'],
    ['no tag', 'marketnavigator', 'dev', ['backend=registry.kareonecompany.com/marketnavigator/backend'], 'unpinned: no tag'],
    ['a digest alone', 'marketnavigator', 'dev', [`backend=${DIGEST}`], 'give the tag too'],
    ['a malformed digest', 'marketnavigator', 'dev', ['backend=2.0.1@sha256:abc'], 'is not sha256:<64 lowercase hex digits>'],
    ['a malformed reference', 'marketnavigator', 'dev', ['backend=Registry..x/Backend:1'], 'malformed reference'],
    ['a malformed tag', 'marketnavigator', 'dev', ['backend=-1'], 'is not a tag'],
    ['another repository', 'marketnavigator', 'dev', ['backend=ghcr.io/acme/backend:2.0.1'], 'release the image its chart names'],
    ['no reference', 'marketnavigator', 'dev', ['backend'], 'expected <service>=<ref>'],
    ['an unknown service', 'marketnavigator', 'dev', ['backnd=2.0.1'], 'unknown service "backnd"'],
    ['a third-party image', 'marketnavigator', 'dev', ['redis=7.2.17'], 'redis runs a third-party image the chart pins'],
    ['a placeholder registry in prod', 'marcus-ecommerce', 'prod', ['web=1.2.0'], 'prod is a production environment, and registry.example.com is a placeholder registry'],
    ['an unknown environment', 'marketnavigator', 'staging', ['backend=2.0.1'], 'marketnavigator has no environment "staging"'],
    ['an image named twice', 'marketnavigator', 'dev', ['backend=2.0.1', 'flower=2.0.2'], 'backend is named twice'],
  ])('rejects %s, and writes nothing', async (_what, id, env, args, message) => {
    const s = use();
    const before = s.releases();
    expect(await recordRelease(s.ctx, id, env, args)).toBe(1);
    expect(s.out()).toContain(message);
    expect(s.out()).toContain('nothing written');
    expect(s.releases()).toEqual(before);
    expect(fs.existsSync(s.ctx.outdir)).toBe(false);
  });

  test('every problem at once', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', ['backend=latest', 'nope=1.0', 'frontend=3.0.0'])).toBe(1);
    expect(s.out()).toMatch(/rejected \(2 problems\)[\s\S]*backend=latest[\s\S]*nope=1.0/);
  });

  test('an unknown system is named with the known ones', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnav', 'dev', ['backend=1.0'])).toBe(1);
    expect(s.out()).toBe(`unknown system "marketnav" (systems: ${charts.map((c) => c.id).join(', ')})`);
  });
});

describe('berth promote', () => {
  test('copies a release from dev to prod, prints what changes, and bumps only prod', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', [`backend=2.0.1@${DIGEST}`])).toBe(0);
    const dev = s.dist();
    s.lines.length = 0;
    expect(await promote(s.ctx, 'marketnavigator', 'dev', 'prod', ['backend'])).toBe(0);
    expect(s.out()).toContain(`marketnavigator/prod:\n  backend: 2.0.0 (not documented) → 2.0.1@${DIGEST}`);
    const prod = s.dist();
    const changed = Object.keys(prod).filter((f) => prod[f] !== dev[f]);
    expect(changed.sort()).toEqual(
      [...['backend', 'celery-beat', 'celery-worker', 'flower'].map((n) => `marketnavigator/prod/${n}.yaml`), 'marketnavigator/prod/OVERVIEW.md'].sort(),
    );
    expect(prod['marketnavigator/prod/backend.yaml']).toContain(`backend:2.0.1@${DIGEST}`);
  });

  test('promoting what prod already runs changes nothing', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', [`backend=2.0.1@${DIGEST}`])).toBe(0);
    expect(await promote(s.ctx, 'marketnavigator', 'dev', 'prod', ['backend'])).toBe(0);
    const before = s.releases();
    s.lines.length = 0;
    expect(await promote(s.ctx, 'marketnavigator', 'dev', 'prod', ['backend'])).toBe(0);
    expect(s.out()).toContain(`backend: already 2.0.1@${DIGEST}`);
    expect(s.out()).toContain('nothing changes');
    expect(s.releases()).toEqual(before);
  });

  test('a production environment takes no release that is not real: every such image is listed, nothing written', async () => {
    const s = use();
    expect(await recordRelease(s.ctx, 'marketnavigator', 'dev', [`backend=2.0.1@${DIGEST}`])).toBe(0);
    const before = s.releases();
    s.lines.length = 0;
    expect(await promote(s.ctx, 'marketnavigator', 'dev', 'prod', [])).toBe(1);
    const pending = imagesNeededIn(
      charts.find((c) => c.id === 'marketnavigator')!,
      'prod',
    ).filter((i) => i.name !== 'backend');
    for (const image of pending) expect(s.out()).toContain(`${image.name}: prod is a production environment, and tag 2.0.0 is marked not documented`);
    expect(s.out()).not.toContain('backend: prod');
    expect(s.releases()).toEqual(before);
  });

  test.each([
    ['an unknown service', 'dev', 'prod', ['backnd'], 'unknown service "backnd"'],
    ['an environment to itself', 'dev', 'dev', [], 'promote from one environment to another, not dev to itself'],
    ['an unknown environment', 'qa', 'prod', [], 'marketnavigator has no environment "qa"'],
  ])('rejects %s', async (_what, from, to, names, message) => {
    const s = use();
    const before = s.releases();
    expect(await promote(s.ctx, 'marketnavigator', from, to, names)).toBe(1);
    expect(s.out()).toContain(message);
    expect(s.releases()).toEqual(before);
  });
});

/** A system of two images the team builds, in dev, staging and prod (production), with releases in a scratch directory. */
function twoImages(release: Record<string, unknown>) {
  const s = use();
  fs.rmSync(s.ctx.releasesDir, { recursive: true });
  fs.mkdirSync(s.ctx.releasesDir);
  fs.writeFileSync(path.join(s.ctx.releasesDir, 'demo.yaml'), toYaml(release));
  const base = system();
  const demo = withService(withService(base, 'web_app', { image: { repository: 'ghcr.io/acme/web' } }), 'worker', { image: { repository: 'ghcr.io/acme/worker' } });
  const ctx = { ...s.ctx, charts: [{ ...demo, environments: { dev: env, staging: env, prod: { ...env, production: true } } }] };
  return { ...s, ctx };
}

describe('releases of a system being set up', () => {
  const real = { tag: '1.0.0', digest: DIGEST };
  const all = (r: object) => ({ web: r, worker: r });

  test('an environment released image by image is recorded each time, and dist/ is written once none is missing', async () => {
    const s = twoImages({ staging: all(real), prod: all(real) });
    expect(await recordRelease(s.ctx, 'demo', 'dev', ['web=1.0.0'])).toBe(1);
    expect(s.out()).toContain('recorded in demo.yaml; dist/ is written once the description is valid:');
    expect(s.out()).toContain('demo: environments.dev.release.worker: no release of ghcr.io/acme/worker (run by worker): berth release demo dev worker=<tag>');
    expect(parseReleaseFile(s.releases()['demo.yaml'], 'demo.yaml').release.dev).toEqual({ web: { tag: '1.0.0' } });
    expect(fs.existsSync(s.ctx.outdir)).toBe(false);
    expect(await recordRelease(s.ctx, 'demo', 'dev', ['worker=1.0.0'])).toBe(0);
    expect(parseReleaseFile(s.releases()['demo.yaml'], 'demo.yaml').release.dev).toEqual({ web: { tag: '1.0.0' }, worker: { tag: '1.0.0' } });
    expect(s.dist()['demo/dev/worker.yaml']).toContain('image: ghcr.io/acme/worker:1.0.0');
  });

  test('promotion between environments that are not production copies releases as they are, marks included', async () => {
    const marked = { tag: '0.9.0', notDocumented: 'the documents name no tag yet' };
    const s = twoImages({ dev: all(marked), staging: all(real), prod: all(real) });
    expect(await promote(s.ctx, 'demo', 'dev', 'staging', [])).toBe(0);
    expect(parseReleaseFile(s.releases()['demo.yaml'], 'demo.yaml').release.staging).toEqual(all(marked));
    expect(s.out()).toContain(`web: 1.0.0@${DIGEST} → 0.9.0 (not documented)`);
    expect(s.dist()['argocd/apps/demo-staging.yaml']).not.toContain('automated:');
  });

  test('promoting an image the source has no release of is refused', async () => {
    const s = twoImages({ dev: { web: real }, staging: all(real), prod: all(real) });
    expect(await promote(s.ctx, 'demo', 'dev', 'staging', ['worker'])).toBe(1);
    expect(s.out()).toContain('worker: dev has no release of worker; berth release demo dev worker=<tag>');
  });
});

describe('a production environment syncs by itself only images pinned by digest', () => {
  const real = { tag: '1.0.0', digest: DIGEST };
  const all = (r: object) => ({ web: r, worker: r });
  const automated = (s: ReturnType<typeof twoImages>, env: string) => s.dist()[`argocd/apps/demo-${env}.yaml`].includes('automated:');

  test('a tag without its digest is recorded, but prod stays synced by hand, and says why', async () => {
    const s = twoImages({ dev: all(real), staging: all(real), prod: all(real) });
    expect(await recordRelease(s.ctx, 'demo', 'prod', ['web=1.1.0'])).toBe(0);
    expect(parseReleaseFile(s.releases()['demo.yaml'], 'demo.yaml').release.prod.web).toEqual({ tag: '1.1.0' });
    expect(s.dist()['demo/prod/web-app.yaml']).toContain('image: ghcr.io/acme/web:1.1.0\n');
    expect(automated(s, 'prod')).toBe(false);
    expect(s.dist()['argocd/apps/demo-prod.yaml']).toContain('berth.dev/manual-sync-because');
    expect(s.out()).toContain(
      'demo/prod is a production environment: web names no digest, so Argo CD syncs it only by hand until it is released pinned (berth release demo prod web=<tag>@sha256:<digest>)',
    );
    // Released pinned, it syncs by itself again.
    expect(await recordRelease(s.ctx, 'demo', 'prod', [`web=1.1.0@${DIGEST}`])).toBe(0);
    expect(automated(s, 'prod')).toBe(true);
  });

  test('an environment that is not production syncs a tag by itself', async () => {
    const s = twoImages({ dev: all(real), staging: all(real), prod: all(real) });
    expect(await recordRelease(s.ctx, 'demo', 'staging', ['web=1.1.0', 'worker=1.1.0'])).toBe(0);
    expect(automated(s, 'staging')).toBe(true);
    expect(s.out()).not.toContain('no digest');
  });

  test('--check lists each image without its digest, with the command that pins it', async () => {
    const s = twoImages({ dev: all(real), staging: all(real), prod: { web: { tag: '1.1.0' }, worker: real } });
    const released = loadReleases(s.ctx.charts, s.ctx.releasesDir);
    expect(checkRelease(s.ctx, released, 'demo', 'prod')).toBe(1);
    expect(s.out()).toBe(
      [
        'demo/prod: 1 of 2 images are not a real release pinned by digest, as a production environment needs to sync by itself; Argo CD syncs it only by hand:',
        '  web (web-app): ghcr.io/acme/web:1.1.0',
        '    tag 1.1.0 names no digest, and a production environment syncs by itself only images pinned by digest (a tag can be pushed again)',
        '    then: berth release demo prod web=<tag>@sha256:<digest>',
      ].join('\n'),
    );
    s.lines.length = 0;
    expect(checkRelease(s.ctx, released, 'demo', 'staging')).toBe(0);
  });

  test('promoting a tag without its digest to prod copies it, and prod stays synced by hand', async () => {
    const s = twoImages({ dev: all({ tag: '1.2.0' }), staging: all(real), prod: all(real) });
    expect(await promote(s.ctx, 'demo', 'dev', 'prod', [])).toBe(0);
    expect(parseReleaseFile(s.releases()['demo.yaml'], 'demo.yaml').release.prod).toEqual(all({ tag: '1.2.0' }));
    expect(automated(s, 'prod')).toBe(false);
    expect(automated(s, 'dev')).toBe(true);
    expect(s.out()).toContain('demo/prod is a production environment: web, worker name no digest, so Argo CD syncs it only by hand until they are released pinned');
  });
});

describe('berth release --check', () => {
  test.each(systems.flatMap((s) => Object.keys(s.environments).map((env) => [s.id, env] as const)))('%s/%s lists exactly the images that are no real release', async (id, env) => {
    const s = use();
    const system = systems.find((x) => x.id === id)!;
    expect(checkRelease(s.ctx, systems, id, env)).toBe(1);
    const listed = s.lines
      .join('\n')
      .split('\n')
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => l.trim().split(' ')[0]);
    // The seeds mark every image they run not documented.
    expect(listed).toEqual(imagesNeededIn(system, env).map((i) => i.name));
    for (const name of listed) expect(s.out()).toContain(`then: berth release ${id} ${env} ${name}=<tag>`);
    expect(builtImages(system).size).toBeGreaterThanOrEqual(listed.length);
  });
});
