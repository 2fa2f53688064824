import { pgdataSubdirectory, scratchMemory, secretFiles } from '../../lib/validate/runtime';
import { configMap, deployment, expectOne, lines, obj } from './runtime-fixtures';

const app = (mounts: { name: string; mountPath: string; subPath?: string }[], memory = '256Mi') => ({
  image: 'example/app:1.0.0',
  resources: { limits: { memory } },
  volumeMounts: mounts,
});

describe('[scratch-memory] in-memory emptyDirs are bounded, below the memory limit of who mounts them', () => {
  test('a memory emptyDir without a sizeLimit is reported, with the fix', () => {
    const objects = [deployment('web', { containers: [app([{ name: 'shm', mountPath: '/dev/shm' }])], volumes: [{ name: 'shm', emptyDir: { medium: 'Memory' } }] })];
    expectOne(
      scratchMemory(objects),
      'scratch-memory',
      'Deployment/web',
      'spec.template.spec.volumes[0].emptyDir.sizeLimit',
      'emptyDir shm is in memory without a sizeLimit',
      'set a sizeLimit',
    );
  });

  test('sizes that fill the memory limit of the container that mounts them are reported on its limit', () => {
    const objects = [
      deployment('web', {
        containers: [
          app(
            [
              { name: 'shm', mountPath: '/dev/shm' },
              { name: 'run', mountPath: '/run' },
            ],
            '192Mi',
          ),
          app([{ name: 'shm', mountPath: '/dev/shm' }], '1Gi'),
        ],
        volumes: [
          { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } },
        ],
      }),
    ];
    expect(lines(scratchMemory(objects))).toEqual([
      'Deployment/web: spec.template.spec.containers[0].resources.limits.memory: 192Mi, but the in-memory emptyDirs it mounts (shm, run) may hold 192Mi: filling them leaves the process nothing and gets the container OOM-killed; raise the limit above 192Mi plus what the process needs, or lower their sizeLimit [scratch-memory]',
    ]);
  });

  test('bounded sizes below the limit, and emptyDirs on disk, pass', () => {
    const objects = [
      deployment('web', {
        containers: [
          app([
            { name: 'shm', mountPath: '/dev/shm' },
            { name: 'tmp', mountPath: '/tmp' },
          ]),
        ],
        volumes: [
          { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'tmp', emptyDir: {} },
        ],
      }),
    ];
    expect(scratchMemory(objects)).toEqual([]);
  });
});

describe('[secret-files] a Secret key mounted as a file is there and readable', () => {
  const external = obj('ExternalSecret', 'api-keys', { spec: { target: { name: 'api-keys' }, data: [{ secretKey: 'token', remoteRef: { key: 'demo/token' } }] } });
  const web = (volume: Record<string, unknown>, subPath: string | undefined, securityContext: Record<string, unknown> = { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 }) => {
    const d = deployment('web', {
      containers: [app([{ name: 'keys', mountPath: '/run/secrets/token', ...(subPath ? { subPath } : {}) }])],
      volumes: [{ name: 'keys', secret: volume }],
    });
    d.body.spec.template.spec.securityContext = securityContext;
    return d;
  };

  test('a subPath the volume does not project is reported', () => {
    const objects = [external, web({ secretName: 'api-keys', items: [{ key: 'token', path: 'token' }] }, 'tokn')];
    expectOne(
      secretFiles(objects),
      'secret-files',
      'Deployment/web',
      'spec.template.spec.containers[0].volumeMounts[0].subPath',
      'tokn is no file of Secret api-keys',
      'projects only token',
    );
  });

  test('without items, a subPath that is no key of the ExternalSecret is reported', () => {
    const objects = [external, web({ secretName: 'api-keys' }, 'password')];
    expectOne(secretFiles(objects), 'secret-files', 'Deployment/web', 'spec.template.spec.containers[0].volumeMounts[0].subPath', 'gets only the keys token');
  });

  test('owner-only files without an fsGroup are unreadable by a non-root UID', () => {
    const objects = [external, web({ secretName: 'api-keys', defaultMode: 0o400, items: [{ key: 'token', path: 'token' }] }, 'token', { runAsUser: 1000, runAsGroup: 1000 })];
    expectOne(
      secretFiles(objects),
      'secret-files',
      'Deployment/web',
      'spec.template.spec.containers[0].volumeMounts[0]',
      'mode 0400 and owned by root, and the pod has no fsGroup: UID 1000 cannot read them',
      'set securityContext.fsGroup',
    );
  });

  test("berth's shape passes: projected keys, 0440, an fsGroup; so does the default mode without one", () => {
    expect(secretFiles([external, web({ secretName: 'api-keys', defaultMode: 0o440, items: [{ key: 'token', path: 'token' }] }, 'token')])).toEqual([]);
    expect(secretFiles([external, web({ secretName: 'api-keys' }, 'token', { runAsUser: 1000, runAsGroup: 1000 })])).toEqual([]);
  });
});

describe('[pgdata-subdirectory] PostgreSQL keeps its data in a subdirectory of its claim', () => {
  const postgres = (env: Record<string, unknown>[]) =>
    deployment('db', {
      containers: [{ image: 'postgres:16.4-alpine', env, volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });

  test("the image's default data directory on the claim's root is reported with the fix", () => {
    expectOne(
      pgdataSubdirectory([postgres([])]),
      'pgdata-subdirectory',
      'Deployment/db',
      'spec.template.spec.containers[0].env',
      'the mount point of claim volume data itself',
      '/var/lib/postgresql/data/pgdata',
    );
  });

  test('PGDATA from a ConfigMap is read where the container reads it', () => {
    const env = [{ name: 'PGDATA', valueFrom: { configMapKeyRef: { name: 'db-config', key: 'PGDATA' } } }];
    expect(pgdataSubdirectory([postgres(env), configMap('db-config', { PGDATA: '/var/lib/postgresql/data/pgdata' })])).toEqual([]);
    expect(lines(pgdataSubdirectory([postgres(env), configMap('db-config', { PGDATA: '/var/lib/postgresql/data/' })]))).toHaveLength(1);
  });

  test('a subdirectory passes, and so does an image that is not PostgreSQL', () => {
    expect(pgdataSubdirectory([postgres([{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }])])).toEqual([]);
    const other = deployment('cache', {
      containers: [{ image: 'redis:7.2.11', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });
    expect(pgdataSubdirectory([other])).toEqual([]);
  });
});
