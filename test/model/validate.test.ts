import { InvalidSystemError } from '../../lib/model/problems';
import { resolveSystem } from '../../lib/model/resolve';
import { validateSystem } from '../../lib/model/validate';
import { service, system, withService } from '../fixtures';
import { problems } from '../helpers';

const base = system();

describe('validateSystem', () => {
  test('the fixture itself is valid', () => {
    expect(problems(base)).toEqual([]);
  });

  test('unknown dependency names the service and lists the known ones', () => {
    const s = system({ services: { ...base.services, web_app: { ...base.services.web_app, dependsOn: { cahce: 'service_healthy' } } } });
    expect(problems(s)).toEqual(['services.web_app.dependsOn.cahce: unknown service "cahce" (known: cache, web_app)']);
  });

  test('dependency cycle', () => {
    const s = system({
      services: {
        ...base.services,
        cache: { ...base.services.cache, dependsOn: { web_app: 'service_started' } },
      },
    });
    expect(problems(s)).toEqual(['services.cache.dependsOn: dependency cycle: cache → web_app → cache']);
  });

  test('volume mounted but not declared', () => {
    const s = system({ services: { ...base.services, cache: { ...base.services.cache, mounts: [{ volume: 'cache_data', path: '/data' }] } } });
    expect(problems(s)).toEqual(['services.cache.mounts[0].volume: volume "cache_data" is mounted but not declared (known: none)']);
  });

  test('duplicate port', () => {
    const s = system({
      services: {
        ...base.services,
        cache: {
          ...base.services.cache,
          ports: [
            { name: 'redis', port: 6379 },
            { name: 'redis-tls', port: 6379 },
          ],
        },
      },
    });
    expect(problems(s)).toEqual(['services.cache.ports[1].port: duplicate port 6379/TCP']);
  });

  test('a name that cannot become a DNS name', () => {
    const s = system({ services: { ...base.services, 'Web.App': service() } });
    expect(problems(s)).toEqual([
      'services.Web.App: name becomes "Web.App", which is not a DNS-1035 label (start with a letter; lowercase letters, digits, "-" and "_"; at most 63)',
    ]);
  });

  test('two compose names that become the same Kubernetes name', () => {
    const s = system({ services: { ...base.services, 'web-app': service() } });
    expect(problems(s)).toEqual(['services.web_app: becomes "web-app", the same Kubernetes name as "web-app"']);
  });

  test('http probe on a port the service does not expose', () => {
    const s = system({
      services: { ...base.services, web_app: { ...base.services.web_app, healthCheck: { test: { kind: 'http', path: '/healthz', port: 9090 }, source: 'the test documents it' } } },
    });
    expect(problems(s)).toEqual(['services.web_app.healthCheck.test.port: http check on port 9090, which the service does not expose (ports: 8080)']);
  });

  test('service_healthy on a service without a health check', () => {
    const s = system({ services: { ...base.services, cache: { ...base.services.cache, healthCheck: undefined } } });
    expect(problems(s)).toEqual([
      'services.cache: a service that keeps running needs a readiness check: add healthCheck to services.cache (a tcp check on one of its ports at least) or an exemption for probes with the reason',
      'services.web_app.dependsOn.cache: condition service_healthy, but "cache" has no healthCheck; use service_started or add one',
    ]);
  });

  test('the same port on TCP and UDP is two ports', () => {
    const dns = service({
      ports: [
        { name: 'dns', port: 53 },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ],
      healthCheck: { test: { kind: 'tcp', port: 53 } },
    });
    expect(problems(system({ services: { ...base.services, dns } }))).toEqual([]);
  });

  test('service_healthy on an in-container check without a remote check', () => {
    const hc = { ...base.services.cache.healthCheck!, remote: undefined };
    const s = system({ services: { ...base.services, cache: { ...base.services.cache, healthCheck: hc } } });
    expect(problems(s)).toEqual([
      `services.web_app.dependsOn.cache: condition service_healthy, but "cache"'s health check runs inside its container; give it healthCheck.remote (a client image and command)`,
    ]);
  });

  test('service_started on a service with no port', () => {
    const s = system({ services: { ...base.services, worker: service(), web_app: { ...base.services.web_app, dependsOn: { worker: 'service_started' } } } });
    expect(problems(s)).toEqual(['services.web_app.dependsOn.worker: condition service_started, but "worker" exposes no port to wait for; use a dependency with ports']);
  });

  test('unpinned image', () => {
    const s = system({ services: { ...base.services, cache: { ...base.services.cache, image: 'redis:latest' } } });
    expect(problems(s)).toEqual(['services.cache.image: "redis:latest" is not pinned; give it an explicit tag other than "latest"']);
  });

  test('a shared volume declared ReadWriteOnce', () => {
    const s = system({
      volumes: { shared: { description: 'x', sizeGi: 1, backup: 'LOW', accessMode: 'ReadWriteOnce' } },
      services: {
        ...base.services,
        a: service({ mounts: [{ volume: 'shared', path: '/data' }] }),
        b: service({ mounts: [{ volume: 'shared', path: '/data' }] }),
      },
    });
    expect(problems(s)).toEqual(['volumes.shared: mounted by a and b but accessMode is ReadWriteOnce; use ReadWriteMany']);
  });

  test('several replicas on a ReadWriteOnce volume', () => {
    const s = system({
      volumes: { data: { description: 'x', sizeGi: 1, backup: 'LOW' } },
      services: { ...base.services, a: service({ replicas: 2, mounts: [{ volume: 'data', path: '/data' }] }) },
    });
    expect(problems(s)).toEqual([
      'environments.dev.services.a.replicas: 2 replicas share the ReadWriteOnce volume "data", which only one node can mount; use 1 replica or ReadWriteMany',
    ]);
  });

  test('unknown secret reference and unknown key', () => {
    const s = system({
      secrets: { db: { description: 'x', keys: { password: { remoteKey: 'k' } } } },
      services: { ...base.services, a: service({ env: { A: { secret: 'nope', key: 'x' }, B: { secret: 'db', key: 'pasword' } } }) },
    });
    expect(problems(s)).toEqual(['services.a.env.A: unknown secret "nope" (known: db)', 'services.a.env.B: secret "db" has no key "pasword" (known: password)']);
  });

  test('route to a port the service does not expose', () => {
    const s = system({ routes: [{ host: 'x.example.com', paths: [{ path: '/', service: 'web_app', port: 80 }] }] });
    expect(problems(s)).toEqual(['routes[0].paths[0].port: web_app does not expose port 80 (ports: 8080)']);
  });

  test('an external without an endpoint in an environment', () => {
    const s = system({ externals: { db: { description: 'managed db' } } });
    expect(problems(s)).toEqual(['environments.dev.externals: no endpoint for external "db"']);
  });

  test('a singleton with more replicas', () => {
    const s = system({ services: { ...base.services, beat: service({ singleton: true, replicas: 2 }) } });
    expect(problems(s)).toEqual(['services.beat.replicas: a singleton runs exactly 1 replica, got 2']);
  });

  test('root UID', () => {
    const s = system({ services: { ...base.services, a: service({ runAs: { uid: 0 } }) } });
    expect(problems(s)).toEqual(['services.a.runAs.uid: 0 is not allowed: the restricted Pod Security Standard needs a non-zero UID']);
  });

  test('a dependency that is not deployed in an environment its dependent is', () => {
    const s = system({
      services: { ...base.services, cache: { ...base.services.cache, onlyIn: ['prod'] } },
      environments: { dev: base.environments.dev, prod: base.environments.dev },
    });
    expect(problems(s)).toEqual([
      'services.web_app.dependsOn.cache: "cache" is not deployed in dev, but "web_app" is; deploy it there, or make the dependency optional with { condition, required: false }',
    ]);
  });

  test('every problem is reported at once, in one error', () => {
    const s = system({
      id: 'Demo',
      services: {
        ...base.services,
        web_app: { ...base.services.web_app, dependsOn: { ghost: 'service_started' }, image: 'app' },
      },
    });
    expect(() => validateSystem(s)).toThrow(InvalidSystemError);
    expect(problems(s)).toEqual([
      'id: "Demo" is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)',
      'services.web_app.image: "app" is not pinned; give it an explicit tag other than "latest"',
      'services.web_app.dependsOn.ghost: unknown service "ghost" (known: cache, web_app)',
    ]);
    try {
      validateSystem(s);
    } catch (err) {
      expect((err as Error).message.split('\n')[0]).toBe('invalid system "Demo" (3 problems):');
    }
  });
});

