import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { delivery } from '../../charts';
import { chartSystem } from '../../lib/cli/import';
import { readCompose } from '../../lib/compose/read';
import type { ComposeProject } from '../../lib/compose/types';
import { emitChart } from '../../lib/import/emit';
import { podsOf } from '../../lib/import/pods';
import { ImportError, importProject } from '../../lib/import/project';
import { synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { CORPUS } from './corpus';
import { evaluateChart } from './emitted';

/**
 * compose `network_mode: "service:x"`: the service runs in x's network namespace, so it becomes a sidecar of x's
 * pod, with its ports on x's Service and its dependencies and peers x's.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sidecars-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function compose(name: string, text: string): ComposeProject {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'compose.yaml'), text);
  return readCompose({ files: [path.join(dir, name, 'compose.yaml')] });
}

/** Imported, synthesized and validated: the chart, its objects in dev, and validate's errors. */
function imported(project: ComposeProject, name: string) {
  const chart = importProject(project, { name });
  const files = synthesize([chartSystem(chart)], delivery).files;
  const objects = files.filter((f) => f.path.startsWith(`${name}/dev/`)).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()));
  const find = (kind: string, objectName: string) => objects.find((o) => o.kind === kind && o.metadata.name === objectName);
  return { chart, objects, find, errors: validateFiles(files).filter(isError).map(formatFinding) };
}

// A VPN client whose network a torrent client joins, an exporter that joins the torrent client's (a chain),
// and a dashboard that names the torrent client by its compose name. The VPN's credential is not a real one.
const VPN = `
services:
  vpn:
    image: qmcgaw/gluetun:v3.40.0
    cap_add: [NET_ADMIN]
    environment:
      VPN_SERVICE_PROVIDER: mullvad
      WIREGUARD_PRIVATE_KEY: placeholder-not-a-key
    ports: ["8080:8080", "8888:8888"]
    healthcheck:
      test: ["CMD", "/gluetun-entrypoint", "healthcheck"]
      interval: 5s
    volumes: [gluetun:/gluetun]
  torrent:
    image: example/torrent:5.0.3
    network_mode: service:vpn
    depends_on:
      vpn: { condition: service_healthy }
    environment:
      WEBUI_PORT: "8080"
    volumes: [downloads:/downloads]
    restart: unless-stopped
    deploy: { replicas: 2 }
  exporter:
    image: example/torrent-exporter:1.0.0
    network_mode: service:torrent
    expose: ["9100", "8080"]
    environment:
      TORRENT_URL: http://localhost:8080
  dashboard:
    image: example/dashboard:2.1.0
    environment:
      TORRENT_URL: http://torrent:8080
    depends_on: [torrent]
    ports: ["3000"]
volumes:
  gluetun: {}
  downloads: {}
`;

