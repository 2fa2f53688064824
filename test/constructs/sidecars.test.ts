import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { delivery } from '../../charts';
import { InvalidDescriptionError, synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { envObjects, findObject, podSpec } from '../helpers';
import { sidecarSystem, withService } from '../fixtures';

/** A sidecar (compose `network_mode: service:vpn`) in the manifests: one more container of vpn's pod. */
const pod = sidecarSystem();
const objects = envObjects('pod', 'dev', [pod]);
const deployment = findObject(objects, 'Deployment', 'vpn');
const spec = podSpec(deployment);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const container = (name: string) => spec.containers.find((c: any) => c.name === name);

describe('a service with a sidecar', () => {
  test("the sidecar is a second container of the pod, after the service's own, with its image, args and resources", () => {
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['vpn', 'torrent']);
    const torrent = container('torrent');
    expect(torrent).toMatchObject({
      image: 'example/torrent:5.0.3',
      imagePullPolicy: 'IfNotPresent',
      args: ['--webui-port=8080'],
      ports: [{ name: 'webui', containerPort: 8080, protocol: 'TCP' }],
      resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    });
  });

  test('it runs as its own UID and GID under the restricted context, in the pod’s one fsGroup', () => {
    expect(spec.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, runAsNonRoot: true });
    expect(container('torrent').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      runAsUser: 911,
      runAsGroup: 911,
    });
    expect(container('vpn').securityContext.runAsUser).toBeUndefined();
  });

  test('its port is a port of the pod’s Service, and the route and the clients of the service reach it', () => {
    expect(findObject(objects, 'Service', 'vpn').spec.ports).toEqual([
      { name: 'proxy', port: 8888, targetPort: 'proxy', protocol: 'TCP' },
      { name: 'webui', port: 8080, targetPort: 'webui', protocol: 'TCP' },
    ]);
    const policy = findObject(objects, 'NetworkPolicy', 'vpn');
    const fromWeb = policy.spec.ingress.find((r: { from: { podSelector?: { matchLabels: Record<string, string> } }[] }) =>
      r.from.some((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] === 'web-app'),
    );
    expect(fromWeb.ports).toEqual([
      { port: 8888, protocol: 'TCP' },
      { port: 8080, protocol: 'TCP' },
    ]);
    const egress = findObject(objects, 'NetworkPolicy', 'web-app').spec.egress.find((r: { to: { podSelector?: { matchLabels: Record<string, string> } }[] }) =>
      r.to.some((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] === 'vpn'),
    );
    expect(egress.ports.map((p: { port: number }) => p.port)).toEqual([8888, 8080]);
    const ingressController = policy.spec.ingress.find((r: { from: { namespaceSelector?: unknown }[] }) => r.from.some((p) => p.namespaceSelector));
    expect(ingressController.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('its readiness probe is its own, by its port name; the workload says where the HTTP check comes from', () => {
    expect(container('torrent').readinessProbe).toMatchObject({ httpGet: { path: '/api/v2/app/version', port: 'webui' } });
    expect(container('vpn').readinessProbe).toMatchObject({ tcpSocket: { port: 'proxy' } });
    expect(deployment.metadata.annotations['berth.dev/health-check-source']).toBe('torrent: the torrent client API documentation');
  });

  test("a check on another container's port probes it by number: the kubelet looks a port name up in the probed container only", () => {
    const s = withService(pod, 'vpn', { healthCheck: { test: { kind: 'tcp', port: 8080 } } });
    const vpn = podSpec(findObject(envObjects('pod', 'dev', [s]), 'Deployment', 'vpn')).containers[0];
    expect(vpn.readinessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
  });

  test('env: plain values are keys <sidecar>.<VAR> of the service’s ConfigMap, credentials by reference, env files whole', () => {
    expect(findObject(objects, 'ConfigMap', 'vpn-config').data).toEqual({ VPN_TYPE: 'wireguard', 'torrent.VPN_TYPE': 'none' });
    const torrent = container('torrent');
    expect(torrent.env).toEqual([
      { name: 'VPN_TYPE', valueFrom: { configMapKeyRef: { name: 'vpn-config', key: 'torrent.VPN_TYPE' } } },
      { name: 'WEBUI_PASSWORD', valueFrom: { secretKeyRef: { name: 'vpn', key: 'webui-password' } } },
    ]);
    expect(torrent.envFrom).toEqual([{ secretRef: { name: 'torrent-env' } }]);
    // The secrets only the sidecar reads are still emitted.
    expect(findObject(objects, 'ExternalSecret', 'torrent-env').spec.dataFrom).toBeDefined();
    expect(findObject(objects, 'ExternalSecret', 'vpn').spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['private-key', 'webui-password']);
  });

  test('volumes: one claim mounted by both, each container’s own emptyDirs, one files ConfigMap and one Secret volume', () => {
    expect(spec.volumes).toEqual([
      { name: 'config-files', configMap: { name: 'vpn-files' } },
      { name: 'downloads', persistentVolumeClaim: { claimName: 'downloads' } },
      { name: 'scratch-tmp', emptyDir: {} },
      { name: 'scratch-torrent-dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } },
      { name: 'scratch-torrent-tmp', emptyDir: {} },
      { name: 'secret-vpn', secret: { secretName: 'vpn', defaultMode: 0o440, items: [{ key: 'webui-password', path: 'webui-password' }] } },
    ]);
    expect(container('torrent').volumeMounts).toEqual([
      { name: 'config-files', mountPath: '/config/torrent.conf', subPath: 'torrent.torrent.conf', readOnly: true },
      { name: 'scratch-torrent-dev-shm', mountPath: '/dev/shm' },
      { name: 'downloads', mountPath: '/downloads' },
      { name: 'secret-vpn', mountPath: '/run/secrets/webui', subPath: 'webui-password', readOnly: true },
      { name: 'scratch-torrent-tmp', mountPath: '/tmp' },
    ]);
    expect(container('vpn').volumeMounts).toEqual([
      { name: 'downloads', mountPath: '/downloads' },
      { name: 'scratch-tmp', mountPath: '/tmp' },
    ]);
    expect(findObject(objects, 'ConfigMap', 'vpn-files').data).toEqual({ 'torrent.torrent.conf': 'listen=8080\n' });
    // One pod mounts the claim, however many of its containers do: ReadWriteOnce, and a Recreate rollout.
    expect(findObject(objects, 'PersistentVolumeClaim', 'downloads').spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('a change to the sidecar’s configuration rolls the pod', () => {
    const changed = withService(pod, 'vpn', {
      sidecars: { torrent: { ...pod.services.vpn.sidecars!.torrent, env: { VPN_TYPE: 'other' } } },
    });
    const checksum = (objs: typeof objects) => findObject(objs, 'Deployment', 'vpn').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(envObjects('pod', 'dev', [changed]))).not.toBe(checksum(objects));
  });

  test('the output passes npm run validate: schema, references, restricted policy and runtime rules', () => {
    const findings = validateFiles(synthesize([pod], delivery).files)
      .filter(isError)
      .map(formatFinding);
    expect(findings).toEqual([]);
  });
});

describe('sidecars: either rejected or a pod the API server takes', () => {
  // Paths and names that slug alike, so volume names of the two containers collide often.
  const piece = fc.constantFrom('tmp', 'torrent/tmp', 'a', 'torrent-a', 'dev/shm');
  const input = fc.record({
    main: fc.array(
      piece.map((p) => `/${p}`),
      { maxLength: 2 },
    ),
    sidecar: fc.array(
      piece.map((p) => `/${p}`),
      { maxLength: 2 },
    ),
    scratch: fc.array(
      piece.map((p) => `/${p}`),
      { maxLength: 2 },
    ),
  });

  test('every container name is unique, every volume has one name, and every mount names a volume of the pod', () => {
    let [accepted, rejected] = [0, 0];
    fc.assert(
      fc.property(input, ({ main, sidecar, scratch }) => {
        const torrent = pod.services.vpn.sidecars!.torrent;
        const s = withService(pod, 'vpn', {
          runAs: { uid: 1000, writablePaths: main },
          sidecars: { torrent: { ...torrent, runAs: { uid: 911, writablePaths: sidecar }, scratch: scratch.map((path) => ({ path, sizeMi: 16 })) } },
        });
        let files;
        try {
          files = synthesize([s], delivery).files;
        } catch (err) {
          if (err instanceof InvalidDescriptionError) return void rejected++;
          throw err;
        }
        accepted++;
        const vpn = parseAllDocuments(files.find((f) => f.path === 'pod/dev/vpn.yaml')!.content)
          .map((d) => d.toJS())
          .find((o) => o.kind === 'Deployment');
        const podSpec = vpn.spec.template.spec;
        const volumes: string[] = podSpec.volumes.map((v: { name: string }) => v.name);
        expect(new Set(volumes).size).toBe(volumes.length);
        for (const c of podSpec.containers as { volumeMounts?: { name: string; mountPath: string }[] }[]) {
          const mounts = c.volumeMounts ?? [];
          expect(new Set(mounts.map((m) => m.mountPath)).size).toBe(mounts.length);
          for (const m of mounts) expect(volumes).toContain(m.name);
        }
      }),
      { numRuns: 120 },
    );
    expect([accepted > 20, rejected > 20]).toEqual([true, true]);
  });
});
