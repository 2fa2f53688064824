import { resolveSystem } from '../../lib/model/resolve';
import type { Sidecar, System } from '../../lib/model/types';
import { sidecarSystem, withService } from '../fixtures';
import { problems } from '../helpers';

const pod = sidecarSystem();
const torrent = pod.services.vpn.sidecars!.torrent;
/** The pod with its sidecars replaced. */
const withSidecars = (sidecars: Record<string, Partial<Sidecar> | Record<string, unknown>>, base: System = pod) =>
  withService(base, 'vpn', { sidecars: Object.fromEntries(Object.entries(sidecars).map(([name, s]) => [name, { ...torrent, ...s } as Sidecar])) });

describe('sidecars: resolved', () => {
  test('each is a container with its defaults settled and its lists sorted; the pod pulls, reads and mounts for it', () => {
    const resolved = resolveSystem(pod, 'dev');
    const vpn = resolved.services.find((s) => s.name === 'vpn')!;
    expect(vpn.sidecars).toHaveLength(1);
    expect(vpn.sidecars[0]).toMatchObject({
      name: 'torrent',
      image: 'example/torrent:5.0.3',
      args: ['--webui-port=8080'],
      ports: [{ name: 'webui', port: 8080, protocol: 'TCP' }],
      runAs: { uid: 911, gid: 911, writablePaths: ['/tmp'] },
      resources: { cpu: 0.2, memoryMi: 256, memoryLimitMi: 512 },
      configFiles: [{ path: '/config/torrent.conf', key: 'torrent.torrent.conf', content: 'listen=8080\n' }],
      healthCheck: { intervalSeconds: 30, timeoutSeconds: 30, retries: 3, startPeriodSeconds: 0, liveness: false },
    });
    expect(vpn.runAs).toEqual({ uid: 1000, gid: 1000, fsGroup: 2000, writablePaths: ['/tmp'], writableCopies: [] });
    // Secrets only the sidecar reads are consumed by the pod's service: their ExternalSecrets are emitted.
    expect(resolved.secrets.map((s) => [s.name, s.consumers])).toEqual([
      ['torrent-env', ['vpn']],
      ['vpn', ['vpn']],
    ]);
    // A claim both containers mount has one consumer, so it stays ReadWriteOnce.
    expect(resolved.volumes.map((v) => [v.name, v.accessMode, v.consumers])).toEqual([['downloads', 'ReadWriteOnce', ['vpn']]]);
  });

  test('{{berth.maxmemory}} in a sidecar command is a share of its own memory limit', () => {
    const s = withSidecars({
      torrent: {},
      store: { image: 'example/store:1.0.0', command: ['--maxmemory', '{{berth.maxmemory}}'], ports: [], healthCheck: { test: { kind: 'tcp', port: 8080 } } },
    });
    const vpn = resolveSystem(s, 'dev').services.find((x) => x.name === 'vpn')!;
    expect(vpn.sidecars.map((x) => [x.name, x.args])).toEqual([
      ['store', ['--maxmemory', '384mb']],
      ['torrent', ['--webui-port=8080']],
    ]);
  });
});

describe('a sidecar on an image the team builds', () => {
  const built = withSidecars({ torrent: { image: { repository: 'ghcr.io/acme/torrent' } } });
  const released = (release: System['environments'][string]['release']) => ({ ...built, environments: { dev: { ...built.environments.dev, release } } });

  test('it needs a release like a service: the release names the image, run by the pod’s service', () => {
    expect(problems(built)).toEqual(['environments.dev.release.torrent: no release of ghcr.io/acme/torrent (run by vpn): berth release pod dev torrent=<tag>[@sha256:<digest>]']);
    const resolved = resolveSystem(released({ torrent: { tag: '5.0.3' } }), 'dev');
    expect(resolved.services.find((s) => s.name === 'vpn')!.sidecars[0].image).toBe('ghcr.io/acme/torrent:5.0.3');
    expect(resolved.release).toEqual([{ name: 'torrent', reference: 'ghcr.io/acme/torrent:5.0.3', services: ['vpn'], pending: [] }]);
  });

  test('its repository is checked where it is written', () => {
    const tagged = withSidecars({ torrent: { image: { repository: 'ghcr.io/acme/torrent:5.0.3' } } });
    expect(problems(tagged)).toContain(
      'services.vpn.sidecars.torrent.image.repository: "ghcr.io/acme/torrent:5.0.3" names a tag or digest: name the repository only; each environment\'s tag is its release\'s (berth release)',
    );
  });
});

