import { envObjects, envVar, findObject, mainContainer, podSpec } from '../helpers';

const dev = envObjects('market-data-platform', 'dev');
const prod = envObjects('market-data-platform', 'prod');
const names = (objects: typeof dev, kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

describe('market-data platform', () => {
  test.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s snapshot', (_env, objects) => {
    expect(objects.map((o) => `${o.path} ${o.kind}/${o.metadata.name}`)).toMatchSnapshot();
  });

  test('the documented services; TimescaleDB is the extension in the postgres workload', () => {
    expect(names(dev, 'Deployment')).toEqual(['airflow', 'backend', 'celery-beat', 'celery-worker', 'frontend', 'postgres', 'redis']);
    expect(mainContainer(findObject(dev, 'Deployment', 'postgres')).image).toBe('timescale/timescaledb:2.16.1-pg15');
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

  test('redis 7 with a password by reference, maxmemory 512mb and allkeys-lru', () => {
    const c = mainContainer(findObject(prod, 'Deployment', 'redis'));
    expect(c.image).toMatch(/^redis:7\./);
    expect(c.command).toEqual(['redis-server', '--requirepass', '$(REDISCLI_AUTH)', '--maxmemory', '512mb', '--maxmemory-policy', 'allkeys-lru']);
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
    ['airflow', '500m', '512Mi', '750m', '768Mi'],
  ])('%s: the dev and prod resource tables', (name, devCpu, devMem, prodCpu, prodMem) => {
    expect(mainContainer(findObject(dev, 'Deployment', name)).resources).toEqual({ requests: { cpu: devCpu, memory: devMem }, limits: { cpu: devCpu, memory: devMem } });
    expect(mainContainer(findObject(prod, 'Deployment', name)).resources).toEqual({ requests: { cpu: prodCpu, memory: prodMem }, limits: { cpu: prodCpu, memory: prodMem } });
  });

  test('an Ingress with TLS for the frontend and the backend API', () => {
    const ingress = findObject(prod, 'Ingress', 'market-data-platform');
    expect(ingress.spec.tls[0].secretName).toBe('market-data-platform-tls');
    expect(ingress.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => `${p.path} ${p.backend.service.name}`)).toEqual(['/ frontend', '/api backend']);
  });

  test('API keys and SECRET_KEY by reference', () => {
    const c = mainContainer(findObject(prod, 'Deployment', 'backend'));
    for (const [name, key] of [['ALPHA_VANTAGE_API_KEY', 'alpha-vantage'], ['FINNHUB_API_KEY', 'finnhub'], ['POLYGON_API_KEY', 'polygon'], ['NEWS_API_KEY', 'news']]) {
      expect(envVar(c, name)?.valueFrom).toEqual({ secretKeyRef: { name: 'market-data-api-keys', key } });
    }
    expect(envVar(c, 'SECRET_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'backend', key: 'secret-key' } });
  });

  test('prometheus scrapes the backend, and the network policy lets exactly it', () => {
    expect(findObject(prod, 'ConfigMap', 'prometheus-files').data['prometheus.yml']).toContain("targets: ['backend:8000']");
    const from = findObject(prod, 'NetworkPolicy', 'backend').spec.ingress.flatMap((r: { from: { podSelector: { matchLabels: Record<string, string> } }[] }) => r.from.map((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']));
    expect(from).toContain('prometheus');
  });
});
