import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { delivery } from '../../charts';
import type { System } from '../../lib/model/types';
import { writeTree } from '../../lib/output';
import { InvalidDescriptionError, synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateDirectory } from '../../lib/validate';
import { envObjects, findNamed, findObject, mainContainer, podSpec } from '../helpers';
import { system, withService } from '../fixtures';

/**
 * `web_app` with every field a compose file can set around its process, and a one-shot step with some of them;
 * without the fixture's cache, whose Redis traps the runtime rules have tests of their own.
 */
const { web_app } = system().services;
const composed: System = withService(
  withService(
    system({
      id: 'composed',
      services: { web_app: { ...web_app, dependsOn: { migrate: 'service_completed_successfully' } } },
      secrets: { 'api-keys': { description: 'API keys', keys: { cert: { remoteKey: 'demo/cert' }, token: { remoteKey: 'demo/token' }, unused: { remoteKey: 'demo/unused' } } } },
    }),
    'web_app',
    {
      workingDir: '/srv/app',
      hostname: 'web',
      hostAliases: [
        { ip: '10.1.2.3', hostnames: ['db.internal'] },
        { ip: '10.0.0.9', hostnames: ['ldap.internal'] },
      ],
      init: true,
      sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.ipv4.ip_unprivileged_port_start': '0' },
      scratch: [{ path: '/tmp', sizeMi: 100 }, { path: '/dev/shm', sizeMi: 64, inMemory: true }, { path: '/var/cache/app' }],
      secretFiles: [
        { secret: 'api-keys', key: 'token', path: '/run/secrets/token' },
        { secret: 'api-keys', key: 'cert', path: '/etc/app/cert.pem' },
      ],
      aliases: ['web', 'frontend'],
      annotations: { 'com.example.description': 'the web app', 'example.com/team': 'shop' },
      resources: { cpu: 0.1, memoryMi: 128, memoryLimitMi: 256 },
    },
  ),
  'migrate',
  {
    kind: 'one-shot',
    oneShot: { runs: { every: 'change' } },
    annotations: { 'com.example.step': 'schema' },
    secretFiles: [{ secret: 'api-keys', key: 'token', path: '/run/secrets/token' }],
  },
);
const objects = envObjects('composed', 'dev', [composed]);
const deployment = findObject(objects, 'Deployment', 'web-app');
const pod = podSpec(deployment);
const container = mainContainer(deployment);