describe('a VPN and the services in its network', () => {
  const { chart, find, errors } = imported(compose('vpn', VPN), 'vpn');
  const services = chart.system.services as Record<string, Record<string, unknown>>;

  test('the services in its network are sidecars of its pod, the chain resolved to its root', () => {
    expect(Object.keys(services).sort()).toEqual(['dashboard', 'vpn']);
    expect(Object.keys(services.vpn.sidecars as object)).toEqual(['exporter', 'torrent']);
    expect(chart.sidecarOf).toEqual({ exporter: 'vpn', torrent: 'vpn' });
    const pod = find('Deployment', 'vpn').spec.template.spec;
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['vpn', 'exporter', 'torrent']);
    expect(find('Deployment', 'torrent')).toBeUndefined();
  });

  test("a sidecar's own port joins the pod's Service; a port the pod already serves is listed once", () => {
    expect(find('Service', 'vpn').spec.ports.map((p: { name: string; port: number }) => `${p.name}:${p.port}`)).toEqual(['http:8080', 'p8888:8888', 'p9100:9100']);
    const exporter = find('Deployment', 'vpn').spec.template.spec.containers.find((c: { name: string }) => c.name === 'exporter');
    expect(exporter.readinessProbe.tcpSocket).toEqual({ port: 'p9100' });
    expect(chart.warnings).toContainEqual({
      path: 'services.exporter.expose',
      message: "8080/TCP is already a port of vpn's pod (they share one network namespace); it is listed once",
    });
  });

  test('a client that names a sidecar reaches its pod: a dependency on the pod, and the name as an alias', () => {
    expect(services.dashboard.dependsOn).toEqual({ vpn: 'service_started' });
    expect(services.vpn.aliases).toEqual(['torrent']);
    expect(find('Service', 'torrent').spec.selector).toEqual(find('Service', 'vpn').spec.selector);
    const ingress = find('NetworkPolicy', 'vpn').spec.ingress.find((r: { from: { podSelector?: { matchLabels: Record<string, string> } }[] }) =>
      r.from.some((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] === 'dashboard'),
    );
    expect(ingress.ports.map((p: { port: number }) => p.port)).toEqual([8080, 8888, 9100]);
  });

  test('what a pod has once is warned about: the sidecar’s replicas, restart policy, and waiting for its own pod', () => {
    const messages = chart.warnings.filter((w) => w.path.startsWith('services.torrent')).map((w) => `${w.path}: ${w.message}`);
    expect(messages).toEqual([
      "services.torrent.network_mode: torrent shares vpn's network: it is container torrent of vpn's pod",
      "services.torrent.deploy.replicas: 2 replicas not mapped: a sidecar runs once in each of vpn's pods",
      "services.torrent.restart: unless-stopped not mapped: the containers of a pod share its restart policy, vpn's",
      'services.torrent.depends_on.vpn: service_healthy is not mapped: torrent and vpn are containers of one pod, which start together; nothing can hold one back until the other is healthy',
    ]);
    expect(chart.warnings.some((w) => /network_mode.*is not mapped/.test(w.message))).toBe(false);
    // A sidecar without a check or a port of its own cannot be probed: the pod says so, with the reason.
    expect(services.vpn.exemptions).toEqual([
      { check: 'probes', reason: 'sidecar torrent: compose has no health check for it and names no port of its own, so there is nothing to probe' },
    ]);
  });

  test('the claim only a sidecar mounts is the pod’s, ReadWriteOnce', () => {
    expect(find('PersistentVolumeClaim', 'downloads').spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(find('Deployment', 'vpn').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('it synthesizes and passes npm run validate; the emitted chart evaluates to it, sidecar notes above its service', () => {
    expect(errors).toEqual([]);
    const source = emitChart(chart, ['vpn/compose.yaml']);
    expect(evaluateChart(source, chart.exportName)).toEqual({ ...chartSystem(chart), sources: ['vpn/compose.yaml'] });
    const vpnAt = source.indexOf('    vpn: {');
    expect(source.lastIndexOf('// services.torrent.network_mode', vpnAt)).toBeGreaterThan(source.indexOf('    dashboard: {'));
  });
});

const KOMPOSE = path.join(CORPUS, 'kompose', 'network-mode-service__compose.yaml');
(fs.existsSync(KOMPOSE) ? test : test.skip)("kompose's network_mode fixture: the server is a container of the client's pod", () => {
  const { chart, find, errors } = imported(readCompose({ files: [KOMPOSE] }), 'kompose-network');
  expect(Object.keys(chart.system.services as object)).toEqual(['client']);
  expect(find('Deployment', 'client').spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
    'client=busybox',
    'server=busybox',
  ]);
  expect(errors).toEqual([]);
});

describe('which network a service joins', () => {
  /** A project of services with only what podsOf reads. */
  const project = (services: Record<string, { networkMode?: string; containerName?: string }>) =>
    ({ services: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, { name, ...s }])) }) as unknown as ComposeProject;

  test('chains resolve to their root; a container name of the project is its service; another container is left alone', () => {
    const pods = podsOf(
      project({ a: { networkMode: 'service:b' }, b: { networkMode: 'container:c-box' }, c: { containerName: 'c-box' }, d: { networkMode: 'container:0cfeab0f748b' } }),
    );
    expect([...pods.rootOf]).toEqual([
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect([...pods.sidecarsOf]).toEqual([['c', ['a', 'b']]]);
    expect(pods.problems).toEqual([]);
  });

  test('a circle, a service sharing its own network and a name that is no service stop the import', () => {
    const pods = podsOf(
      project({
        a: { networkMode: 'service:b' },
        b: { networkMode: 'service:c' },
        c: { networkMode: 'service:a' },
        d: { networkMode: 'service:d' },
        e: { networkMode: 'service:zz' },
      }),
    );
    expect(pods.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'services.d.network_mode: a service cannot share its own network namespace; remove network_mode',
      'services.e.network_mode: "service:zz" names no service of the project (known: a, b, c, d, e); name the service whose network it shares',
      "services.a.network_mode: a → b → c → a share each other's network in a circle: one of them must own the network; remove network_mode from it",
    ]);
  });

  test('an inactive service naming no service is refused by the importer (compose checks only active ones)', () => {
    const p = compose('missing', 'services:\n  a:\n    image: busybox:1.37.0\n    network_mode: service:nope\n    profiles: [debug]\n  b:\n    image: busybox:1.37.0\n');
    expect(() => importProject(p, { name: 'missing' })).toThrow(ImportError);
    expect(() => importProject(p, { name: 'missing' })).toThrow(/services\.a\.network_mode: "service:nope" names no service of the project/);
  });
});