describe('resolveSystem warnings', () => {
  test('development bind mounts are dropped with a warning, and so are services an environment does not deploy', () => {
    const s = system({
      services: {
        ...base.services,
        web_app: { ...base.services.web_app, bindMounts: [{ hostPath: './src', path: '/app/src' }] },
        tools: service({ enabled: false }),
      },
    });
    const resolved = resolveSystem(s, 'dev');
    expect(resolved.warnings).toEqual([
      'demo/dev: service tools is not deployed here',
      'demo/dev: web_app: development bind mount ./src → /app/src dropped (Kubernetes runs the built image)',
    ]);
    expect(resolved.services.map((x) => x.name)).toEqual(['cache', 'web-app']);
    expect(JSON.stringify({ ...resolved, warnings: [] })).not.toContain('./src');
  });
});

describe('validateSystem: what Argo CD and the runtime need', () => {
  const env = base.environments.dev;
  const step = (overrides: Partial<import('../../lib/model/types').Service> = {}) =>
    service({ kind: 'one-shot', oneShot: { runs: { every: 'change' } }, dependsOn: { cache: 'service_healthy' }, ...overrides });

  test('a one-shot step says how often it runs, and a repeated one why that is safe', () => {
    const s = system({
      services: {
        ...base.services,
        silent: service({ kind: 'one-shot' }),
        vague: step({ oneShot: { runs: { every: 'sync', idempotentBecause: 'ok' } } }),
        fine: step(),
      },
    });
    expect(problems(s)).toEqual([
      "services.silent.oneShot.runs: say how often the step runs under Argo CD: { every: 'sync', idempotentBecause: '<why repeating it is safe>' } or { every: 'change' } (once per change of its spec)",
      "services.vague.oneShot.runs.idempotentBecause: Argo CD runs sync hooks on every sync: write why running this step again is safe, or use { every: 'change' }",
    ]);
  });

  test('sample data never lands in a production environment', () => {
    const s = system({
      services: { ...base.services, seed: step({ oneShot: { runs: { every: 'change' }, sampleData: true } }) },
      environments: { dev: env, prod: { ...env, production: true } },
    });
    expect(problems(s)).toEqual(['services.seed.onlyIn: loads sample data but prod is a production environment; limit it with onlyIn to the others']);
    expect(problems({ ...s, services: { ...s.services, seed: { ...s.services.seed, onlyIn: ['dev'] } } })).toEqual([]);
  });

  test('an optional dependency (required: false) may be missing where its dependent runs, and is not waited for there', () => {
    const s = system({
      services: {
        ...base.services,
        cache: { ...base.services.cache, onlyIn: ['prod'] },
        web_app: { ...base.services.web_app, dependsOn: { cache: { condition: 'service_healthy', required: false } } },
      },
      environments: { dev: env, prod: env },
    });
    expect(problems(s)).toEqual([]);
    expect(resolveSystem(s, 'dev').services.find((x) => x.name === 'web-app')!.dependsOn).toEqual([]);
    expect(
      resolveSystem(s, 'prod')
        .services.find((x) => x.name === 'web-app')!
        .dependsOn.map((d) => d.service),
    ).toEqual(['cache']);
  });

  test('an HTTP check names its source; a port check needs none', () => {
    const s = system({ services: { ...base.services, web_app: { ...base.services.web_app, healthCheck: { test: { kind: 'http', path: '/health', port: 8080 } } } } });
    expect(problems(s)).toEqual([
      "services.web_app.healthCheck.source: an HTTP check on \"/health\" needs its source (the compose file, a document, the image's docs); where none documents a path, use { kind: 'tcp', port: 8080 }",
    ]);
    expect(problems(system({ services: { ...base.services, web_app: { ...base.services.web_app, healthCheck: { test: { kind: 'tcp', port: 8080 } } } } }))).toEqual([]);
  });

  test('env files, port reachability, cluster networks and claim opt-outs are checked against the description', () => {
    const s = system({
      services: {
        ...base.services,
        cache: { ...base.services.cache, ports: [{ name: 'redis', port: 6379, reachableFrom: ['web_ap'] }] },
        web_app: { ...base.services.web_app, envFiles: ['missing'], longestTaskSeconds: 120, terminationGracePeriodSeconds: 60, mounts: [{ volume: 'data', path: '/data' }] },
      },
      volumes: { data: { description: 'data', sizeGi: 1, backup: 'LOW', unprotectedBecause: 'meh' } },
      environments: { dev: { ...env, clusterNetworks: ['10.0.0.0/8', 'intranet'] } },
    });
    expect(problems(s)).toEqual([
      'services.cache.ports[0].reachableFrom[0]: unknown service "web_ap" (known: cache, web_app)',
      'services.web_app.envFiles[0]: unknown secret "missing" (known: none)',
      'services.web_app.terminationGracePeriodSeconds: 60 is shorter than longestTaskSeconds 120: a task still running is killed; leave it out to get 150',
      'volumes.data.unprotectedBecause: write why this data may be lost with the Application (for example: rebuilt at start-up), or leave it out to keep the claim',
      'environments.dev.clusterNetworks[1]: "intranet" is not a CIDR range (e.g. "10.0.0.0/8")',
    ]);
  });

  test('a publicly routed service never waits for a non-critical one: it would hold the Ingress back', () => {
    const s = system({
      services: { ...base.services, cache: { ...base.services.cache, tier: 'non-critical' } },
      routes: [{ host: 'demo.example.com', paths: [{ path: '/', service: 'web_app', port: 8080 }] }],
    });
    expect(problems(s)).toEqual([
      'services.web_app.dependsOn.cache: web_app is routed publicly and waits for non-critical "cache"; its failure would keep Argo CD from ever applying the Ingress. Raise its tier or drop the dependency',
    ]);
  });
});

