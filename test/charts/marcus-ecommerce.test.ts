import { configValue, envObjects, envVar, findNamed, findObject, mainContainer, type Obj, podSpec } from '../helpers';

const dev = envObjects('marcus-ecommerce', 'dev');
const prod = envObjects('marcus-ecommerce', 'prod');
const wave = (o: Obj) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
const RELEASE_STEPS = ['migrate', 'setup-views', 'create-superuser', 'seed-db', 'refresh-views', 'build-ai-index'];
/** Production never seeds sample data. */
const PROD_STEPS = RELEASE_STEPS.filter((s) => s !== 'seed-db');

describe('Marcus E-commerce', () => {
  test('pg_isready over TCP and redis-cli ping compared with PONG, at 10 s / 5 s / 5 retries', () => {
    const db = mainContainer(findObject(dev, 'Deployment', 'db'));
    expect(db.readinessProbe).toEqual({
      exec: { command: ['sh', '-c', 'pg_isready -h 127.0.0.1 -p 5432 -U ecommerce_user -d ecommerce_db'] },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 5,
      successThreshold: 1,
    });
    const redis = mainContainer(findObject(dev, 'Deployment', 'redis'));
    expect(redis.readinessProbe).toMatchObject({
      exec: { command: ['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 -p 6379 ping)" = PONG ]'] },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 5,
    });
  });

  test('db runs PostgreSQL on the postgres-data claim, rolled out with Recreate', () => {
    const db = findObject(prod, 'Deployment', 'db');
    expect(db.spec.strategy).toEqual({ type: 'Recreate' });
    expect(podSpec(db).volumes).toContainEqual({ name: 'postgres-data', persistentVolumeClaim: { claimName: 'postgres-data' } });
    expect(mainContainer(db).volumeMounts).toContainEqual({ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' });
    expect(findObject(prod, 'PersistentVolumeClaim', 'postgres-data').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test("ChromaDB's SQLite store is opened by one server only; web, workers and the index step reach it over HTTP", () => {
    const claim = findObject(prod, 'PersistentVolumeClaim', 'chromadb-data');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.metadata.annotations['berth.dev/embedded-store']).toContain('SQLite');
    const mounters = prod.filter(
      (o) =>
        ['Deployment', 'Job'].includes(o.kind) &&
        (podSpec(o).volumes ?? []).some((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === 'chromadb-data'),
    );
    expect(mounters.map((o) => o.metadata.name)).toEqual(['chromadb']);
    expect(findObject(prod, 'Deployment', 'chromadb').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    for (const name of ['web', 'celery']) expect(configValue(prod, findObject(prod, 'Deployment', name), 'CHROMA_HOST')).toBe('chromadb');
    const ingressToChroma = findObject(prod, 'NetworkPolicy', 'chromadb').spec.ingress[0].from.map(
      (p: { podSelector: { matchLabels: Record<string, string> } }) => p.podSelector.matchLabels['app.kubernetes.io/name'],
    );
    expect(ingressToChroma.sort()).toEqual(['build-ai-index', 'celery', 'web']);
  });

  describe('the start-up script becomes release Jobs', () => {
    test('each documented step is a Job, one wave after the previous; db first; seeding only in dev', () => {
      const jobs = PROD_STEPS.map((name) => findNamed(prod, 'Job', name));
      // The index build runs beside web, after the Ingress: see the next tests.
      expect(jobs.map(wave)).toEqual([1, 2, 3, 4, 7]);
      expect(RELEASE_STEPS.map((name) => wave(findNamed(dev, 'Job', name)))).toEqual([1, 2, 3, 4, 5, 8]);
      expect(wave(findObject(prod, 'Deployment', 'db'))).toBe(0);
      expect(podSpec(jobs[0]).initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-db']);
      expect(mainContainer(jobs[0]).args).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
      expect(mainContainer(jobs[4]).args).toEqual(['python', 'manage.py', 'build_ai_index']);
      expect(findNamed(dev, 'Job', 'seed-db').metadata.annotations['berth.dev/sample-data']).toBe('true');
      expect(prod.some((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'seed-db')).toBe(false);
    });
    test('idempotent steps are Sync hooks that say why; the others run once per change of their spec', () => {
      for (const objects of [dev, prod]) {
        for (const job of objects.filter((o) => o.kind === 'Job' && o.metadata.labels['app.kubernetes.io/component'] === 'release-step')) {
          const a = job.metadata.annotations;
          if (a['argocd.argoproj.io/hook']) {
            expect(a['argocd.argoproj.io/hook']).toBe('Sync');
            expect(a['berth.dev/idempotent-because'].length).toBeGreaterThan(10);
          } else {
            expect(job.metadata.name).toBe(`${job.metadata.labels['app.kubernetes.io/name']}-${a['berth.dev/spec-hash']}`);
          }
        }
      }
      // The compose start-up script ran every step on each start of web, so those are safe to repeat; the index
      // build (OpenAI calls for the whole catalogue) and sample data run once per change.
      const hooks = RELEASE_STEPS.filter((name) => findNamed(dev, 'Job', name).metadata.annotations['argocd.argoproj.io/hook']);
      expect(hooks).toEqual(['migrate', 'setup-views', 'create-superuser', 'refresh-views']);
    });
    test('a new image reruns a once-per-change step under a new name', () => {
      expect(findNamed(dev, 'Job', 'build-ai-index').metadata.name).not.toBe(findNamed(prod, 'Job', 'build-ai-index').metadata.name);
    });
    test('only the server stays in the web container, after the database steps; the index build never holds it back', () => {
      expect(mainContainer(findObject(dev, 'Deployment', 'web')).args).toEqual(['python', 'manage.py', 'runserver', '0.0.0.0:8000']);
      expect(mainContainer(findObject(prod, 'Deployment', 'web')).args[0]).toBe('gunicorn');
      expect(mainContainer(findObject(prod, 'Deployment', 'web')).args).toEqual(expect.arrayContaining(['--timeout', '120']));
      expect(wave(findObject(prod, 'Deployment', 'web'))).toBe(wave(findNamed(prod, 'Job', 'refresh-views')) + 1);
      expect(wave(findNamed(prod, 'Job', 'build-ai-index'))).toBeGreaterThan(wave(findObject(prod, 'Ingress', 'marcus-ecommerce')));
      // completed_successfully is ordered by waves, not gated by an init container.
      expect(podSpec(findObject(prod, 'Deployment', 'web')).initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-chromadb', 'wait-for-db', 'wait-for-redis']);
    });
    test('workers run new code only after the migrations, and after the Ingress', () => {
      for (const name of ['celery', 'celery-beat']) {
        expect(wave(findObject(prod, 'Deployment', name))).toBeGreaterThan(wave(findNamed(prod, 'Job', 'migrate')));
        expect(wave(findObject(prod, 'Deployment', name))).toBeGreaterThan(wave(findObject(prod, 'Ingress', 'marcus-ecommerce')));
      }
      expect(wave(findObject(prod, 'Ingress', 'marcus-ecommerce'))).toBe(wave(findObject(prod, 'Deployment', 'web')) + 1);
    });
    test('the superuser gets its password by reference', () => {
      const c = mainContainer(findNamed(prod, 'Job', 'create-superuser'));
      expect(envVar(c, 'DJANGO_SUPERUSER_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'superuser', key: 'password' } });
    });
  });

  test('redis is the broker: maxmemory at 75 % of its 128 Mi limit and no eviction policy that drops tasks', () => {
    const c = mainContainer(findObject(prod, 'Deployment', 'redis'));
    expect(c.args).toEqual(['redis-server', '--maxmemory', '96mb']);
    expect(findObject(prod, 'Deployment', 'redis').metadata.annotations['berth.dev/roles']).toContain('broker');
  });

  test('celery runs a bounded number of processes and gets time to finish its longest task', () => {
    const celery = findObject(prod, 'Deployment', 'celery');
    expect(mainContainer(celery).args).toContain('--concurrency');
    expect(podSpec(celery).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Number(celery.metadata.annotations['berth.dev/longest-task-seconds']));
  });

  test('every release step may reach the database, and only the index build reaches OpenAI', () => {
    for (const name of PROD_STEPS) {
      const egress = findObject(prod, 'NetworkPolicy', name).spec.egress;
      const toDb = egress.find((r: { to: { podSelector?: { matchLabels: Record<string, string> } }[] }) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/name'] === 'db');
      expect([name, toDb?.ports]).toEqual([name, [{ port: 5432, protocol: 'TCP' }]]);
      const external = egress.some((r: { to: { ipBlock?: unknown }[] }) => r.to[0].ipBlock);
      expect([name, external]).toEqual([name, name === 'build-ai-index']);
    }
  });

  test('memory and CPU from the resource table (dev)', () => {
    const res = (name: string) => mainContainer(findObject(dev, 'Deployment', name)).resources;
    expect(res('web')).toEqual({ requests: { cpu: '1000m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    expect(res('celery')).toEqual({ requests: { cpu: '1000m', memory: '1024Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
    expect(res('celery-beat')).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(res('db')).toEqual({ requests: { cpu: '1000m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    expect(res('redis')).toEqual({ requests: { cpu: '500m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
    expect(res('mailhog')).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
  });

  test('prod scales as documented: web 3 replicas (1 CPU, 1G), celery 5 (2 CPUs, 2G), each with a budget and a spread', () => {
    const web = findObject(prod, 'Deployment', 'web');
    const celery = findObject(prod, 'Deployment', 'celery');
    expect([web.spec.replicas, celery.spec.replicas]).toEqual([3, 5]);
    expect(mainContainer(web).resources.limits).toEqual({ cpu: '1000m', memory: '1024Mi' });
    expect(mainContainer(celery).resources.limits).toEqual({ cpu: '2000m', memory: '2048Mi' });
    for (const name of ['web', 'celery']) {
      expect(findObject(prod, 'PodDisruptionBudget', name).spec.maxUnavailable).toBe(1);
      expect(podSpec(findObject(prod, 'Deployment', name)).topologySpreadConstraints).toHaveLength(1);
    }
    expect(findObject(prod, 'Deployment', 'celery-beat').spec.replicas).toBe(1);
  });

  test('mailhog is dev only', () => {
    expect(findObject(dev, 'Deployment', 'mailhog').spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([1025, 8025]);
    expect(prod.some((o) => o.metadata.name === 'mailhog')).toBe(false);
    expect(
      findObject(prod, 'NetworkPolicy', 'web').spec.egress.some((r: { to: { podSelector?: { matchLabels: Record<string, string> } }[] }) => JSON.stringify(r).includes('mailhog')),
    ).toBe(false);
  });

  test('OPENAI_API_KEY and database credentials come by reference', () => {
    const web = mainContainer(findObject(prod, 'Deployment', 'web'));
    expect(envVar(web, 'OPENAI_API_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'openai', key: 'api-key' } });
    expect(envVar(web, 'POSTGRES_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'postgres-credentials', key: 'password' } });
    expect(configValue(prod, findObject(prod, 'Deployment', 'web'), 'POSTGRES_DB')).toBe('ecommerce_db');
  });
});
