import { systems } from '../../charts';
import { explain } from '../../lib/cli/explain';
import { type Provenance, provenance } from '../../lib/explain/provenance';
import { findImage } from '../../lib/images';
import { wholeSources } from '../../lib/explain/sources';
import { resolveSystem } from '../../lib/model/resolve';
import { resolveAll } from '../../lib/synthesize';
import { podTemplateOf } from '../../lib/validate/pods';
import { env, sidecarSystem, system, withService } from '../fixtures';
import { envObjects, loaded } from '../helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects as YAML gives them */

const byField = (rows: readonly Provenance[]) => new Map(rows.map((r) => [r.field, r]));

describe('explain: values a service takes whole', () => {
  test("a sidecar's env file, configuration file and secret file, each with where the chart asks for it and where it comes from", () => {
    const chart = sidecarSystem();
    const resolved = resolveSystem(chart, 'dev');
    const rows = byField(
      wholeSources(
        chart,
        resolved,
        resolved.services.find((s) => s.name === 'vpn')!,
      ),
    );
    expect(rows.get('torrent: envFrom torrent-env')).toEqual({
      field: 'torrent: envFrom torrent-env',
      value: 'every variable of secret torrent-env',
      source: 'chart',
      where: "services.vpn.sidecars.torrent.envFiles, loaded whole from the store's key pod/torrent-env (ClusterSecretStore test-store)",
    });
    expect(rows.get('torrent: file /config/torrent.conf')).toMatchObject({
      value: 'ConfigMap vpn-files, key torrent.torrent.conf (1 line)',
      where: 'services.vpn.sidecars.torrent.configFiles[0]',
    });
    expect(rows.get('torrent: file /run/secrets/webui')).toMatchObject({
      value: 'secret vpn, key webui-password',
      where: "services.vpn.sidecars.torrent.secretFiles[0], from the store's key pod/webui (ClusterSecretStore test-store)",
    });
  });

  test.each(resolveAll(systems).map((s) => [`${s.id}/${s.environment}`, s] as const))(
    '%s: every envFrom and every file mounted from a ConfigMap or Secret in dist/ has its row, naming the same origin',
    (_, s) => {
      const chart = systems.find((c) => c.id === s.id)!;
      const objects = loaded(envObjects(s.id, s.environment));
      const stores = new Map(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => [o.name, o.body.spec]));
      for (const o of objects) {
        const pod = podTemplateOf(o)?.template.spec;
        const svc = s.services.find((x) => x.name === o.body.metadata.labels['app.kubernetes.io/name']);
        if (!pod || !svc) continue;
        const rows = byField(wholeSources(chart, s, svc));
        for (const c of pod.containers) {
          const prefix = c.name === svc.name ? '' : `${c.name}: `;
          for (const e of c.envFrom ?? []) {
            const store: any = stores.get(e.secretRef!.name!);
            expect(rows.get(`${prefix}envFrom ${e.secretRef!.name!}`)?.where).toContain(
              `the store's key ${store.dataFrom[0].extract.key} (${store.secretStoreRef.kind} ${store.secretStoreRef.name})`,
            );
          }
          for (const m of c.volumeMounts ?? []) {
            const volume = pod.volumes!.find((v) => v.name === m.name)!;
            if (volume.configMap) expect(rows.get(`${prefix}file ${m.mountPath}`)?.value).toMatch(new RegExp(`^ConfigMap ${volume.configMap.name}, key ${m.subPath} \\(`));
            if (volume.secret) expect(rows.get(`${prefix}file ${m.mountPath}`)?.value).toBe(`secret ${volume.secret.secretName}, key ${m.subPath}`);
          }
        }
      }
    },
  );
});

