import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { canonicalJson, specHash } from '../../lib/spec-hash';
import { validateDirectory } from '../../lib/validate';
import { imageMatches, parseImage } from '../../lib/images/ref';
import { knownBad } from '../../lib/validate/images';
import { parseManifests } from '../../lib/validate/manifests';
import { checkRuntime, RUNTIME_RULES, runtimeRuleOf } from '../../lib/validate/runtime';
import { callsOf, quantityBytes, redisBytes } from '../../lib/validate/runtime-index';
import { SchemaValidator } from '../../lib/validate/schema';
import { deployment, namespace, pvc, service } from './runtime-fixtures';

const ROOT = path.join(__dirname, '..', '..');

describe('spec-hash', () => {
  test('10 hex characters of the SHA-256 of the key-sorted JSON', () => {
    expect(canonicalJson({ b: [2, { c: 3 }], a: 1 })).toBe('{"a":1,"b":[2,{"c":3}]}');
    expect(specHash({ b: [2, { c: 3 }], a: 1 })).toBe('8ad038695d');
  });
  test('key order and undefined keys do not matter; array order and values do', () => {
    expect(specHash({ x: { b: 1, a: undefined, c: [1, 2] } })).toBe(specHash({ x: { c: [1, 2], b: 1 } }));
    expect(specHash({ c: [1, 2] })).not.toBe(specHash({ c: [2, 1] }));
    expect(specHash({ c: '1' })).not.toBe(specHash({ c: 1 }));
  });
  test('what the rule reads back from YAML hashes as what the constructs wrote', () => {
    const spec = { backoffLimit: 2, template: { spec: { containers: [{ name: 'm', image: 'app:1', env: [{ name: 'PORT', value: '5432' }] }], restartPolicy: 'Never' } } };
    const [loaded] = parseManifests(
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: m, namespace: s}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - image: app:1\n          name: m\n          env: [{value: "5432", name: PORT}]\n  backoffLimit: 2\n`,
      'm.yaml',
    );
    expect(specHash(loaded.body.spec)).toBe(specHash(spec));
  });
});

describe('images.ts', () => {
  test.each([
    ['redis:7.2.4-alpine', 'redis', '7.2.4-alpine'],
    ['docker.io/library/redis:7', 'redis', '7'],
    ['index.docker.io/bitnami/redis:7.2.4', 'bitnami/redis', '7.2.4'],
    ['quay.io/minio/minio:RELEASE.2025-04-03T14-56-28Z', 'quay.io/minio/minio', 'RELEASE.2025-04-03T14-56-28Z'],
    ['localhost:5000/app@sha256:abc', 'localhost:5000/app', undefined],
    ['registry.example.com:5000/team/app:1.0', 'registry.example.com:5000/team/app', '1.0'],
  ])('%s', (ref, name, tag) => {
    expect(parseImage(ref)).toMatchObject({ name, tag });
  });
  test('owner wildcards match every repository of that owner only', () => {
    expect(imageMatches(parseImage('bitnami/postgresql:16'), 'bitnami/*')).toBe(true);
    expect(imageMatches(parseImage('bitnamilegacy/postgresql:16'), 'bitnami/*')).toBe(false);
    expect(imageMatches(parseImage('quay.io/bitnami/postgresql:16'), 'bitnami/*')).toBe(false);
  });
  test('every known-bad reason says what to use instead', () => {
    for (const bad of knownBad('redis:6.0.1')) expect(bad.fix).toMatch(/redis/);
  });
});

describe('runtime helpers', () => {
  test('Redis sizes: k/m/g are powers of 10, kb/mb/gb powers of 2', () => {
    expect([redisBytes('1k'), redisBytes('1kb'), redisBytes('1m'), redisBytes('1MB'), redisBytes('2g'), redisBytes('1gb'), redisBytes('100'), redisBytes('1.5gb')]).toEqual([
      1000,
      1024,
      1e6,
      2 ** 20,
      2e9,
      2 ** 30,
      100,
      undefined,
    ]);
  });
  test('Kubernetes quantities', () => {
    expect([quantityBytes('512Mi'), quantityBytes('1Gi'), quantityBytes('1G'), quantityBytes('500M'), quantityBytes('1e3'), quantityBytes('lots')]).toEqual([
      512 * 2 ** 20,
      2 ** 30,
      1e9,
      5e8,
      1000,
      undefined,
    ]);
  });
  test('the words after each call of a program, up to a shell separator', () => {
    expect(callsOf('until redis-cli -h cache ping; do sleep 2; done', 'redis-cli')).toEqual([['-h', 'cache', 'ping']]);
    expect(callsOf('[ "$(redis-cli -e ping)" = PONG ] && /usr/bin/redis-cli info', 'redis-cli')).toEqual([['-e', 'ping'], ['info']]);
    expect(callsOf('my-redis-cli ping', 'redis-cli')).toEqual([]);
  });
});

describe('wiring', () => {
  test('every rule of the brief is registered', () => {
    expect(Object.keys(RUNTIME_RULES).sort()).toEqual(
      [
        'namespace-protection',
        'claim-protection',
        'acme-http01',
        'image-entrypoint',
        'redis-probe',
        'pg-isready-tcp',
        'http-probe-source',
        'redis-memory',
        'celery',
        'sync-hooks',
        'worker-after-migration',
        'gate-deadline',
        'ingress-wave',
        'ingress-nginx',
        'internet-egress',
        'image-known-bad',
        'image-shadowed',
        'image-memory',
        'embedded-store',
        'scratch-memory',
        'secret-files',
        'env-file-parity',
        'image-required-env',
        'ingress-static',
        'argocd-destination',
        'priority-preemption',
        'priority-class-protection',
        'pgdata-subdirectory',
        'argocd-project',
        'argocd-cascade',
        'applicationset-automated',
      ].sort(),
    );
  });

  test('thousands of objects are checked in well under a second per thousand (indexed, not scanned per object)', () => {
    const objects = [];
    for (let n = 0; n < 100; n++) {
      const ns = `ns-${n}`;
      objects.push({ ...namespace(undefined, ns) });
      for (let i = 0; i < 10; i++) {
        const name = `svc-${i}`;
        const d = deployment(name, {
          namespace: ns,
          annotations: { 'argocd.argoproj.io/sync-wave': String(i % 3) },
          containers: [{ image: 'redis:7.4.6', args: ['--maxmemory', '10mb'], resources: { limits: { memory: '64Mi' } } }],
        });
        objects.push(d, { ...service(name), namespace: ns, body: { ...service(name).body, metadata: { name, namespace: ns } } }, { ...pvc(`data-${i}`), namespace: ns });
      }
    }
    expect(objects.length).toBeGreaterThan(3000);
    const start = Date.now();
    const findings = checkRuntime(objects);
    expect(Date.now() - start).toBeLessThan(3000);
    expect(findings.filter((f) => runtimeRuleOf(f) === 'claim-protection')).toHaveLength(1000);
  });

  describe('npm run validate', () => {
    let dir: string;
    const write = (files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    };
    const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false,Delete=false\n';
    const claim = (name: string, annotations: string, mode: string) =>
      `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n  namespace: shop\n  annotations:\n${annotations}\nspec:\n  accessModes: [${mode}]\n  resources:\n    requests:\n      storage: 1Gi\n`;
    const STORE = claim('chroma', '    argocd.argoproj.io/sync-options: Prune=false,Delete=false\n    berth.dev/embedded-store: ChromaDB PersistentClient', 'ReadWriteMany');
    const cli = () => spawnSync(process.execPath, [path.join(ROOT, 'bin/berth.js'), 'validate', dir], { encoding: 'utf8', cwd: ROOT });

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-runtime-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('validateDirectory runs the runtime rules on the YAML under a directory', () => {
      write({ 'ns.yaml': NAMESPACE.replace(/  annotations:\n.*\n/, ''), 'data.yaml': claim('data', '    berth.dev/unprotected-because: cache', 'ReadWriteOnce') });
      const findings = validateDirectory(dir, new SchemaValidator()).map((f) => `${path.basename(f.file)}: ${f.object}: ${f.field}: ${runtimeRuleOf(f)}`);
      expect(findings).toEqual([
        'ns.yaml: Namespace/shop: metadata.annotations["argocd.argoproj.io/sync-options"]: namespace-protection',
        'data.yaml: PersistentVolumeClaim/data: metadata.annotations["berth.dev/unprotected-because"]: claim-protection',
      ]);
    });

    test('warnings are printed as warnings and do not fail; errors do', () => {
      write({ 'ns.yaml': NAMESPACE, 'chroma.yaml': STORE });
      const warned = cli();
      expect(warned.status).toBe(0);
      expect(warned.stderr).toMatch(/^warning: .*chroma\.yaml: PersistentVolumeClaim\/chroma: spec\.accessModes: claim chroma holds an embedded store .* \[embedded-store\]$/m);
      expect(warned.stdout).toMatch(/passes .* \(1 warning\)/);

      write({ 'data.yaml': claim('data', '    berth.dev/owner: nobody', 'ReadWriteOnce') });
      const failed = cli();
      expect(failed.status).toBe(1);
      expect(failed.stderr).toMatch(/^warning: .*\[embedded-store\]$/m);
      expect(failed.stderr).toMatch(/^[^w].*data\.yaml: PersistentVolumeClaim\/data: .*\[claim-protection\]$/m);
      expect(failed.stderr).toContain('1 problem and 1 warning in');
    });
  });
});
