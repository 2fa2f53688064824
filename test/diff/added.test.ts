import { compareTrees } from '../../lib/diff/compare';
import { risksOf } from '../../lib/diff/risks';
import type { Service, System } from '../../lib/model/types';
import type { LoadedObject } from '../../lib/validate/manifests';
import { base, documents, plant, plantFile, risks, tree, withChart } from './plant';

/* eslint-disable @typescript-eslint/no-explicit-any -- planted changes edit objects as YAML gives them */

const PROD = 'marketnavigator/prod';
const NS = 'marketnavigator-prod';
const loosened = (head: Map<string, string>, from = base) => risks(head, from).filter((r) => r.risk === 'security-loosened');

/** A chart change applied to one service of marketnavigator. */
const withService = (name: string, change: (svc: Service) => Service | undefined): System[] =>
  withChart((s) => ({
    ...s,
    services: Object.fromEntries(Object.entries({ ...s.services, [name]: change(s.services[name]) }).filter(([, v]) => v !== undefined)) as System['services'],
  }));

const hostAccess = (svc: Service): Service =>
  ({
    ...svc,
    hostAccess: { paths: { '/var/log': '/host/log' } },
    exemptions: [...(svc.exemptions ?? []), { check: 'host-access', reason: 'reads the node logs' }],
  }) as Service;

