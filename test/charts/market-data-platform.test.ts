import { parse } from 'yaml';
import { images } from '../../charts/platform';
import { envObjects, envVar, findObject, mainContainer, podSpec } from '../helpers';

const dev = envObjects('market-data-platform', 'dev');
const prod = envObjects('market-data-platform', 'prod');
const names = (objects: typeof dev, kind: string) =>
  objects
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

describe('market-data platform', () => {
  test('the documented services; TimescaleDB is the extension in the postgres workload', () => {
    expect(names(dev, 'Deployment')).toEqual(['airflow', 'backend', 'celery-beat', 'celery-worker', 'frontend', 'postgres', 'redis']);
    expect(mainContainer(findObject(dev, 'Deployment', 'postgres')).image).toBe(images.timescale15);
    expect(dev.some((o) => o.metadata.name === 'timescaledb')).toBe(false);
  });

  test('the monitoring stack is prod only', () => {
    expect(names(prod, 'Deployment')).toEqual(expect.arrayContaining(['alertmanager', 'grafana', 'prometheus']));
    expect(names(dev, 'Deployment')).not.toContain('prometheus');
  });

  test('the backend health check becomes a readiness probe plus a startup probe for its 60 s start period', () => {
    const c = mainContainer(findObject(prod, 'Deployment', 'backend'));
    const check = { httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 30, timeoutSeconds: 10, successThreshold: 1 };
    expect(c.readinessProbe).toEqual({ ...check, failureThreshold: 3 });
    // 60 s of start period at 30 s intervals, plus the 3 retries that count afterwards.
    expect(c.startupProbe).toEqual({ ...check, failureThreshold: 5 });
  });

  // The document's `maxmemory 512mb` with allkeys-lru contradicts its memory limits (128 MB dev, 600 MB prod)
  // and the broker: resolved to 75 % of each limit, and volatile-lru, which never evicts queued tasks.
  test.each([
    ['dev', dev, '96mb'],
    ['prod', prod, '450mb'],
  ])('redis 7 (%s): password by reference, maxmemory below its limit, no eviction of queued tasks', (_env, objects, maxmemory) => {
    const c = mainContainer(findObject(objects, 'Deployment', 'redis'));
    expect(c.image).toMatch(/^redis:7\./);
    expect(c.command).toBeUndefined();
    expect(c.args).toEqual(['redis-server', '--requirepass', '$(REDISCLI_AUTH)', '--maxmemory', maxmemory, '--maxmemory-policy', 'volatile-lru']);
    expect(envVar(c, 'REDISCLI_AUTH')?.valueFrom).toEqual({ secretKeyRef: { name: 'redis', key: 'password' } });
    // Dependents' gates authenticate the same way.
    const gate = podSpec(findObject(prod, 'Deployment', 'backend')).initContainers.find((g: { name: string }) => g.name === 'wait-for-redis');
    expect(envVar(gate, 'REDISCLI_AUTH')?.valueFrom).toEqual({ secretKeyRef: { name: 'redis', key: 'password' } });
  });

  test.each([
    ['postgres', '750m', '384Mi', '1000m', '512Mi'],
    ['redis', '200m', '128Mi', '250m', '600Mi'],
    ['backend', '500m', '512Mi', '1000m', '768Mi'],
    ['celery-worker', '750m', '512Mi', '1000m', '768Mi'],
  ])('%s: the dev and prod resource tables', (name, devCpu, devMem, prodCpu, prodMem) => {
    expect(mainContainer(findObject(dev, 'Deployment', name)).resources).toEqual({ requests: { cpu: devCpu, memory: devMem }, limits: { cpu: devCpu, memory: devMem } });
    expect(mainContainer(findObject(prod, 'Deployment', name)).resources).toEqual({ requests: { cpu: prodCpu, memory: prodMem }, limits: { cpu: prodCpu, memory: prodMem } });
  });

  describe('airflow', () => {
    const airflow = (objects: typeof dev) => findObject(objects, 'Deployment', 'airflow');
    test("the tables' CPU, but memory that airflow standalone can live in (the tables' 512/768 MB get it OOM-killed)", () => {
      expect(mainContainer(airflow(dev)).resources).toEqual({ requests: { cpu: '500m', memory: '1536Mi' }, limits: { cpu: '500m', memory: '2560Mi' } });
      expect(mainContainer(airflow(prod)).resources.requests.cpu).toBe('750m');
    });
    test("only what it writes is a scratch volume: the image's dags stay visible", () => {
      const mounts = mainContainer(airflow(prod)).volumeMounts.map((m: { mountPath: string }) => m.mountPath);
      expect(mounts).toEqual(['/opt/airflow/run', '/tmp']);
      const c = mainContainer(airflow(prod));
      expect(envVar(c, 'AIRFLOW__CORE__FERNET_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'airflow', key: 'fernet-key' } });
      expect(c.args).toEqual(['standalone']);
      expect(c.command).toBeUndefined();
    });
    test('its metadata database is migrated by a step it waits for, and it reaches the market-data APIs', () => {
      const init = findObject(prod, 'Job', 'airflow-init');
      expect(mainContainer(init).args).toEqual(['db', 'migrate']);
      expect(Number(airflow(prod).metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(Number(init.metadata.annotations['argocd.argoproj.io/sync-wave']));
      const egress = findObject(prod, 'NetworkPolicy', 'airflow').spec.egress;
      expect(egress.some((r: { to: { ipBlock?: unknown }[]; ports: { port: number }[] }) => r.to[0].ipBlock && r.ports[0].port === 443)).toBe(true);
    });
  });

  test('an Ingress with TLS for the frontend and the backend API', () => {
    const ingress = findObject(prod, 'Ingress', 'market-data-platform');
    expect(ingress.spec.tls[0].secretName).toBe('market-data-platform-tls');
    expect(ingress.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => `${p.path} ${p.backend.service.name}`)).toEqual([
      '/ frontend',
      '/api backend',
    ]);
  });

  test('API keys and SECRET_KEY by reference', () => {
    const c = mainContainer(findObject(prod, 'Deployment', 'backend'));
    for (const [name, key] of [
      ['ALPHA_VANTAGE_API_KEY', 'alpha-vantage'],
      ['FINNHUB_API_KEY', 'finnhub'],
      ['POLYGON_API_KEY', 'polygon'],
      ['NEWS_API_KEY', 'news'],
    ]) {
      expect(envVar(c, name)?.valueFrom).toEqual({ secretKeyRef: { name: 'market-data-api-keys', key } });
    }
    expect(envVar(c, 'SECRET_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'backend', key: 'secret-key' } });
  });

  test('prometheus scrapes the backend, and the network policy lets exactly it', () => {
    const config = parse(findObject(prod, 'ConfigMap', 'prometheus-files').data['prometheus.yml']);
    expect(config.scrape_configs.flatMap((c: { static_configs: { targets: string[] }[] }) => c.static_configs.flatMap((s) => s.targets))).toEqual(['backend:8000']);
    const from = findObject(prod, 'NetworkPolicy', 'backend').spec.ingress.flatMap((r: { from: { podSelector: { matchLabels: Record<string, string> } }[] }) =>
      r.from.map((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']),
    );
    expect(from).toContain('prometheus');
  });
});
