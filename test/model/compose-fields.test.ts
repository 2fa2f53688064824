import { resolveSystem } from '../../lib/model/resolve';
import type { System } from '../../lib/model/types';
import { system, withService } from '../fixtures';
import { problems } from '../helpers';

const secrets: System['secrets'] = {
  'api-keys': { description: 'API keys', keys: { token: { remoteKey: 'demo/token' } } },
  'app-env': { description: 'the app env file', envFile: 'demo/app-env' },
};
const base = system({ secrets });
const web = (overrides: Parameters<typeof withService>[2]) => withService(base, 'web_app', overrides);

describe('compose fields: resolved, defaults settled, sorted', () => {
  test('every field reaches the resolved service in a stable order', () => {
    const s = web({
      workingDir: '/srv/app',
      hostname: 'web',
      hostAliases: [
        { ip: '10.1.2.3', hostnames: ['db.internal'] },
        { ip: '10.0.0.9', hostnames: ['ldap.internal'] },
        { ip: '10.1.2.3', hostnames: ['db2.internal', 'db.internal'] },
      ],
      init: true,
      sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.ipv4.ip_unprivileged_port_start': '0' },
      scratch: [
        { path: '/tmp', sizeMi: 100 },
        { path: '/dev/shm', sizeMi: 16, inMemory: true },
      ],
      secretFiles: [{ secret: 'api-keys', key: 'token', path: '/run/secrets/token' }],
      aliases: ['web', 'frontend'],
      annotations: { 'example.com/team': 'shop', 'com.example.description': 'the web app' },
    });
    const svc = resolveSystem(s, 'dev').services.find((x) => x.composeName === 'web_app')!;
    expect(svc).toMatchObject({
      workingDir: '/srv/app',
      hostname: 'web',
      // One entry per address (the same address twice is merged, each name once), in address order.
      hostAliases: [
        { ip: '10.0.0.9', hostnames: ['ldap.internal'] },
        { ip: '10.1.2.3', hostnames: ['db.internal', 'db2.internal'] },
      ],
      shareProcessNamespace: true,
      sysctls: [
        { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
        { name: 'net.ipv4.tcp_syncookies', value: '1' },
      ],
      scratch: [
        { path: '/dev/shm', sizeMi: 16, inMemory: true },
        { path: '/tmp', sizeMi: 100, inMemory: false },
      ],
      secretFiles: [{ secret: 'api-keys', key: 'token', path: '/run/secrets/token' }],
      aliases: ['frontend', 'web'],
    });
    expect(Object.keys(svc.annotations)).toEqual(['com.example.description', 'example.com/team']);
  });

  test('left out, they settle to nothing', () => {
    const svc = resolveSystem(base, 'dev').services.find((x) => x.composeName === 'web_app')!;
    expect(svc).toMatchObject({ hostAliases: [], shareProcessNamespace: false, sysctls: [], scratch: [], secretFiles: [], aliases: [], annotations: {} });
    expect(svc.workingDir).toBeUndefined();
    expect(svc.hostname).toBeUndefined();
  });

  test('a secret mounted as a file is read by the service, so its ExternalSecret is emitted', () => {
    expect(resolveSystem(base, 'dev').secrets).toEqual([]);
    const s = web({ secretFiles: [{ secret: 'api-keys', key: 'token', path: '/run/secrets/token' }] });
    expect(resolveSystem(s, 'dev').secrets.map((x) => [x.name, x.consumers])).toEqual([['api-keys', ['web-app']]]);
  });
});

describe('compose fields: every problem, with its path', () => {
  test('paths are absolute, and each takes one mount across mounts, writable, scratch, configuration and secret files', () => {
    const s = web({
      workingDir: 'srv',
      runAs: { uid: 1000, writablePaths: ['/tmp'] },
      scratch: [{ path: 'cache' }, { path: '/tmp/' }],
      configFiles: [{ path: '/etc/app/key.pem', content: 'x' }],
      secretFiles: [
        { secret: 'api-keys', key: 'token', path: '/etc/app/key.pem' },
        { secret: 'api-keys', key: 'token', path: '/run/secrets/' },
      ],
    });
    expect(problems(s)).toEqual([
      'services.web_app.scratch[0].path: "cache" is not an absolute path',
      'services.web_app.scratch[1].path: "/tmp/" is also runAs.writablePaths[0]: a path takes one mount; keep one of them',
      'services.web_app.secretFiles[0].path: "/etc/app/key.pem" is also configFiles[0].path: a path takes one mount; keep one of them',
      'services.web_app.secretFiles[1].path: "/run/secrets/" names a directory; give the file\'s path',
      'services.web_app.workingDir: "srv" is not an absolute path',
    ]);
  });

  test('a secret file names a secret with named keys, and one of its keys', () => {
    const s = web({
      secretFiles: [
        { secret: 'api_keys', key: 'token', path: '/run/secrets/a' },
        { secret: 'app-env', key: 'TOKEN', path: '/run/secrets/b' },
        { secret: 'api-keys', key: 'tokn', path: '/run/secrets/c' },
      ],
    });
    expect(problems(s)).toEqual([
      'services.web_app.secretFiles[0].secret: unknown secret "api_keys" (known: api-keys, app-env)',
      'services.web_app.secretFiles[1].secret: secret "app-env" is an env file, whose variables berth never names; mount a secret with named keys',
      'services.web_app.secretFiles[2].key: secret "api-keys" has no key "tokn" (known: token)',
    ]);
  });

  test('scratch sizes are whole MiB, and an in-memory path has one', () => {
    const s = web({
      scratch: [
        { path: '/a', sizeMi: 0 },
        { path: '/b', sizeMi: 1.5 },
        { path: '/dev/shm', inMemory: true },
      ],
    });
    expect(problems(s)).toEqual([
      'services.web_app.scratch[0].sizeMi: 0 must be a whole number of MiB, at least 1',
      'services.web_app.scratch[1].sizeMi: 1.5 must be a whole number of MiB, at least 1',
      "services.web_app.scratch[2].sizeMi: an in-memory scratch path counts against the memory limit, and without a size one write can use all of it (the container is OOM-killed); give it sizeMi (docker's /dev/shm is 64)",
    ]);
  });

  test('in-memory sizes that fill the memory limit of an environment are reported with the field to raise', () => {
    const scratch = [
      { path: '/dev/shm', sizeMi: 64, inMemory: true },
      { path: '/run', sizeMi: 64, inMemory: true },
      { path: '/var/tmp', sizeMi: 4096 },
    ];
    const dev = base.environments.dev;
    const s = withService({ ...base, environments: { dev, prod: { ...dev, services: { web_app: { resources: { cpu: 0.1, memoryMi: 96 } } } } } }, 'web_app', {
      scratch,
      resources: { cpu: 0.1, memoryMi: 256 },
    });
    expect(problems(s)).toEqual([
      'services.web_app.scratch: in-memory paths of 64 MiB (/dev/shm) + 64 MiB (/run) = 128 MiB fill the memory limit of 96 MiB in prod, leaving the process nothing: raise memoryLimitMi in environments.prod.services.web_app.resources above 128 MiB plus what the process needs, shrink sizeMi, or keep a path on disk (inMemory: false)',
    ]);
    expect(problems(withService(base, 'web_app', { scratch, resources: { cpu: 0.1, memoryMi: 128 } }))[0]).toContain(
      'raise memoryLimitMi in services.web_app.resources above 128 MiB',
    );
  });

  test('sysctls only from the safe set the namespaces admit, each with its value as text', () => {
    const s = web({ sysctls: { 'kernel.msgmax': '65536', 'net.ipv4.tcp_keepalive_time': '600', 'net.ipv4.ip_local_port_range': 1024 as unknown as string } });
    const allowed =
      'allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies';
    expect(problems(s)).toEqual([
      `services.web_app.sysctls.kernel.msgmax: kernel.msgmax is not in the kubelet's safe set, which the restricted Pod Security Standard allows; leave it out, or set it on the nodes (${allowed})`,
      `services.web_app.sysctls.net.ipv4.tcp_keepalive_time: net.ipv4.tcp_keepalive_time is safe only from Kubernetes 1.29, but the namespaces enforce Pod Security v1.28 (and a 1.28 kubelet refuses it); leave it out (${allowed})`,
      'services.web_app.sysctls.net.ipv4.ip_local_port_range: 1024 must be the value as text ("1024", "0 65535")',
    ]);
  });

  test('host name and /etc/hosts entries are what the API server accepts', () => {
    const s = web({
      hostname: 'Web_1',
      hostAliases: [
        { ip: '10.0.0.256', hostnames: ['db.internal'] },
        { ip: 'host-gateway', hostnames: ['host.docker.internal'] },
        { ip: '::1', hostnames: [] },
        { ip: '10.0.0.1', hostnames: ['DB_host'] },
      ],
    });
    expect(problems(s)).toEqual([
      'services.web_app.hostname: "Web_1" is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)',
      'services.web_app.hostAliases[0].ip: "10.0.0.256" is not an IPv4 or IPv6 address',
      'services.web_app.hostAliases[1].ip: "host-gateway" is docker\'s address of its host; a pod has no such address: name the service by its address, or make it an external',
      'services.web_app.hostAliases[2].hostnames: name at least one host',
      'services.web_app.hostAliases[3].hostnames[0]: "DB_host" is not a DNS-1123 subdomain (lowercase labels separated by ".")',
    ]);
  });

  test('aliases are Service names of their own, on a server with ports', () => {
    const s = withService(web({ aliases: ['my_db', 'cache', 'web'] }), 'worker', { aliases: ['web'] });
    expect(problems(s)).toEqual([
      'services.web_app.aliases[1]: "cache" is already the name of service "cache"; an alias needs a name of its own',
      'services.worker.aliases[0]: "web" is already the name of an alias of "web_app"; an alias needs a name of its own',
      'services.web_app.aliases[0]: "my_db" is not a DNS-1035 label (a lowercase letter, then lowercase letters, digits and "-", at most 63): it is the Service name clients resolve, so it is used as written',
      'services.worker.aliases: an alias is a Service in front of the ports of a server; this service has none (a long-running or per-node service with ports)',
    ]);
  });

  test("annotation keys are Kubernetes' qualified names, never berth's or Argo CD's own", () => {
    const s = web({
      annotations: {
        'com.example.description': 'compose label keys are valid names',
        'berth.dev/description': 'x',
        'policy.berth.dev/exempt': 'probes: none',
        'argocd.argoproj.io/sync-wave': '-5',
        'checksum/config': 'abc',
        'a/b/c': 'x',
        'Example.com/x': 'x',
        'example.com/-x': 'x',
        'example.com/n': 5 as unknown as string,
      },
    });
    expect(problems(s)).toEqual([
      'services.web_app.annotations.berth.dev/description: "berth.dev/" is reserved: berth writes berth.dev annotations itself (sync waves, hooks, checksums, facts); leave it out or rename the key',
      'services.web_app.annotations.policy.berth.dev/exempt: "policy.berth.dev/" is reserved: berth writes berth.dev annotations itself (sync waves, hooks, checksums, facts); leave it out or rename the key',
      'services.web_app.annotations.argocd.argoproj.io/sync-wave: "argocd.argoproj.io/" is reserved: berth writes argocd.argoproj.io annotations itself (sync waves, hooks, checksums, facts); leave it out or rename the key',
      'services.web_app.annotations.checksum/config: "checksum/" is reserved: berth writes checksum annotations itself (sync waves, hooks, checksums, facts); leave it out or rename the key',
      'services.web_app.annotations.a/b/c: "a/b/c" has more than one "/": an annotation key is [prefix/]name',
      'services.web_app.annotations.Example.com/x: prefix "Example.com" is not a DNS-1123 subdomain (lowercase labels separated by ".")',
      'services.web_app.annotations.example.com/-x: "-x" is not an annotation name (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63)',
      'services.web_app.annotations.example.com/n: 5 must be text; quote it',
    ]);
  });

  test('a scratch path whose volume name another path of the pod already has', () => {
    const s = web({ runAs: { uid: 1000, writablePaths: ['/app/.cache'] }, scratch: [{ path: '/app/cache' }] });
    expect(problems(s)).toEqual([
      'services.web_app.scratch: scratch path "/app/cache" becomes pod volume "scratch-app-cache", like writable path "/app/.cache"; rename or merge one of them',
    ]);
  });

  test('a config file named __proto__, a ConfigMap key cdk8s would drop while the pod mounts it', () => {
    const s = web({ configFiles: [{ path: '/etc/app/__proto__', content: 'x\n' }] });
    expect(problems(s)).toEqual(['services.web_app.configFiles[0].path: "/etc/app/__proto__" ends in "__proto__", which no ConfigMap key can be here; rename the file']);
  });

  test('an env variable named __proto__, which cdk8s would drop from the ConfigMap the container reads', () => {
    const env: Record<string, string> = { OK: '1' };
    Object.defineProperty(env, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
    expect(problems(web({ env }))).toEqual(['services.web_app.env.__proto__: is a name no berth ConfigMap can hold; rename the variable']);
  });
});