describe('environment rules judge what was resolved', () => {
  const env = base.environments.dev;
  test('a volume shared in prod but mounted by one replicated service in dev is ReadWriteOnce there: rejected for dev', () => {
    // a (2 replicas) and b (prod only) mount it: prod resolves ReadWriteMany, dev ReadWriteOnce with 2 replicas.
    const s = system({
      services: {
        ...base.services,
        a: service({ replicas: 2, mounts: [{ volume: 'shared', path: '/data' }] }),
        b: service({ onlyIn: ['prod'], mounts: [{ volume: 'shared', path: '/data' }] }),
      },
      volumes: { shared: { description: 'shared', sizeGi: 1, backup: 'LOW' } },
      environments: { dev: env, prod: env },
    });
    expect(problems(s)).toEqual([
      'environments.dev.services.a.replicas: 2 replicas share the ReadWriteOnce volume "shared", which only one node can mount; use 1 replica or ReadWriteMany',
    ]);
    expect(resolveSystem({ ...s, environments: { prod: env } }, 'prod').volumes[0].accessMode).toBe('ReadWriteMany');
  });
});

describe('names: two things that would become one object', () => {
  test('a service named like the policy berth reserves for deny-all', () => {
    const s = withService(base, 'default_deny', {});
    expect(problems(s)).toEqual(['services.default_deny: becomes NetworkPolicy "default-deny" in demo-dev, the same object as berth\'s deny-all policy; rename one of them']);
  });
  test('a secret named like the TLS Secret cert-manager writes', () => {
    const s = system({
      services: { ...base.services, web_app: { ...base.services.web_app, env: { TOKEN: { secret: 'demo-tls', key: 'token' } } } },
      secrets: { 'demo-tls': { description: 'a token', keys: { token: { remoteKey: 'demo/token' } } } },
      routes: [{ host: 'demo.example.com', paths: [{ path: '/', service: 'web_app', port: 8080 }] }],
    });
    expect(problems(s)).toEqual(['secrets.demo-tls: becomes Secret "demo-tls" in demo-dev, the same object as the Ingress\'s TLS Secret (cert-manager); rename one of them']);
  });
  test('two volumes whose names become one claim, and two writable paths that become one pod volume', () => {
    const s = system({
      services: { ...base.services, web_app: { ...base.services.web_app, runAs: { uid: 1000, writablePaths: ['/app/.cache', '/app/cache'] } } },
      volumes: { a_b: { description: 'a', sizeGi: 1, backup: 'LOW' }, 'a-b': { description: 'b', sizeGi: 1, backup: 'LOW' } },
    });
    expect(problems(s)).toEqual(['volumes.a_b: becomes "a-b", the same claim as "a-b"']);
    const paths = system({ services: { ...base.services, web_app: { ...base.services.web_app, runAs: { uid: 1000, writablePaths: ['/app/.cache', '/app/cache'] } } } });
    expect(problems(paths)).toEqual([
      'services.web_app.runAs.writablePaths: writable path "/app/cache" becomes pod volume "scratch-app-cache", like writable path "/app/.cache"; rename or merge one of them',
    ]);
  });
  test('one placeholder syntax: the retired forms are named with their replacement', () => {
    const s = system({ secrets: { token: { description: 'a token', keys: { token: { remoteKey: 'demo/{env}/token' } } } } });
    expect(problems(s)).toEqual(['secrets.token.keys.token.remoteKey: {env} is not a placeholder; write {{berth.environment}}']);
  });
});