describe('explain: each value labelled with its true source', () => {
  const rows = (chart: ReturnType<typeof system>, name: string, catalog?: Parameters<typeof provenance>[3]) =>
    byField(
      provenance(
        chart,
        'dev',
        resolveSystem(chart, 'dev').services.find((s) => s.name === name)!,
        catalog,
      ),
    );

  test('a compose host name rewritten to its Service name says so, with the value as written', () => {
    const chart = withService(system(), 'web_app', { env: { SELF_URL: 'http://web_app:8080', CACHE_URL: 'redis://cache:6379/0' } });
    const web = rows(chart, 'web-app');
    expect(web.get('env.SELF_URL')).toEqual({
      field: 'env.SELF_URL',
      value: '"http://web-app:8080"',
      source: 'chart',
      note: 'host rewritten from "http://web_app:8080"',
      where: 'services.web_app.env.SELF_URL',
    });
    expect(web.get('env.CACHE_URL')).not.toHaveProperty('note');
  });

  test("a setting the catalog gives the image is the catalog's; so is its fsGroup, which the chart never set", () => {
    const chart = withService(system(), 'web_app', { env: { LOG_MODE: 'console', OTHER: 'x' }, runAs: { uid: 1000, fsGroup: 3000 } });
    const catalog = () => ({ env: { LOG_MODE: 'console', OTHER: 'y' }, fsGroup: 3000 });
    const web = rows(chart, 'web-app', catalog);
    expect(web.get('env.LOG_MODE')).toMatchObject({ source: 'catalog', where: "the image catalog's entry for example/app:1.0.0 (env LOG_MODE)" });
    expect(web.get('env.OTHER')).toMatchObject({ source: 'chart' }); // another value than the catalog's
    expect(web.get('runAs.fsGroup')).toMatchObject({ value: '3000', source: 'catalog' });
    expect(rows(chart, 'web-app').get('runAs.fsGroup')).toMatchObject({ source: 'chart' });
  });

  test('--maxmemory is computed from the memory limit this environment resolves', () => {
    const chart = {
      ...withService(system(), 'cache', { command: ['redis-server', '--maxmemory', '{{berth.maxmemory}}'], resources: { cpu: 0.1, memoryMi: 64, memoryLimitMi: 128 } }),
      environments: { dev: { ...env, services: { cache: { resources: { cpu: 0.1, memoryMi: 512, memoryLimitMi: 600 } } } } },
    };
    const cache = rows(chart, 'cache');
    expect(cache.get('command')).toMatchObject({ value: '["redis-server","--maxmemory","450mb"]', source: 'chart', note: '{{berth.maxmemory}} filled in' });
    expect(cache.get('{{berth.maxmemory}}')).toMatchObject({ value: '450mb', source: 'computed', where: expect.stringMatching(/^75 % of resources.memoryLimitMi \(600\)/) });
    expect(cache.get('resources.memoryLimitMi')).toMatchObject({ value: '600', source: 'environment' });
  });

  test('the replicas of a singleton are exactly 1 because it is one', () => {
    const chart = withService(system(), 'web_app', { singleton: true });
    expect(rows(chart, 'web-app').get('replicas')).toEqual({ field: 'replicas', value: '1', source: 'chart', where: 'services.web_app.singleton (singleton: exactly 1)' });
    expect(rows(system(), 'web-app').get('replicas')).toMatchObject({ source: 'default' });
  });
});

test("explain --service: the image catalog's settings and fsGroup are the catalog's, as the charts take them", () => {
  const cases = resolveAll(systems).flatMap((s) =>
    s.services.flatMap((svc) => {
      const entry = findImage(svc.image);
      const settings = Object.entries(entry?.env ?? {}).filter(([k, v]) => svc.env.some((e) => e.name === k && e.value.kind === 'plain' && e.value.value === v));
      return settings.length > 0 || entry?.user.fsGroup === svc.runAs.fsGroup ? [{ s, svc, settings }] : [];
    }),
  );
  expect(cases.length).toBeGreaterThan(0);
  for (const { s, svc, settings } of cases) {
    const lines = explain(s.id, { env: s.environment, service: svc.composeName }).split('\n');
    const row = (field: string) => lines.find((l) => l.startsWith(`  ${field} `)) ?? `no row ${field}`;
    for (const [name] of settings) expect(row(`env.${name}`)).toMatch(/ {2}catalog: the image catalog's entry for /);
    if (findImage(svc.image)?.user.fsGroup === svc.runAs.fsGroup) expect(row('runAs.fsGroup')).toMatch(/ {2}catalog: /);
  }
});
