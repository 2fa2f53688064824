import { marketnavigator } from '../../charts/marketnavigator';
import { images } from '../../charts/platform';
import { GATE } from '../../lib/model/defaults';
import { WORKLOAD_KIND } from '../../lib/model/objects';
import { configValue, envObjects, envVar, findObject, mainContainer, type Obj, podSpec } from '../helpers';

const dev = envObjects('marketnavigator', 'dev');
const prod = envObjects('marketnavigator', 'prod');
const workloads = (objects: Obj[]) => objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind));

describe('MarketNavigator v2', () => {
  test.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s snapshot', (_env, objects) => {
    // One object in full, as a reviewer reads it; dist/ is the golden output for the rest (test/synth.test.ts).
    expect(findObject(objects, 'Deployment', 'backend')).toMatchSnapshot('backend');
  });

  test('every documented service is a workload with its compose name, _ → -', () => {
    const expected = Object.entries(marketnavigator.services).map(([name, s]) => `${WORKLOAD_KIND[s.kind ?? 'long-running']}/${name.replace(/_/g, '-')}`);
    expect(
      workloads(dev)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual(expected.sort());
  });

  test('nginx and the Liara database are not workloads', () => {
    expect(workloads(prod).map((o) => o.metadata.name)).not.toContain('nginx');
    expect(workloads(prod).some((o) => /postgres/.test(o.metadata.name))).toBe(false);
  });

  describe('health checks → probes with the same timing', () => {
    test.each([
      // redis-cli exits 0 on LOADING and NOAUTH, so the probe compares the reply with PONG.
      ['redis', { exec: { command: ['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 -p 6379 ping)" = PONG ]'] } }, 5, 5, 5],
      ['minio', { httpGet: { path: '/minio/health/live', port: 's3' } }, 30, 20, 3],
      ['backend', { httpGet: { path: '/api/health/', port: 'http', httpHeaders: [{ name: 'Host', value: 'localhost' }] } }, 30, 10, 3],
    ])('%s', (name, handler, period, timeout, retries) => {
      const c = mainContainer(findObject(dev, 'Deployment', name));
      expect(c.readinessProbe).toEqual({ ...handler, periodSeconds: period, timeoutSeconds: timeout, failureThreshold: retries, successThreshold: 1 });
      // compose health checks have no liveness semantics, and none has a start period here.
      expect(c.livenessProbe).toBeUndefined();
      expect(c.startupProbe).toBeUndefined();
    });
  });

  describe('depends_on → one bounded init container per dependency', () => {
    const gates = (name: string) => podSpec(findObject(dev, 'Deployment', name)).initContainers ?? [];
    const argv = (gate: { command: string[] }) => gate.command.slice(4);

    test('backend waits for both scrapers to accept connections and for redis and minio to be healthy', () => {
      const g = gates('backend');
      expect(g.map((c: { name: string }) => c.name)).toEqual(['wait-for-crunchbase-api', 'wait-for-minio', 'wait-for-redis', 'wait-for-tracxn-api']);
      expect(argv(g[0])).toEqual(['nc', '-z', '-w', '2', 'crunchbase-api', '8003']);
      expect(argv(g[1])).toEqual(['wget', '-q', '-T', '2', '-O', '/dev/null', 'http://minio:9000/minio/health/live']);
      expect(g[2].image).toBe(images.redis);
      expect(argv(g[2])).toEqual(['sh', '-c', '[ "$(redis-cli -h redis -p 6379 ping)" = PONG ]']);
      expect(argv(g[3])).toEqual(['nc', '-z', '-w', '2', 'tracxn-api', '8008']);
    });

    test('gates log what they wait for and give up after a bound', () => {
      for (const gate of gates('backend')) {
        const script = gate.command[2];
        expect(script).toContain('echo "waiting for $GATE_TARGET ($GATE_CONDITION): $*"');
        expect(script).toContain('+ GATE_TIMEOUT_SECONDS ))');
        expect(script).toContain('exit 1');
        expect(envVar(gate, 'GATE_TIMEOUT_SECONDS')?.value).toBe('300');
        expect([GATE.image, images.redis]).toContain(gate.image);
      }
      expect(envVar(gates('backend')[1], 'GATE_CONDITION')?.value).toBe('service_healthy');
      expect(envVar(gates('backend')[0], 'GATE_CONDITION')?.value).toBe('service_started');
    });

    test.each([
      ['celery-worker', ['wait-for-crunchbase-api', 'wait-for-minio', 'wait-for-redis', 'wait-for-tracxn-api']],
      ['celery-beat', ['wait-for-redis']],
      ['flower', ['wait-for-redis']],
      ['frontend', ['wait-for-backend']],
      ['redis', []],
      ['minio', []],
    ])('%s gates', (name, expected) => {
      expect(gates(name).map((c: { name: string }) => c.name)).toEqual(expected);
    });
  });

  describe('minio-init', () => {
    const job = findObject(dev, 'Job', 'minio-init');
    const wave = (o: Obj) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
    test('is a Sync hook after minio, and off the entry path: after the Ingress, replaced before each run', () => {
      expect(wave(job)).toBeGreaterThan(wave(findObject(dev, 'Deployment', 'minio')));
      expect(wave(job)).toBeGreaterThan(wave(findObject(dev, 'Ingress', 'marketnavigator')));
      expect(job.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      expect(job.metadata.annotations['berth.dev/idempotent-because']).toContain('--ignore-existing');
      expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    });
    test('is bounded, waits for minio to be healthy within half its deadline, and is safe to repeat', () => {
      expect(job.spec.backoffLimit).toBe(4);
      expect(job.spec.activeDeadlineSeconds).toBe(600);
      expect(podSpec(job).restartPolicy).toBe('Never');
      expect(podSpec(job).initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-minio']);
      expect(envVar(podSpec(job).initContainers[0], 'GATE_TIMEOUT_SECONDS')?.value).toBe('300');
      // compose `entrypoint` (the mc image's ENTRYPOINT is mc): a script in the container's command.
      expect(mainContainer(job).command.join(' ')).toContain('mc mb --ignore-existing');
      expect(mainContainer(job).args).toBeUndefined();
    });
  });

  describe('compose command is the container args: the image ENTRYPOINT still runs', () => {
    test.each([
      ['minio', ['server', '/data', '--console-address', ':9001']],
      ['celery-worker', ['celery', '-A', 'config', 'worker', '-l', 'info', '-Q', 'celery,default,reports', '--concurrency', '2']],
    ])('%s', (name, args) => {
      const c = mainContainer(findObject(dev, 'Deployment', name));
      expect(c.command).toBeUndefined();
      expect(c.args).toEqual(args);
    });
    test('redis: redis-server with AOF, maxmemory at 75 % of its limit, and no eviction of queued tasks', () => {
      const c = mainContainer(findObject(dev, 'Deployment', 'redis'));
      expect(c.command).toBeUndefined();
      expect(c.args).toEqual(['redis-server', '--appendonly', 'yes', '--maxmemory', '384mb', '--maxmemory-policy', 'volatile-lru']);
      expect(c.resources.limits.memory).toBe('512Mi');
    });
  });

  test('ports → ClusterIP Services with named ports; no Service for port-less workers', () => {
    const services = dev.filter((o) => o.kind === 'Service');
    const withPorts = Object.entries(marketnavigator.services).filter(([, s]) => (s.ports ?? []).length > 0 && s.kind !== 'one-shot');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(withPorts.map(([name]) => name.replace(/_/g, '-')).sort());
    expect(findObject(dev, 'Service', 'minio').spec.ports).toEqual([
      { name: 's3', port: 9000, protocol: 'TCP', targetPort: 's3' },
      { name: 'console', port: 9001, protocol: 'TCP', targetPort: 'console' },
    ]);
    for (const s of services) expect(s.spec.type).toBe('ClusterIP');
  });

  test('every Service selects a pod template with only stable labels, and targets a container port', () => {
    for (const objects of [dev, prod]) {
      for (const svc of objects.filter((o) => o.kind === 'Service')) {
        expect(Object.keys(svc.spec.selector).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
        const workload = workloads(objects).find((w) => Object.entries(svc.spec.selector).every(([k, v]) => w.spec.template?.metadata.labels[k] === v));
        expect(workload).toBeDefined();
        const portNames = mainContainer(workload!).ports.map((p: { name: string }) => p.name);
        for (const p of svc.spec.ports) expect(portNames).toContain(p.targetPort);
      }
    }
  });

  test('workload selectors are a subset of their template labels, and every object has the app.kubernetes.io labels', () => {
    for (const w of workloads(dev).filter((o) => o.spec.selector)) {
      for (const [k, v] of Object.entries(w.spec.selector.matchLabels)) expect(w.spec.template.metadata.labels[k]).toBe(v);
    }
    for (const o of dev) {
      expect(
        Object.keys(o.metadata.labels)
          .filter((k) => k.startsWith('app.kubernetes.io/'))
          .sort(),
      ).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of']);
      expect(o.metadata.labels['app.kubernetes.io/instance']).toBe('marketnavigator-dev');
    }
  });

  test('every namespaced object names its namespace explicitly; nothing cdk8s adds on its own', () => {
    for (const o of dev.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('marketnavigator-dev');
    const text = JSON.stringify(dev);
    expect(text).not.toContain('cdk8s.io/metadata.addr');
    expect(text).not.toContain('"imagePullPolicy":"Always"');
    for (const w of workloads(dev)) for (const c of podSpec(w).containers) expect(c.resources.requests).toBeDefined();
  });

  describe('volumes → claims', () => {
    const claims = (objects: Obj[]) => objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    test('the four named volumes, with DNS names', () => {
      expect(
        claims(dev)
          .map((c) => c.metadata.name)
          .sort(),
      ).toEqual(
        Object.keys(marketnavigator.volumes ?? {})
          .map((v) => v.replace(/_/g, '-'))
          .sort(),
      );
    });
    test('backend-media is shared by backend and celery-worker, so ReadWriteMany with the environment storage class', () => {
      expect(findObject(dev, 'PersistentVolumeClaim', 'backend-media').spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs-client' });
      expect(findObject(prod, 'PersistentVolumeClaim', 'backend-media').spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs' });
      expect(findObject(dev, 'PersistentVolumeClaim', 'redis-data').spec.accessModes).toEqual(['ReadWriteOnce']);
    });
    test('every claim that holds state is protected from prune and delete; static files opt out with the reason', () => {
      const protectedClaims = claims(dev).filter((c) => c.metadata.annotations['argocd.argoproj.io/sync-options'] === 'Prune=false,Delete=false');
      expect(protectedClaims.map((c) => c.metadata.name).sort()).toEqual(['backend-media', 'minio-data', 'redis-data']);
      expect(findObject(dev, 'PersistentVolumeClaim', 'backend-static').metadata.annotations['berth.dev/unprotected-because']).toContain('collectstatic');
      // The namespace holds the claims, so it is protected too: deleting it would delete them.
      expect(findObject(dev, 'Namespace', 'marketnavigator-dev').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
      expect(findObject(dev, 'PersistentVolumeClaim', 'minio-data').metadata.labels['backup.berth.dev/priority']).toBe('critical');
      expect(findObject(dev, 'PersistentVolumeClaim', 'backend-static').metadata.labels['backup.berth.dev/priority']).toBe('low');
    });
    test("every mounted claim exists, and a claim shares its first consumer's sync wave", () => {
      for (const w of workloads(dev)) {
        for (const v of podSpec(w).volumes ?? []) {
          if (!v.persistentVolumeClaim) continue;
          const claim = findObject(dev, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName);
          expect(Number(claim.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThanOrEqual(Number(w.metadata.annotations['argocd.argoproj.io/sync-wave']));
        }
      }
      expect(findObject(dev, 'PersistentVolumeClaim', 'backend-media').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    });
    test('redis and minio sit on ReadWriteOnce claims, so they roll out with Recreate', () => {
      for (const name of ['redis', 'minio']) expect(findObject(dev, 'Deployment', name).spec.strategy).toEqual({ type: 'Recreate' });
      // The backend's claims are both shared-capable, so it rolls out without downtime.
      for (const name of ['backend', 'frontend']) expect(findObject(dev, 'Deployment', name).spec.strategy.type).toBe('RollingUpdate');
    });
  });

  test('celery-beat runs exactly one replica and never overlaps with its successor', () => {
    for (const objects of [dev, prod]) {
      const beat = findObject(objects, 'Deployment', 'celery-beat');
      expect(beat.spec.replicas).toBe(1);
      expect(beat.spec.strategy).toEqual({ type: 'Recreate' });
    }
  });

  describe('Ingress replaces nginx', () => {
    const ingresses = prod.filter((o) => o.kind === 'Ingress');
    const routes = (ingress: Obj) =>
      ingress.spec.rules[0].http.paths.map(
        (p: { path: string; backend: { service: { name: string; port: { number: number } } } }) => `${p.path} → ${p.backend.service.name}:${p.backend.service.port.number}`,
      );
    test('TLS from cert-manager and the documented routes; Flower stays internal', () => {
      // The earliest Ingress asks for the certificate, so TLS never waits for a later wave.
      const issuing = ingresses.filter((i) => i.metadata.annotations['cert-manager.io/cluster-issuer']);
      expect(issuing.map((i) => i.metadata.annotations['cert-manager.io/cluster-issuer'])).toEqual(['letsencrypt-prod']);
      const earliest = Math.min(...ingresses.map((i) => Number(i.metadata.annotations['argocd.argoproj.io/sync-wave'])));
      expect(Number(issuing[0].metadata.annotations['argocd.argoproj.io/sync-wave'])).toBe(earliest);
      expect(issuing[0].spec.tls).toEqual([{ hosts: ['market.kareonecompany.com'], secretName: 'marketnavigator-tls' }]);
      expect(ingresses.flatMap(routes).sort()).toEqual(['/ → frontend:3000', '/admin → backend:8000', '/api → backend:8000', '/static → backend:8000', '/ws → backend:8000']);
      expect(JSON.stringify(ingresses)).not.toContain('flower');
    });
    test('WebSockets stay open for an hour and uploads may reach 50 MiB; the rest keeps ingress-nginx defaults, written out', () => {
      const settingsOf = (path: string) => {
        const ingress = ingresses.find((i) => routes(i).some((r: string) => r.startsWith(`${path} →`)))!;
        const a = ingress.metadata.annotations;
        return [a['nginx.ingress.kubernetes.io/proxy-read-timeout'], a['nginx.ingress.kubernetes.io/proxy-send-timeout'], a['nginx.ingress.kubernetes.io/proxy-body-size']];
      };
      expect(settingsOf('/ws')).toEqual(['3600', '3600', '1m']);
      expect(settingsOf('/api')).toEqual(['60', '60', '50m']);
      expect(settingsOf('/')).toEqual(['60', '60', '1m']);
      // One Certificate owns the TLS Secret: only one Ingress asks cert-manager; the others serve the same Secret.
      expect(ingresses.filter((i) => i.metadata.annotations['cert-manager.io/cluster-issuer'])).toHaveLength(1);
      for (const i of ingresses) expect(i.spec.tls[0].secretName).toBe('marketnavigator-tls');
    });
    test('dev gets its own host', () => {
      expect(findObject(dev, 'Ingress', 'marketnavigator').spec.rules[0].host).toBe('dev.market.kareonecompany.com');
    });
  });

  describe('Liara PostgreSQL', () => {
    test('host and port per environment are plain configuration', () => {
      const devBackend = findObject(dev, 'Deployment', 'backend');
      const prodBackend = findObject(prod, 'Deployment', 'backend');
      expect([configValue(dev, devBackend, 'DB_HOST'), configValue(dev, devBackend, 'DB_PORT')]).toEqual(['table-mountain.liara.cloud', '32965']);
      expect([configValue(prod, prodBackend, 'DB_HOST'), configValue(prod, prodBackend, 'DB_PORT')]).toEqual(['marketnavigator-v2', '5432']);
    });
    test('user and password only through secretKeyRef to a Secret the chart does not create', () => {
      for (const name of ['backend', 'celery-worker', 'celery-beat']) {
        const c = mainContainer(findObject(prod, 'Deployment', name));
        expect(envVar(c, 'DB_USER')?.valueFrom).toEqual({ secretKeyRef: { name: 'postgres-credentials', key: 'username' } });
        expect(envVar(c, 'DB_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'postgres-credentials', key: 'password' } });
      }
      expect(prod.some((o) => o.kind === 'Secret')).toBe(false);
    });
    test('MinIO root credentials by reference too', () => {
      const c = mainContainer(findObject(prod, 'Deployment', 'minio'));
      expect(envVar(c, 'MINIO_ROOT_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'minio-credentials', key: 'root-password' } });
    });
  });

  test('what Kubernetes has no field for travels as annotations: purpose, compose name, restart policy, what was replaced', () => {
    const scraper = findObject(dev, 'Deployment', 'crunchbase-api');
    expect(scraper.metadata.annotations).toMatchObject({
      'berth.dev/compose-service': 'crunchbase_api',
      'berth.dev/compose-restart': 'unless-stopped',
      'berth.dev/description': 'Crunchbase data scraper service (remote MySQL on Liara)',
    });
    expect(findObject(dev, 'Job', 'minio-init').metadata.annotations['berth.dev/compose-restart']).toBe('no');
    expect(findObject(dev, 'PersistentVolumeClaim', 'backend-media').metadata.annotations['berth.dev/description']).toBe('Generated reports, temp files');
    const ns = findObject(dev, 'Namespace', 'marketnavigator-dev').metadata.annotations;
    expect(ns['berth.dev/not-deployed']).toContain('nginx: reverse proxy with SSL');
    expect(ns['berth.dev/externals']).toContain('postgres: table-mountain.liara.cloud:32965');
  });

  test('compose host names in configuration are rewritten to Service names', () => {
    const backend = findObject(dev, 'Deployment', 'backend');
    expect(configValue(dev, backend, 'CRUNCHBASE_API_URL')).toBe('http://crunchbase-api:8003');
    expect(configValue(dev, backend, 'TRACXN_API_URL')).toBe('http://tracxn-api:8008');
    expect(configValue(dev, backend, 'REDIS_URL')).toBe('redis://redis:6379/0');
  });

  describe('pods that actually start', () => {
    test('service links are off everywhere (FLOWER_PORT)', () => {
      for (const w of workloads(dev)) expect(podSpec(w).enableServiceLinks).toBe(false);
    });
    test('Next.js binds to 0.0.0.0, not the pod name', () => {
      const frontend = findObject(dev, 'Deployment', 'frontend');
      expect(configValue(dev, frontend, 'HOSTNAME')).toBe('0.0.0.0');
    });
    test('a ConfigMap change changes the pod template checksum', () => {
      const backend = findObject(dev, 'Deployment', 'backend');
      const prodBackend = findObject(prod, 'Deployment', 'backend');
      const checksum = (o: Obj) => o.spec.template.metadata.annotations['checksum/config'];
      expect(checksum(backend)).toMatch(/^[0-9a-f]{64}$/);
      // dev and prod differ only in configuration (the database endpoint), so only the checksum tells them apart.
      expect(checksum(backend)).not.toBe(checksum(prodBackend));
    });
  });
});