describe('berth diff: security loosened by added objects', () => {
  test('a service given host access moves to a new privileged namespace: the move, the namespace and its paths need a human', () => {
    const found = risks(tree(withService('flower', (svc) => hostAccess(svc)))).filter((r) => r.dir === PROD);
    expect(found.filter((r) => r.risk === 'security-loosened').map((r) => [r.object, r.message])).toEqual([
      ['Deployment flower', `moved from namespace ${NS} to ${NS}-host: mounts host path /var/log`],
      [
        `Namespace ${NS}-host`,
        'new namespace, looser than the restricted baseline: Pod Security enforcement restricted → privileged (policy.berth.dev/privileged-because: flower: reads the node logs)',
      ],
    ]);
    // The same connection from a pod in another namespace is another path: the namespace is part of its identity.
    expect(found.filter((r) => r.risk === 'network-path-added').map((r) => r.message)).toContain(`NetworkPolicies now allow ${NS}-host/flower → ${NS}/redis 6379/TCP`);
  });

  test('a new per-node agent that mounts host paths', () => {
    const agent: Service = hostAccess({
      description: 'ships node logs',
      kind: 'per-node',
      image: 'example/log-agent:1.2.3',
      component: 'logging',
      resources: { cpu: 0.05, memoryMi: 64 },
      runAs: { uid: 1000 },
      exemptions: [{ check: 'probes', reason: 'a test agent without a port' }],
    } as Service);
    const found = loosened(tree(withService('log_agent', () => agent))).filter((r) => r.dir === PROD);
    expect(found.map((r) => [r.object, r.message.split(':')[0]])).toEqual([
      ['DaemonSet log-agent', 'new DaemonSet, looser than the restricted baseline'],
      [`Namespace ${NS}-host`, 'new namespace, looser than the restricted baseline'],
    ]);
    expect(found[0].message).toBe('new DaemonSet, looser than the restricted baseline: mounts host path /var/log');
  });

  /** PROD's redis Deployment under another component name, in a file of its own: a new workload. */
  function newWorkload(loosen: (pod: any, container: any) => void = () => undefined): Map<string, string> {
    const redis = structuredClone(documents(`${PROD}/redis.yaml`).find((d) => d.kind === 'Deployment'));
    const name = 'redis-copy';
    redis.metadata.name = name;
    for (const labels of [redis.metadata.labels, redis.spec.selector.matchLabels, redis.spec.template.metadata.labels]) labels['app.kubernetes.io/name'] = name;
    loosen(redis.spec.template.spec, redis.spec.template.spec.containers[0]);
    return plantFile(`${PROD}/${name}.yaml`, [redis]);
  }

  test('a new workload as berth writes it is within the baseline', () => {
    expect(loosened(newWorkload())).toEqual([]);
  });

  test.each([
    ['privileged', (_: any, c: any) => (c.securityContext.privileged = true), 'container redis: privileged'],
    ['an added capability', (_: any, c: any) => (c.securityContext.capabilities.add = ['SYS_ADMIN']), 'container redis: adds capabilities SYS_ADMIN'],
    [
      'runAsNonRoot false',
      (p: any, c: any) => (p.securityContext.runAsNonRoot = c.securityContext.runAsNonRoot = false),
      'container redis: runAsNonRoot not true: the image may run as root',
    ],
    ['root', (p: any) => (p.securityContext.runAsUser = 0), 'pod runs as root (runAsUser 0)'],
    ['the host network', (p: any) => (p.hostNetwork = true), 'hostNetwork: true'],
    ['the host PID namespace', (p: any) => (p.hostPID = true), 'hostPID: true'],
    ['the host IPC namespace', (p: any) => (p.hostIPC = true), 'hostIPC: true'],
    ['a host port', (_: any, c: any) => (c.ports[0].hostPort = 6379), 'container redis: hostPort 6379'],
    ['a host path', (p: any) => p.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }), 'mounts host path /var/run/docker.sock'],
    [
      'an NFS volume',
      (p: any) => p.volumes.push({ name: 'shared', nfs: { server: 'nas', path: '/export' } }),
      'volume shared of type nfs, which the restricted standard does not allow',
    ],
    ['no seccomp profile', (p: any, c: any) => (delete p.securityContext.seccompProfile, delete c.securityContext.seccompProfile), 'container redis: seccomp profile none'],
    ['privilege escalation', (_: any, c: any) => (c.securityContext.allowPrivilegeEscalation = true), 'container redis: allowPrivilegeEscalation not false'],
    [
      'a shared process namespace',
      (p: any) => (p.shareProcessNamespace = true),
      "shareProcessNamespace: true (compose init): every container sees the others' processes, environment and root filesystem",
    ],
    ['a sysctl', (p: any) => (p.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]), 'sysctl net.ipv4.ip_unprivileged_port_start=0'],
    ['the service account token', (p: any) => (p.automountServiceAccountToken = true), 'the service account token is mounted (automountServiceAccountToken)'],
  ])('a new workload looser than the restricted baseline: %s', (_, loosen, message) => {
    expect(loosened(newWorkload(loosen)).map((r) => [r.object, r.message])).toEqual([['Deployment redis-copy', `new Deployment, looser than the restricted baseline: ${message}`]]);
  });

  test('a workload deleted and created in another namespace is held against what it was', () => {
    const move = (o: any) => ({ ...o, metadata: { ...o.metadata, namespace: `${NS}-other` } });
    expect(loosened(plant(`${PROD}/redis.yaml`, 'Deployment/redis', move))).toEqual([]);
    const moved = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => {
      o.spec.template.spec.hostPID = true;
      return move(o);
    });
    expect(loosened(moved).map((r) => r.message)).toEqual([`moved from namespace ${NS} to ${NS}-other: hostPID: true`]);
  });

  test('a new system: what the restricted baseline does not allow is reported, and each is exempt by the chart', () => {
    const head = tree();
    const diffs = compareTrees(new Map(), head);
    const found = diffs.flatMap(risksOf).filter((r) => r.risk === 'security-loosened');
    const objects = diffs.flatMap((d) => d.headObjects.map((o): [string, LoadedObject] => [`${d.dir} ${o.kind} ${o.name}`, o]));
    const byKey = new Map(objects);
    for (const r of found) {
      const annotations = byKey.get(`${r.dir} ${r.object}`)!.body.metadata.annotations ?? {};
      expect(annotations['policy.berth.dev/exempt'] ?? annotations['policy.berth.dev/privileged-because']).toBeDefined();
    }
    const withHostPaths = objects.filter(([, o]) => (o.body.spec?.template?.spec?.volumes ?? []).some((v: any) => v.hostPath));
    expect(withHostPaths.length).toBeGreaterThan(0);
    for (const [key, o] of withHostPaths) {
      for (const v of o.body.spec.template.spec.volumes.filter((v: any) => v.hostPath)) {
        expect(found.map((r) => `${r.dir} ${r.object}: ${r.message}`)).toContain(`${key}: new ${o.kind}, looser than the restricted baseline: mounts host path ${v.hostPath.path}`);
      }
    }
  });

  test('compose init and sysctls on a running service loosen it', () => {
    const init = loosened(tree(withService('backend', (svc) => ({ ...svc, init: true }) as Service))).filter((r) => r.dir === PROD);
    expect(init.map((r) => r.message)).toEqual([expect.stringMatching(/^shareProcessNamespace: true \(compose init\): every container sees the others' processes/)]);
    const sysctls = loosened(tree(withService('backend', (svc) => ({ ...svc, sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80' } }) as Service))).filter(
      (r) => r.dir === PROD,
    );
    expect(sysctls.map((r) => r.message)).toEqual(['sysctl net.ipv4.ip_unprivileged_port_start=80']);
  });
});