describe('compose fields in the manifests', () => {
  test('working_dir is the container working directory; hostname, extra_hosts and init are the pod its host name, /etc/hosts and shared process namespace', () => {
    expect(container.workingDir).toBe('/srv/app');
    expect(pod.hostname).toBe('web');
    expect(pod.hostAliases).toEqual([
      { ip: '10.0.0.9', hostnames: ['ldap.internal'] },
      { ip: '10.1.2.3', hostnames: ['db.internal'] },
    ]);
    expect(pod.shareProcessNamespace).toBe(true);
    const plain = podSpec(findObject(envObjects('demo', 'dev', [system()]), 'Deployment', 'web-app'));
    expect([plain.hostname, plain.hostAliases, plain.shareProcessNamespace, plain.securityContext.sysctls]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('sysctls are the pod security context, sorted by name', () => {
    expect(pod.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
      { name: 'net.ipv4.tcp_syncookies', value: '1' },
    ]);
  });

  test('scratch paths are emptyDirs, in memory where compose had tmpfs, bounded by their size', () => {
    const volume = (name: string) => pod.volumes.find((v: { name: string }) => v.name === name);
    expect(volume('scratch-dev-shm')).toEqual({ name: 'scratch-dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    expect(volume('scratch-tmp')).toEqual({ name: 'scratch-tmp', emptyDir: { sizeLimit: '100Mi' } });
    expect(volume('scratch-var-cache-app')).toEqual({ name: 'scratch-var-cache-app', emptyDir: {} });
    const mounts = container.volumeMounts.filter((m: { name: string }) => m.name.startsWith('scratch-'));
    expect(mounts).toEqual([
      { name: 'scratch-dev-shm', mountPath: '/dev/shm' },
      { name: 'scratch-tmp', mountPath: '/tmp' },
      { name: 'scratch-var-cache-app', mountPath: '/var/cache/app' },
    ]);
  });

  test('secret files: one volume per Secret with only the keys mounted, each key a read-only file at its path, readable through the fsGroup', () => {
    expect(pod.volumes.find((v: { name: string }) => v.name === 'secret-api-keys')).toEqual({
      name: 'secret-api-keys',
      secret: {
        secretName: 'api-keys',
        defaultMode: 0o440,
        items: [
          { key: 'cert', path: 'cert' },
          { key: 'token', path: 'token' },
        ],
      },
    });
    expect(container.volumeMounts.filter((m: { name: string }) => m.name === 'secret-api-keys')).toEqual([
      { name: 'secret-api-keys', mountPath: '/etc/app/cert.pem', subPath: 'cert', readOnly: true },
      { name: 'secret-api-keys', mountPath: '/run/secrets/token', subPath: 'token', readOnly: true },
    ]);
    expect(pod.securityContext.fsGroup).toBe(1000);
    const es = findObject(objects, 'ExternalSecret', 'api-keys');
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['cert', 'token', 'unused']);
  });

  test('each alias is a Service of the same pods and ports', () => {
    const own = findObject(objects, 'Service', 'web-app');
    for (const alias of ['frontend', 'web']) {
      const svc = findObject(objects, 'Service', alias);
      expect(svc.spec).toEqual(own.spec);
      expect(svc.metadata.labels).toEqual(own.metadata.labels);
      expect(svc.metadata.annotations['berth.dev/alias-of']).toBe('web-app');
      expect(svc.path).toBe(own.path);
    }
  });

  test("labels are annotations of the workload and of its pods, beside berth's own", () => {
    for (const annotations of [deployment.metadata.annotations, deployment.spec.template.metadata.annotations]) {
      expect(annotations).toMatchObject({ 'com.example.description': 'the web app', 'example.com/team': 'shop' });
    }
    expect(deployment.metadata.annotations['berth.dev/compose-service']).toBe('web_app');
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]+$/);
    const job = findNamed(objects, 'Job', 'migrate');
    expect(job.metadata.annotations['com.example.step']).toBe('schema');
    expect(job.spec.template.metadata.annotations).toEqual({ 'com.example.step': 'schema' });
  });

  test('the output passes npm run validate: schema, references, restricted policy and runtime rules', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-compose-'));
    try {
      writeTree(out, synthesize([composed], delivery).files);
      const findings = validateDirectory(path.join(out, 'composed', 'dev'))
        .filter(isError)
        .map(formatFinding);
      expect(findings).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('compose fields: either rejected or a pod the API server takes', () => {
  // A few path pieces that slug alike (`.a`, `a`, `a-b`, `a/b`), so paths and volume names collide often.
  const piece = fc.constantFrom('a', '.a', 'a-b', 'a/b', 'tmp', 'run/secrets');
  const abs = piece.map((p) => `/${p}`);
  const input = fc.record({
    writable: fc.array(abs, { maxLength: 2 }),
    scratch: fc.array(fc.record({ path: abs, sizeMi: fc.integer({ min: 1, max: 300 }), inMemory: fc.boolean() }), { maxLength: 3 }),
    secretFiles: fc.array(fc.record({ key: fc.constantFrom('cert', 'token'), path: abs }), { maxLength: 3 }),
  });

  test('every mount has one path and names a volume of the pod; every volume has one name', () => {
    let [accepted, rejected] = [0, 0];
    fc.assert(
      fc.property(input, ({ writable, scratch, secretFiles }) => {
        const s = withService(composed, 'web_app', {
          runAs: { uid: 1000, writablePaths: writable },
          scratch,
          secretFiles: secretFiles.map((f) => ({ ...f, secret: 'api-keys' })),
        });
        let files;
        try {
          files = synthesize([s], delivery).files;
        } catch (err) {
          if (err instanceof InvalidDescriptionError) return void rejected++;
          throw err;
        }
        accepted++;
        const web = parseAllDocuments(files.find((f) => f.path === 'composed/dev/web-app.yaml')!.content)
          .map((d) => d.toJS())
          .find((o) => o.kind === 'Deployment');
        const volumes: string[] = (web.spec.template.spec.volumes ?? []).map((v: { name: string }) => v.name);
        const mounts: { name: string; mountPath: string }[] = web.spec.template.spec.containers[0].volumeMounts ?? [];
        expect(new Set(volumes).size).toBe(volumes.length);
        expect(new Set(mounts.map((m) => m.mountPath)).size).toBe(mounts.length);
        for (const m of mounts) expect(volumes).toContain(m.name);
      }),
      { numRuns: 150 },
    );
    // Both sides are exercised: descriptions that render, and collisions that validation stops.
    expect([accepted > 20, rejected > 20]).toEqual([true, true]);
  });
});
