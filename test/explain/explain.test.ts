import { systems } from '../../charts';
import { explain, run } from '../../lib/cli/explain';
import { provenance } from '../../lib/explain/provenance';
import { resolveSystem } from '../../lib/model/resolve';
import { allowedPaths } from '../../lib/network/paths';
import { overviewTables } from '../../lib/overview/tables';
import { resolveAll } from '../../lib/synthesize';
import { env, system, withService } from '../fixtures';
import { envObjects, loaded } from '../helpers';

describe('where each value comes from', () => {
  const chart = {
    ...withService(system(), 'web_app', { replicas: 2, env: { CACHE_URL: 'redis://cache:6379/0', MODE: 'fast' } }),
    environments: { dev: { ...env, services: { web_app: { replicas: 3, env: { MODE: 'slow' } } } } },
  };
  const resolved = resolveSystem(chart, 'dev');
  const rows = (name: string, catalog?: Parameters<typeof provenance>[3]) =>
    Object.fromEntries(
      provenance(
        chart,
        'dev',
        resolved.services.find((s) => s.name === name)!,
        catalog,
      ).map((r) => [r.field, [r.value, r.source, r.where]]),
    );

  test('the environment override wins over the chart, the chart over the default, and each says where', () => {
    const web = rows('web-app');
    expect(web.replicas).toEqual(['3', 'environment', 'environments.dev.services.web_app.replicas']);
    expect(web['env.MODE']).toEqual(['"slow"', 'environment', 'environments.dev.services.web_app.env.MODE']);
    expect(web['env.CACHE_URL']).toEqual(['"redis://cache:6379/0"', 'chart', 'services.web_app.env.CACHE_URL']);
    expect(web.image).toEqual(['example/app:1.0.0', 'chart', 'services.web_app.image']);
    expect(web.tier).toEqual(['important', 'default', 'important unless set']);
    expect(web['healthCheck.intervalSeconds']).toEqual(['10', 'chart', 'services.web_app.healthCheck.intervalSeconds']);
    expect(web['resources.memoryLimitMi']).toEqual(['64', 'default', 'the memory request']);
    expect(web['runAs.gid']).toEqual(['1000', 'default', 'the uid']);
  });

  test('a value that is the image catalog’s is reported as the catalog’s', () => {
    const cache = rows('cache', (image) => (image.startsWith('redis:') ? { uid: 1000 } : undefined));
    expect(cache['runAs.uid']).toEqual(['1000', 'catalog', "the image catalog's entry for redis:7.2.4-alpine"]);
    expect(rows('cache')['runAs.uid']).toEqual(['1000', 'chart', 'services.cache.runAs.uid']);
  });

  test('a value from an external endpoint is the environment’s', () => {
    const mn = systems.find((s) => s.id === 'marketnavigator')!;
    const prod = resolveSystem(mn, 'prod');
    const backend = provenance(
      mn,
      'prod',
      prod.services.find((s) => s.name === 'backend')!,
    );
    expect(backend.find((r) => r.field === 'env.DB_HOST')).toMatchObject({ source: 'environment', where: 'environments.prod.externals.postgres.host' });
  });
});

describe('berth explain', () => {
  test.each(resolveAll(systems).map((s) => [`${s.id}/${s.environment}`, s] as const))('%s: the tables of the overview and every allowed path', (_, s) => {
    const text = explain(s.id, { env: s.environment, width: 100 });
    for (const t of overviewTables(s)) {
      expect(text).toContain(`\n${t.title}\n`);
      for (const row of t.rows) expect(text).toContain(row[0]);
    }
    for (const p of allowedPaths(loaded(envObjects(s.id, s.environment)))) expect(text).toContain(`  ${p.from} → ${p.to} ${p.port}\n`.trimEnd());
  });

  test('one service: its values, gates, who may reach it and what it may reach, read from the NetworkPolicies', () => {
    const text = explain('marketnavigator', { env: 'prod', service: 'backend' });
    const section = (title: string) => text.split(`\n\n${title}`)[1].split('\n\n')[0].split('\n').slice(1);
    expect(section('Reached by')).toEqual(['  frontend: 8000/TCP', '  ingress-nginx/app.kubernetes.io/name=ingress-nginx: 8000/TCP']);
    expect(section('May reach')).toContain('  redis: 6379/TCP');
    expect(section('Waits for')).toEqual([
      '  crunchbase-api started (TCP crunchbase-api:8003)',
      '  minio healthy (GET http://minio:9000/minio/health/live)',
      expect.stringMatching(/^ {2}redis healthy \(sh -c .* in redis:/),
      '  tracxn-api started (TCP tracxn-api:8008)',
    ]);
    expect(section('Warnings and findings')).toEqual(['  marketnavigator/prod: backend: development bind mount ./backend → /app dropped (Kubernetes runs the built image)']);
    expect(text).toContain('env.DB_HOST');
    // The backend's own .env, loaded whole, is a source of its values too.
    expect(section('Where each value comes from')).toContainEqual(
      expect.stringMatching(
        /^ {2}envFrom backend-env +every variable of secret backend-env +chart: services.backend.envFiles, loaded whole from the store's key marketnavigator\/prod\/backend-env/,
      ),
    );
  });

  test('exemptions apply to the service that has them, and a compose name finds the service too', () => {
    expect(explain('enterprise-scanner', { service: 'node_exporter' })).toMatch(/\nExemptions\n {2}host-access: /);
    expect(explain('marketnavigator', { env: 'prod', service: 'crunchbase_api' })).toMatch(/^crunchbase-api in marketnavigator\/prod/);
  });

  test('a service described but not deployed in the environment says so', () => {
    expect(explain('marcus-ecommerce', { env: 'prod', service: 'seed_db' })).toBe(
      'seed_db is described in marcus-ecommerce but not deployed in prod (enabled: false, or onlyIn other environments)',
    );
  });

  test('unknown names are clear errors, with what is known', () => {
    expect(() => explain('nope', {})).toThrow('no system "nope" (known: marketnavigator, marcus-ecommerce, market-data-platform, enterprise-scanner)');
    expect(() => explain('marketnavigator', { env: 'staging' })).toThrow('system "marketnavigator" has no environment "staging" (known: dev, prod)');
    expect(() => explain('marketnavigator', { service: 'ghost' })).toThrow(/^no service "ghost" in marketnavigator \(known: backend, celery-beat, /);
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(run([])).toBe(2);
      expect(run(['marketnavigator', '--bogus'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors[0]).toMatch(/^berth explain: which system\? give its id\n\nusage: berth explain/);
    expect(errors[1]).toMatch(/^berth explain: Unknown option '--bogus'/);
  });
});