describe('review: copies, waits and networks judged where they take effect', () => {
  const env = base.environments.dev;
  test("an environment's autoscaling on a singleton, and fractional or negative replicas, are rejected where they were set", () => {
    const s = system({
      services: { ...base.services, cache: { ...base.services.cache, singleton: true } as typeof base.services.cache },
      environments: { dev: { ...env, services: { cache: { autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilizationPercent: 70 } }, web_app: { replicas: 1.5 } } } },
    });
    expect(problems(s)).toEqual([
      'environments.dev.services.cache.autoscaling: a singleton cannot autoscale',
      'environments.dev.services.web_app.replicas: 1.5 is not a replica count (0 or more)',
    ]);
  });
  test('replicas or autoscaling on a kind that runs no copies is rejected', () => {
    const s = withService({ ...base, environments: { dev: { ...env, services: { step: { replicas: 2 } } } } }, 'step', {
      kind: 'one-shot',
      oneShot: { runs: { every: 'change' } },
    });
    expect(problems(s)).toEqual(['environments.dev.services.step.replicas: step is one-shot: only long-running services run copies']);
  });
  test('waiting for a one-shot or scheduled service to start or be healthy is rejected: no Service would ever answer', () => {
    const s = withService(withService(base, 'seed', { kind: 'one-shot', oneShot: { runs: { every: 'change' } }, ports: [{ name: 'http', port: 80 }] }), 'web_app', {
      dependsOn: { cache: 'service_healthy', seed: 'service_started' },
    });
    expect(problems(s)).toEqual([
      'services.web_app.dependsOn.seed: condition service_started, but "seed" is one-shot and gets no Service to wait for; use service_completed_successfully (one-shot) or depend on a server',
    ]);
  });
});