describe('sidecars: every problem, with its path', () => {
  test('a name is a container name of its own: a DNS label, not the service’s, not a gate’s', () => {
    const s = withSidecars({ Torrent_1: { ports: [] }, vpn: { ports: [] }, 'wait-for-db': { ports: [] } });
    expect(problems(s).filter((p) => / is (not a container name|the name of)|starts with/.test(p))).toEqual([
      'services.vpn.sidecars.Torrent_1: "Torrent_1" is not a container name: a DNS-1123 label (lowercase letters, digits and "-", at most 63)',
      'services.vpn.sidecars.vpn: "vpn" is the name of the service\'s own container; give the sidecar a name of its own',
      'services.vpn.sidecars.wait-for-db: "wait-for-db" starts with "wait-for-", which names the pod\'s init containers (gates); give the sidecar another name',
    ]);
  });

  test('ports are the pod’s: a number or a name the service or another sidecar has is refused', () => {
    const s = withSidecars({
      torrent: {
        ports: [
          { name: 'proxy', port: 9000 },
          { name: 'webui', port: 8888 },
          { name: 'webui', port: 8080 },
        ],
      },
      other: { ports: [{ name: 'other', port: 8080 }], healthCheck: undefined },
    });
    expect(problems(s).filter((p) => /port/.test(p) && !/readiness/.test(p))).toEqual([
      'services.vpn.sidecars.torrent.ports[0].name: port name "proxy" is also services.vpn.ports[0]: the containers of a pod share its network and its Service; use another',
      'services.vpn.sidecars.torrent.ports[1].port: port 8888/TCP is also services.vpn.ports[0]: the containers of a pod share its network and its Service; use another',
      'services.vpn.sidecars.torrent.ports[2].port: port 8080/TCP is also services.vpn.sidecars.other.ports[0]: the containers of a pod share its network and its Service; use another',
      'services.vpn.sidecars.torrent.ports[2].name: duplicate port name "webui"',
    ]);
  });

  test('paths are absolute and take one mount in the container; volumes and secrets exist; the image is pinned; the UID is not root', () => {
    const s = withSidecars({
      torrent: {
        image: 'example/torrent',
        mounts: [
          { volume: 'downloads', path: 'downloads' },
          { volume: 'media', path: '/media' },
        ],
        scratch: [{ path: '/tmp', inMemory: true }],
        configFiles: [{ path: '/config/torrent.conf', content: 'x' }],
        secretFiles: [{ secret: 'vpn', key: 'nope', path: '/config/torrent.conf' }],
        envFiles: ['vpn', 'missing'],
        env: { PASSWORD: { secret: 'vpn', key: 'other' } },
        runAs: { uid: 0, writablePaths: ['/tmp'] },
        workingDir: 'srv',
      },
    });
    expect(problems(s)).toEqual([
      'services.vpn.sidecars.torrent.image: "example/torrent" is not pinned; give it an explicit tag other than "latest"',
      'services.vpn.sidecars.torrent.mounts[0].path: "downloads" is not an absolute path',
      'services.vpn.sidecars.torrent.scratch[0].path: "/tmp" is also runAs.writablePaths[0]: a path takes one mount; keep one of them',
      "services.vpn.sidecars.torrent.scratch[0].sizeMi: an in-memory scratch path counts against the memory limit, and without a size one write can use all of it (the container is OOM-killed); give it sizeMi (docker's /dev/shm is 64)",
      'services.vpn.sidecars.torrent.secretFiles[0].path: "/config/torrent.conf" is also configFiles[0].path: a path takes one mount; keep one of them',
      'services.vpn.sidecars.torrent.secretFiles[0].key: secret "vpn" has no key "nope" (known: private-key, webui-password)',
      'services.vpn.sidecars.torrent.workingDir: "srv" is not an absolute path',
      'services.vpn.sidecars.torrent.mounts[1].volume: volume "media" is mounted but not declared (known: downloads)',
      'services.vpn.sidecars.torrent.envFiles[0]: secret "vpn" has named keys; an env file is a secret with `envFile`',
      'services.vpn.sidecars.torrent.envFiles[1]: unknown secret "missing" (known: torrent-env, vpn)',
      'services.vpn.sidecars.torrent.env.PASSWORD: secret "vpn" has no key "other" (known: private-key, webui-password)',
      'services.vpn.sidecars.torrent.runAs.uid: 0 is not allowed: the restricted Pod Security Standard needs a non-zero UID',
    ]);
  });

  test('in a service that keeps running, a sidecar needs a readiness check or the service’s probes exemption; a remote check is the service’s', () => {
    const unchecked = withSidecars({ torrent: { healthCheck: undefined } });
    expect(problems(unchecked)).toEqual([
      'services.vpn.sidecars.torrent: a sidecar of a service that keeps running needs a readiness check (the pod is ready when every container is): add healthCheck (a tcp check on one of its ports at least) or an exemption for probes on the service with the reason',
    ]);
    expect(problems(withService(unchecked, 'vpn', { exemptions: [{ check: 'probes', reason: 'the torrent client has no check' }] }))).toEqual([]);
    const remote = withSidecars({
      torrent: { healthCheck: { test: { kind: 'tcp', port: 9999 }, remote: { image: 'busybox:1.37.0', command: ['true'] } } },
    });
    expect(problems(remote)).toEqual([
      'services.vpn.sidecars.torrent.healthCheck.test.port: tcp check on port 9999, which the service does not expose (ports: 8888, 8080)',
      "services.vpn.sidecars.torrent.healthCheck.remote: dependents wait on the service's own check, never a sidecar's; leave it out (or give it to the service's healthCheck)",
    ]);
  });

  test('fsGroup is the pod’s, and a misspelt field is named', () => {
    const s = withSidecars({ torrent: { runAs: { uid: 911, fsGroup: 911 }, helthCheck: {} } });
    expect(problems(s)).toEqual([
      'services.vpn.sidecars.torrent.helthCheck: is not a field berth knows; did you mean healthCheck?',
      "services.vpn.sidecars.torrent.runAs.fsGroup: a pod has one fsGroup, its service's runAs.fsGroup: every container gets it as a supplementary group, so leave it out here (or set it on the service)",
    ]);
  });

  test('a route and a dependent may use a port only a sidecar serves', () => {
    const portless = withService(withSidecars({ torrent: {} }), 'vpn', { ports: undefined, healthCheck: { test: { kind: 'tcp', port: 8080 } } });
    const s = withService(portless, 'web_app', { dependsOn: { vpn: 'service_started' }, talksTo: undefined });
    expect(problems(s)).toEqual([]);
    const web = resolveSystem(s, 'dev').services.find((x) => x.name === 'web-app')!;
    expect(web.dependsOn[0].check).toEqual({ kind: 'tcp', host: 'vpn', port: 8080 });
  });

  test('two containers give one ConfigMap key different values: refused, naming both', () => {
    const s = withService(withSidecars({ torrent: {} }), 'vpn', { env: { 'torrent.VPN_TYPE': 'x' } });
    expect(problems(s)).toEqual([
      'services.vpn.sidecars.torrent.env.VPN_TYPE: becomes key "torrent.VPN_TYPE" of the service\'s ConfigMap, like services.vpn.env.torrent.VPN_TYPE; rename one of them',
    ]);
  });
});
