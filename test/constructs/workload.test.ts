import type { System } from '../../lib/model/types';
import { envObjects, findObject, mainContainer, podSpec } from '../helpers';
import { service, system, withService } from '../fixtures';

const base = system();
const objectsOf = (s: System) => envObjects(s.id, 'dev', [s]);

describe('workloads from the model', () => {
  const demo = objectsOf(base);

  test('a start period becomes a startup probe; liveness only when asked for', () => {
    const c = mainContainer(findObject(demo, 'Deployment', 'web-app'));
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6, successThreshold: 1 });
    // ceil(45 / 10) = 5 periods of start, then the 6 retries.
    expect(c.startupProbe.failureThreshold).toBe(11);
    expect(c.livenessProbe).toBeUndefined();
    const withLiveness = objectsOf(
      system({ id: 'live', services: { ...base.services, cache: { ...base.services.cache, healthCheck: { ...base.services.cache.healthCheck!, liveness: true } } } }),
    );
    expect(mainContainer(findObject(withLiveness, 'Deployment', 'cache')).livenessProbe).toEqual(mainContainer(findObject(withLiveness, 'Deployment', 'cache')).readinessProbe);
  });

  test('a service_healthy gate runs the remote client with {{berth.host}} and {{berth.port}} filled in', () => {
    const gate = podSpec(findObject(demo, 'Deployment', 'web-app')).initContainers[0];
    expect(gate.name).toBe('wait-for-cache');
    expect(gate.command.slice(4)).toEqual(['redis-cli', '-h', 'cache', '-p', '6379', 'ping']);
    expect(gate.securityContext).toMatchObject({ runAsUser: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  test('CMD-SHELL runs via sh -c', () => {
    const s = system({
      id: 'shell',
      services: {
        ...base.services,
        cache: { ...base.services.cache, healthCheck: { ...base.services.cache.healthCheck!, test: { kind: 'shell', script: 'redis-cli ping | grep PONG' } } },
      },
    });
    expect(mainContainer(findObject(objectsOf(s), 'Deployment', 'cache')).readinessProbe.exec.command).toEqual(['sh', '-c', 'redis-cli ping | grep PONG']);
  });

  test('autoscaling adds an HPA and a budget, and leaves replicas to the autoscaler', () => {
    const s = withService({ ...base, id: 'scaled' }, 'web_app', { autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 } });
    const objects = objectsOf(s);
    expect(findObject(objects, 'Deployment', 'web-app').spec.replicas).toBeUndefined();
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'web-app').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-app' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'web-app').spec.maxUnavailable).toBe(1);
  });

  test('a scheduled service becomes a CronJob that never overlaps', () => {
    const s = system({ id: 'cron', services: { ...base.services, report: service({ kind: 'scheduled', schedule: '0 3 * * *' }) } });
    const cron = findObject(objectsOf(s), 'CronJob', 'report');
    expect(cron.spec.schedule).toBe('0 3 * * *');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(podSpec(cron).restartPolicy).toBe('Never');
  });

  test('config files are mounted read-only from a ConfigMap, and changing one rolls the pods', () => {
    const withFile = (content: string) =>
      objectsOf(
        system({ id: `files-${content.length}`, services: { ...base.services, cache: { ...base.services.cache, configFiles: [{ path: '/etc/app/app.conf', content }] } } }),
      );
    const a = withFile('a=1\n');
    expect(findObject(a, 'ConfigMap', 'cache-files').data).toEqual({ 'app.conf': 'a=1\n' });
    expect(mainContainer(findObject(a, 'Deployment', 'cache')).volumeMounts).toContainEqual({
      name: 'config-files',
      mountPath: '/etc/app/app.conf',
      subPath: 'app.conf',
      readOnly: true,
    });
    const checksum = (objects: typeof a) => findObject(objects, 'Deployment', 'cache').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(a)).not.toBe(checksum(withFile('a=22\n')));
  });

  test("config files may name the environment's namespaces", () => {
    const s = system({
      id: 'ns',
      services: { ...base.services, cache: { ...base.services.cache, configFiles: [{ path: '/etc/x.yml', content: 'a: {{berth.namespace}}\nb: {{berth.hostNamespace}}\n' }] } },
    });
    expect(findObject(objectsOf(s), 'ConfigMap', 'cache-files').data['x.yml']).toBe('a: ns-dev\nb: ns-dev-host\n');
  });

  test('writable paths become emptyDirs under a read-only root', () => {
    const s = system({ id: 'scratch', services: { ...base.services, cache: { ...base.services.cache, runAs: { uid: 999, writablePaths: ['/tmp', '/var/run/app'] } } } });
    const d = findObject(objectsOf(s), 'Deployment', 'cache');
    expect(podSpec(d).volumes).toEqual([
      { name: 'scratch-tmp', emptyDir: {} },
      { name: 'scratch-var-run-app', emptyDir: {} },
    ]);
    expect(podSpec(d).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      fsGroup: 999,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});