describe('{{berth.maxmemory}}', () => {
  test("is three quarters of each environment's memory limit, so a resource override needs no second command", () => {
    const s = withService(
      { ...base, environments: { dev: base.environments.dev, prod: { ...base.environments.dev, services: { cache: { resources: { cpu: 0.1, memoryMi: 600 } } } } } },
      'cache',
      { command: ['redis-server', '--maxmemory', '{{berth.maxmemory}}'], resources: { cpu: 0.1, memoryMi: 128 } },
    );
    const args = (env: string) => resolveSystem(s, env).services.find((x) => x.name === 'cache')!.args;
    expect(args('dev')).toEqual(['redis-server', '--maxmemory', '96mb']);
    expect(args('prod')).toEqual(['redis-server', '--maxmemory', '450mb']);
  });
  test('a command may name no other placeholder', () => {
    expect(problems(withService(base, 'cache', { command: ['redis-server', '{{berth.namespace}}'] }))).toEqual([
      'services.cache.command[1]: unknown placeholder {{berth.namespace}} (here: {{berth.maxmemory}})',
    ]);
  });
});

describe('externals', () => {
  test('an endpoint that is any host on the internet has no host to put in configuration', () => {
    const s = system({
      externals: { apis: { description: 'API providers' } },
      environments: { dev: { ...base.environments.dev, externals: { apis: { anyHost: true, port: 443 } } } },
      services: { ...base.services, web_app: { ...base.services.web_app, usesExternals: ['apis'], env: { API_HOST: { external: 'apis', field: 'host' } } } },
    });
    expect(problems(s)).toEqual(['services.web_app.env.API_HOST: external "apis" is any host in dev: there is no host to configure; name one there']);
  });
});
