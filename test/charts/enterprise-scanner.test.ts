import { configValue, envObjects, findObject, mainContainer, podSpec } from '../helpers';

const prod = envObjects('enterprise-scanner', 'prod');
const gates = (kind: string, name: string) => (podSpec(findObject(prod, kind, name)).initContainers ?? []).map((c: { name: string }) => c.name);

describe('Enterprise Scanner', () => {
  test('postgres with pg_isready and redis with redis-cli PING', () => {
    // Over TCP (the first-boot server answers on the socket during initdb), and PONG compared, not the exit code.
    expect(mainContainer(findObject(prod, 'Deployment', 'postgres')).readinessProbe.exec.command).toEqual(['sh', '-c', 'pg_isready -h 127.0.0.1 -p 5432 -d enterprisescanner']);
    expect(mainContainer(findObject(prod, 'Deployment', 'redis')).readinessProbe.exec.command).toEqual(['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 -p 6379 ping)" = PONG ]']);
  });

  test('pgbouncer on 6432, gated on postgres being healthy', () => {
    expect(findObject(prod, 'Service', 'pgbouncer').spec.ports[0].port).toBe(6432);
    expect(gates('Deployment', 'pgbouncer')).toEqual(['wait-for-postgres']);
  });

  test('exporters on 9121, 9100 and 9187, each gated on its target; prometheus scrapes all three', () => {
    expect(findObject(prod, 'Service', 'redis-exporter').spec.ports[0].port).toBe(9121);
    expect(findObject(prod, 'Service', 'postgres-exporter').spec.ports[0].port).toBe(9187);
    expect(findObject(prod, 'Service', 'node-exporter').spec.ports[0].port).toBe(9100);
    expect(gates('Deployment', 'redis-exporter')).toEqual(['wait-for-redis']);
    expect(gates('Deployment', 'postgres-exporter')).toEqual(['wait-for-postgres']);
    const config = findObject(prod, 'ConfigMap', 'prometheus-files').data['prometheus.yml'];
    for (const target of ['redis-exporter:9121', 'postgres-exporter:9187', 'port: 9100']) expect(config).toContain(target);
  });

  test('node-exporter is a DaemonSet in the privileged companion namespace, with a headless Service', () => {
    const ds = findObject(prod, 'DaemonSet', 'node-exporter');
    expect(ds.metadata.namespace).toBe('enterprise-scanner-prod-host');
    expect(ds.metadata.annotations['policy.berth.dev/exempt']).toMatch(/^host-access: /);
    expect(podSpec(ds).volumes.every((v: { hostPath?: unknown }) => v.hostPath)).toBe(true);
    expect(mainContainer(ds).volumeMounts.every((m: { readOnly: boolean }) => m.readOnly)).toBe(true);
    expect(findObject(prod, 'Service', 'node-exporter').spec.clusterIP).toBe('None');
    const hostNs = findObject(prod, 'Namespace', 'enterprise-scanner-prod-host');
    expect(hostNs.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(hostNs.metadata.annotations['policy.berth.dev/privileged-because']).toContain('node-exporter: ');
    expect(findObject(prod, 'Namespace', 'enterprise-scanner-prod').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the static site runs on an unprivileged web server', () => {
    const site = findObject(prod, 'Deployment', 'site');
    expect(podSpec(site).securityContext.runAsUser).toBe(101);
    expect(mainContainer(site).ports[0].containerPort).toBe(8080);
  });

  test('one Ingress for enterprisescanner.com: / → site, /grafana → grafana:3000, and Grafana knows its sub-path', () => {
    const ingress = findObject(prod, 'Ingress', 'enterprise-scanner');
    expect(ingress.spec.tls).toEqual([{ hosts: ['enterprisescanner.com'], secretName: 'enterprise-scanner-tls' }]);
    expect(
      ingress.spec.rules[0].http.paths.map(
        (p: { path: string; backend: { service: { name: string; port: { number: number } } } }) => `${p.path} → ${p.backend.service.name}:${p.backend.service.port.number}`,
      ),
    ).toEqual(['/ → site:8080', '/grafana → grafana:3000']);
    const grafana = findObject(prod, 'Deployment', 'grafana');
    expect(configValue(prod, grafana, 'GF_SERVER_ROOT_URL')).toBe('https://enterprisescanner.com/grafana/');
    expect(configValue(prod, grafana, 'GF_SERVER_SERVE_FROM_SUB_PATH')).toBe('true');
    expect(mainContainer(grafana).readinessProbe.httpGet.path).toBe('/grafana/api/health');
  });

  test('the Flask app is described but not deployed', () => {
    expect(prod.some((o) => o.metadata.name === 'flask')).toBe(false);
  });

  test('the dependency matrix tiers become PriorityClasses', () => {
    const priority = (kind: string, name: string) => podSpec(findObject(prod, kind, name)).priorityClassName;
    expect(priority('Deployment', 'postgres')).toBe('berth-critical');
    expect(priority('Deployment', 'site')).toBe('berth-critical');
    expect(priority('Deployment', 'redis')).toBe('berth-important');
    expect(priority('Deployment', 'pgbouncer')).toBe('berth-important');
    expect(priority('Deployment', 'grafana')).toBe('berth-non-critical');
    expect(priority('DaemonSet', 'node-exporter')).toBe('berth-non-critical');
  });
});
