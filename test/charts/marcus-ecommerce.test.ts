import { configValue, envObjects, envVar, findObject, mainContainer, type Obj, podSpec } from '../helpers';

const dev = envObjects('marcus-ecommerce', 'dev');
const prod = envObjects('marcus-ecommerce', 'prod');
const wave = (o: Obj) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
const RELEASE_STEPS = ['migrate', 'setup-views', 'create-superuser', 'seed-db', 'refresh-views', 'build-ai-index'];

describe('Marcus E-commerce', () => {
  test.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s snapshot', (_env, objects) => {
    expect(objects.map((o) => `${o.path} ${o.kind}/${o.metadata.name}`)).toMatchSnapshot();
  });

  test('pg_isready and redis-cli ping at 10 s / 5 s / 5 retries', () => {
    const db = mainContainer(findObject(dev, 'Deployment', 'db'));
    expect(db.readinessProbe).toEqual({
      exec: { command: ['sh', '-c', 'pg_isready -U ecommerce_user -d ecommerce_db'] },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 5,
      successThreshold: 1,
    });
    const redis = mainContainer(findObject(dev, 'Deployment', 'redis'));
    expect(redis.readinessProbe).toMatchObject({ exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
  });

  test('db runs PostgreSQL on the postgres-data claim, rolled out with Recreate', () => {
    const db = findObject(prod, 'Deployment', 'db');
    expect(db.spec.strategy).toEqual({ type: 'Recreate' });
    expect(podSpec(db).volumes).toContainEqual({ name: 'postgres-data', persistentVolumeClaim: { claimName: 'postgres-data' } });
    expect(mainContainer(db).volumeMounts).toContainEqual({ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' });
    expect(findObject(prod, 'PersistentVolumeClaim', 'postgres-data').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('chromadb-data is shared by web and celery, so ReadWriteMany', () => {
    expect(findObject(prod, 'PersistentVolumeClaim', 'chromadb-data').spec.accessModes).toEqual(['ReadWriteMany']);
    for (const name of ['web', 'celery']) {
      expect(podSpec(findObject(prod, 'Deployment', name)).volumes).toContainEqual({ name: 'chromadb-data', persistentVolumeClaim: { claimName: 'chromadb-data' } });
    }
  });

  describe('the start-up script becomes release Jobs', () => {
    test('each documented step is a Sync hook Job, one wave after the previous; db first', () => {
      const jobs = RELEASE_STEPS.map((name) => findObject(prod, 'Job', name));
      for (const job of jobs) expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
      expect(jobs.map(wave)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(wave(findObject(prod, 'Deployment', 'db'))).toBe(0);
      expect(podSpec(jobs[0]).initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-db']);
      expect(mainContainer(jobs[0]).command).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
      expect(mainContainer(jobs[5]).command).toEqual(['python', 'manage.py', 'build_ai_index']);
    });
    test('only the server stays in the web container, in the wave after the last step', () => {
      expect(mainContainer(findObject(dev, 'Deployment', 'web')).command).toEqual(['python', 'manage.py', 'runserver', '0.0.0.0:8000']);
      expect(mainContainer(findObject(prod, 'Deployment', 'web')).command[0]).toBe('gunicorn');
      expect(wave(findObject(prod, 'Deployment', 'web'))).toBe(7);
      // completed_successfully is ordered by waves, not gated by an init container.
      expect(podSpec(findObject(prod, 'Deployment', 'web')).initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-db', 'wait-for-redis']);
    });
  });

  test('every release step may reach the database, and only the index build reaches OpenAI', () => {
    for (const name of RELEASE_STEPS) {
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
    expect(findObject(prod, 'NetworkPolicy', 'web').spec.egress.some((r: { to: { podSelector?: { matchLabels: Record<string, string> } }[] }) => JSON.stringify(r).includes('mailhog'))).toBe(false);
  });

  test('OPENAI_API_KEY and database credentials come by reference', () => {
    const web = mainContainer(findObject(prod, 'Deployment', 'web'));
    expect(envVar(web, 'OPENAI_API_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'openai', key: 'api-key' } });
    expect(envVar(web, 'POSTGRES_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'postgres-credentials', key: 'password' } });
    expect(configValue(prod, findObject(prod, 'Deployment', 'web'), 'POSTGRES_DB')).toBe('ecommerce_db');
  });
});
