import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { delivery } from '../../charts';
import { chartSystem } from '../../lib/cli/import';
import { readCompose } from '../../lib/compose/read';
import { ComposeError } from '../../lib/compose/types';
import { ImportError, importProject } from '../../lib/import/project';
import { InvalidSystemError } from '../../lib/model/problems';
import { InvalidDescriptionError, synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { SchemaValidator } from '../../lib/validate/schema';

/**
 * Generated compose projects, and the same with random values planted at random places: `berth import` either
 * refuses with problems that name a compose or chart path, or writes a chart whose synthesized output passes
 * every validate check. Nothing else: no stack trace, no invalid manifests.
 */
const schema = new SchemaValidator();
/**
 * The same projects on every run, so CI is never red by chance: `FC_SEED=<n> npx jest test/import/property` explores
 * others (and any failure prints the seed that reproduces it).
 */
const SEED = Number(process.env.FC_SEED ?? 20261201);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-import-prop-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NAMES = ['web', 'api', 'db', 'cache', 'worker', 'queue_1'];
const IMAGES = [
  'postgres:16.4',
  'postgres',
  'redis:7.2.11-alpine',
  'redis',
  'nginx:1.27',
  'example/app:1.2.3',
  'example/app',
  'mysql:8.4',
  'busybox:1.37.0',
  'grafana/grafana:11.6.15',
];

const service = (others: readonly string[]) =>
  fc.record(
    {
      image: fc.constantFrom(...IMAGES),
      ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('8080:80', '127.0.0.1:5433:5432', '53:53/udp', '9000-9001')), { maxLength: 3 }),
      expose: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 2 }),
      environment: fc.dictionary(
        fc.constantFrom('DB_HOST', 'REDIS_URL', 'PASSWORD', 'JAVA_OPTS', 'MODE', 'API', 'dotted.name'),
        fc.oneof(fc.constantFrom(...others), fc.constantFrom('redis://cache:6379/0', 'postgres://u:pw@db/app', '-Xmx4g', 'https://api.example.com', 'x')),
        { maxKeys: 3 },
      ),
      depends_on: fc.dictionary(fc.constantFrom(...others), fc.record({ condition: fc.constantFrom('service_started', 'service_healthy', 'service_completed_successfully') }), {
        maxKeys: 2,
      }),
      volumes: fc.array(fc.constantFrom('data:/var/lib/data', '/scratch', 'data:/ro:ro'), { maxLength: 2 }),
      tmpfs: fc.array(fc.constantFrom('/run', '/tmp:size=64m'), { maxLength: 1 }),
      healthcheck: fc.oneof(
        fc.constant({ test: ['CMD', 'true'], interval: '5s' }),
        fc.constant({ test: 'pg_isready -U app', retries: 3 }),
        fc.constant({ test: ['CMD-SHELL', 'redis-cli ping'] }),
        fc.constant({ disable: true }),
      ),
      restart: fc.constantFrom('always', 'no', 'on-failure', 'unless-stopped'),
      // Another service's network namespace: a sidecar of its pod (chains and circles included).
      network_mode: fc.constantFrom(...others).map((o) => `service:${o}`),
      user: fc.constantFrom('1000', '0', 'root', 'node', '999:999'),
      command: fc.oneof(fc.constant('redis-server --appendonly yes'), fc.constant(['celery', '-A', 'app', 'worker'])),
      deploy: fc.record(
        {
          replicas: fc.integer({ min: 0, max: 3 }),
          resources: fc.record({ limits: fc.record({ memory: fc.constantFrom('64m', '512M', '2g'), cpus: fc.constantFrom('0.5', 1) }) }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['image'] },
  );

const project = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(...names.map((n) => service(names.filter((o) => o !== n).length > 0 ? names.filter((o) => o !== n) : [n]).map((s) => [n, s] as const))))
  .map((entries) => ({ services: Object.fromEntries(entries), volumes: { data: {} } }));

/** A random value planted at a random path of the document (a mutation a user's typo or a tool might make). */
const mutated = fc
  .tuple(
    project,
    fc.nat(),
    fc.constantFrom('ports', 'environment', 'depends_on', 'volumes', 'healthcheck', 'user', 'deploy', 'image', 'command', 'network_mode'),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map(([doc, i, key, value]) => {
    const names = Object.keys(doc.services);
    const name = names[i % names.length];
    return { ...doc, services: { ...doc.services, [name]: { ...doc.services[name], [key]: value } } };
  });

function outcome(doc: unknown): 'refused' | 'valid' {
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, stringify(doc));
  let chart;
  try {
    chart = importProject(readCompose({ files: [file] }), { name: 'prop', imageTemplate: 'registry.example.com/{system}/{service}:0.1.0' });
  } catch (err) {
    if (err instanceof ComposeError) {
      for (const p of err.problems) expect(p.path.length).toBeGreaterThan(0);
      return 'refused';
    }
    if (err instanceof ImportError) return 'refused';
    throw err;
  }
  let files;
  try {
    files = synthesize([chartSystem(chart)], delivery).files;
  } catch (err) {
    if (err instanceof InvalidDescriptionError || err instanceof InvalidSystemError) {
      expect(err.message).toMatch(/^\s+(services|volumes|routes|secrets|environments)\.[^:]+: /m);
      return 'refused';
    }
    throw err;
  }
  expect(validateFiles(files, schema).filter(isError).map(formatFinding)).toEqual([]);
  return 'valid';
}

describe('berth import on generated compose projects', () => {
  test('a generated project imports to valid output, or is refused with paths', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(project, (doc) => {
        seen.add(outcome(doc));
      }),
      { numRuns: 60, seed: SEED },
    );
    expect(seen.has('valid')).toBe(true); // the generator reaches valid output, not only refusals
  });

  test('a mutated project is refused or valid, never a crash', () => {
    fc.assert(
      fc.property(mutated, (doc) => {
        outcome(doc);
      }),
      { numRuns: 60, seed: SEED },
    );
  });
});
