import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { toYaml } from '../../lib/yaml-emit';
import { delivery, systems } from '../../charts';
import { formatFinding, isError, validateDirectory } from '../../lib/validate';
import { runtimeRuleOf } from '../../lib/validate/runtime';
import { SchemaValidator } from '../../lib/validate/schema';
import { writeTree } from '../../lib/output';
import { synthesize } from '../../lib/synthesize';

const schema = new SchemaValidator();
const files = synthesize(systems, delivery).files;
const DEV = 'marketnavigator/dev';

/**
 * Writes the real output with one object (`Kind/name` in `file`) changed by `mutate`, validates `dir`, and returns
 * the findings as text: the schema, reference and policy findings the planted change is about, or with
 * `withRuntime` every error, runtime rules included (warnings do not fail validate; the runtime rules have their
 * own tests in runtime.test.ts).
 */
function plant(target: string, mutate: (o: any) => void, dir = DEV, withRuntime = false): string[] {
  const [file, object] = target.split(' ');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-validate-'));
  try {
    const changed = files.map((f) => {
      if (f.path !== file) return f;
      const docs = parseAllDocuments(f.content).map((d) => d.toJS());
      const doc = docs.find((d) => `${d.kind}/${d.metadata.name}` === object);
      if (!doc) throw new Error(`no ${object} in ${file}`);
      mutate(doc);
      return { ...f, content: docs.map(toYaml).join('---\n') };
    });
    writeTree(path.join(out, 'dist'), changed);
    return validateDirectory(path.join(out, 'dist', dir), schema)
      .filter((f) => (withRuntime ? isError(f) : runtimeRuleOf(f) === undefined))
      .map((f) => formatFinding(f).replace(`${path.join(out, 'dist')}/`, ''));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const backend = `${DEV}/backend.yaml Deployment/backend`;
const fileOf = (target: string) => target.split(' ')[0];
const container = (o: any) => o.spec.template.spec.containers[0];

describe('npm run validate', () => {
  test('the synthesized output passes every check, per system and environment', () => {
    const envDirs = [...new Set(files.map((f) => path.posix.dirname(f.path)))];
    for (const dir of envDirs) expect([dir, plant('none none', () => undefined, dir, true)]).toEqual([dir, []]);
  });

  describe('strict schema', () => {
    test('a misspelt field', () => {
      expect(plant(backend, (o) => (container(o).readinesProbe = container(o).readinessProbe))).toContain(
        `${fileOf(backend)}: Deployment/backend: spec.template.spec.containers[0].readinesProbe: unknown field (not in the schema)`,
      );
    });
    test('a quantity that came out null', () => {
      expect(plant(backend, (o) => (container(o).resources.limits.memory = null))).toContain(
        `${fileOf(backend)}: Deployment/backend: spec.template.spec.containers[0].resources.limits.memory: must be string`,
      );
    });
    test('a removed API version', () => {
      expect(plant(backend, (o) => (o.apiVersion = 'extensions/v1beta1'))).toContain(
        `${fileOf(backend)}: Deployment/backend: apiVersion: no schema for extensions/v1beta1/Deployment: not a Kubernetes 1.28 kind or a vendored CRD`,
      );
    });
    test('a CRD field that does not exist', () => {
      const file = `${DEV}/postgres-credentials.yaml ExternalSecret/postgres-credentials`;
      expect(plant(file, (o) => (o.spec.secretStoreRef.namespace = 'x'))).toContain(
        `${fileOf(file)}: ExternalSecret/postgres-credentials: spec.secretStoreRef.namespace: unknown field (not in the schema)`,
      );
    });
  });

  describe('references', () => {
    test('a Service whose selector matches no pod template', () => {
      const file = `${DEV}/redis.yaml Service/redis`;
      expect(plant(file, (o) => (o.spec.selector['app.kubernetes.io/name'] = 'rediss'))).toContain(
        `${fileOf(file)}: Service/redis: spec.selector: selects no pod template in namespace marketnavigator-dev`,
      );
    });
    test('a Service targetPort that is no container port', () => {
      const file = `${DEV}/redis.yaml Service/redis`;
      expect(plant(file, (o) => (o.spec.ports[0].targetPort = 'redis-tls'))).toContain(
        `${fileOf(file)}: Service/redis: spec.ports[0].targetPort: "redis-tls" is not a container port of the selected pods`,
      );
    });
    test('an Ingress backend port the Service does not have', () => {
      const file = `${DEV}/marketnavigator.yaml Ingress/marketnavigator`;
      expect(plant(file, (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 80))).toContain(
        `${fileOf(file)}: Ingress/marketnavigator: spec.rules[0].http.paths[0].backend.service.port: Service frontend has no port {"number":80}`,
      );
    });
    test('a claim, a ConfigMap key and a Secret the output does not produce', () => {
      const findings = plant(backend, (o) => {
        o.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'media';
        container(o).env[0].valueFrom.configMapKeyRef.key = 'NOPE';
        container(o).env.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef.name = 'db';
      });
      expect(findings).toEqual(
        expect.arrayContaining([
          `${fileOf(backend)}: Deployment/backend: spec.template.spec.volumes[0].persistentVolumeClaim.claimName: claim media is not in the output`,
          `${fileOf(backend)}: Deployment/backend: spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: ConfigMap backend-config has no key NOPE`,
          `${fileOf(backend)}: Deployment/backend: spec.template.spec.containers[0].env[5].valueFrom.secretKeyRef: Secret db is neither in the output nor produced by an ExternalSecret`,
        ]),
      );
    });
    test("a ConfigMap key that is only the object's prototype, and a mounted file the ConfigMap does not have", () => {
      expect(plant(backend, (o) => (container(o).env[0].valueFrom.configMapKeyRef.key = '__proto__'))).toContain(
        `${fileOf(backend)}: Deployment/backend: spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: ConfigMap backend-config has no key __proto__`,
      );
      const prometheus = 'market-data-platform/prod/prometheus.yaml Deployment/prometheus';
      const findings = plant(
        prometheus,
        (o) => {
          const mount = container(o).volumeMounts.find((m: any) => m.name === 'config-files');
          mount.subPath = 'prometheus.yaml';
        },
        'market-data-platform/prod',
      );
      expect(findings).toContain(
        `${fileOf(prometheus)}: Deployment/prometheus: spec.template.spec.containers[0].volumeMounts[0].subPath: ConfigMap prometheus-files, mounted as volume config-files, has no key prometheus.yaml: the container cannot start`,
      );
    });
    test('a Secret volume whose Secret nobody produces, or without a key it projects', () => {
      const findings = plant(backend, (o) => {
        o.spec.template.spec.volumes.push(
          { name: 'secret-db', secret: { secretName: 'db', items: [{ key: 'password', path: 'password' }] } },
          { name: 'secret-postgres', secret: { secretName: 'postgres-credentials', items: [{ key: 'pasword', path: 'pasword' }] } },
        );
      });
      expect(findings).toEqual([
        expect.stringMatching(
          /Deployment\/backend: spec\.template\.spec\.volumes\[\d+\]\.secret\.secretName: Secret db is neither in the output nor produced by an ExternalSecret$/,
        ),
        expect.stringMatching(/Deployment\/backend: spec\.template\.spec\.volumes\[\d+\]\.secret\.items\[0\]\.key: Secret postgres-credentials gets no key pasword$/),
      ]);
    });
    test('a PriorityClass and a ServiceAccount nobody creates', () => {
      const findings = plant(backend, (o) => {
        o.spec.template.spec.priorityClassName = 'gold';
        o.spec.template.spec.serviceAccountName = 'backend';
      });
      expect(findings).toEqual(
        expect.arrayContaining([
          `${fileOf(backend)}: Deployment/backend: spec.template.spec.priorityClassName: PriorityClass gold is not in the output`,
          `${fileOf(backend)}: Deployment/backend: spec.template.spec.serviceAccountName: ServiceAccount backend is not in the output`,
        ]),
      );
    });
    test('a namespaced object without a namespace', () => {
      const file = `${DEV}/backend.yaml ConfigMap/backend-config`;
      expect(plant(file, (o) => delete o.metadata.namespace)).toContain(
        `${fileOf(file)}: ConfigMap/backend-config: metadata.namespace: a namespaced object needs an explicit namespace`,
      );
    });
  });

  describe('policy', () => {
    const redis = `${DEV}/redis.yaml Deployment/redis`;
    test.each([
      [
        'privilege escalation',
        (o: any) => (container(o).securityContext.allowPrivilegeEscalation = true),
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: must be set to false [restricted-pod-security]',
      ],
      ['root user', (o: any) => (o.spec.template.spec.securityContext.runAsUser = 0), 'spec.template.spec.securityContext.runAsUser: must not be 0 [restricted-pod-security]'],
      [
        'capabilities kept',
        (o: any) => delete container(o).securityContext.capabilities,
        'spec.template.spec.containers[0].securityContext.capabilities.drop: must include ALL [restricted-pod-security]',
      ],
      [
        'added capability',
        (o: any) => (container(o).securityContext.capabilities.add = ['SYS_ADMIN']),
        'spec.template.spec.containers[0].securityContext.capabilities.add: SYS_ADMIN may not be added (only NET_BIND_SERVICE) [restricted-pod-security]',
      ],
      [
        'unconfined seccomp',
        (o: any) => {
          delete container(o).securityContext.seccompProfile;
          delete o.spec.template.spec.securityContext.seccompProfile;
        },
        'spec.template.spec.containers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (here or on the pod) [restricted-pod-security]',
      ],
      [
        'writable root',
        (o: any) => (container(o).securityContext.readOnlyRootFilesystem = false),
        'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: must be true; give writable paths an emptyDir [restricted-pod-security]',
      ],
      [
        'a sysctl outside the safe set',
        (o: any) =>
          (o.spec.template.spec.securityContext.sysctls = [
            { name: 'net.ipv4.tcp_syncookies', value: '1' },
            { name: 'net.ipv4.tcp_keepalive_time', value: '600' },
          ]),
        'spec.template.spec.securityContext.sysctls[1].name: net.ipv4.tcp_keepalive_time is forbidden by Pod Security v1.28 (baseline "sysctls"); allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies [restricted-pod-security]',
      ],
      ['host network', (o: any) => (o.spec.template.spec.hostNetwork = true), 'spec.template.spec.hostNetwork: must not be true [host-access]'],
      ['host port', (o: any) => (container(o).ports[0].hostPort = 6379), 'spec.template.spec.containers[0].ports[0].hostPort: host ports are not allowed [host-access]'],
      [
        'host path',
        (o: any) => (o.spec.template.spec.volumes[0] = { name: 'redis-data', hostPath: { path: '/data' } }),
        'spec.template.spec.volumes[0].hostPath: host paths are not allowed [host-access]',
      ],
      ['unpinned image', (o: any) => (container(o).image = 'redis'), 'spec.template.spec.containers[0].image: "redis" is not pinned to a tag other than latest [pinned-image]'],
      ['no memory limit', (o: any) => delete container(o).resources.limits, 'spec.template.spec.containers[0].resources.limits.memory: missing memory limit [resources]'],
      [
        'no readiness probe',
        (o: any) => delete container(o).readinessProbe,
        'spec.template.spec.containers[0].readinessProbe: a long-running container needs a readiness probe [probes]',
      ],
      [
        'service account token',
        (o: any) => delete o.spec.template.spec.automountServiceAccountToken,
        'spec.template.spec.automountServiceAccountToken: must be false: no berth workload calls the Kubernetes API [service-account-token]',
      ],
    ])('%s', (_name, mutate, expected) => {
      expect(plant(redis, mutate)).toContain(`${fileOf(redis)}: Deployment/redis: ${expected}`);
    });

    test('an init container is held to the same rules', () => {
      const findings = plant(backend, (o) => (o.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation = true));
      expect(findings).toContain(
        `${fileOf(backend)}: Deployment/backend: spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation: must be set to false [restricted-pod-security]`,
      );
    });

    test('replicated pods need a disruption budget and a topology spread', () => {
      const file = `${DEV}/frontend.yaml Deployment/frontend`;
      expect(plant(file, (o) => (o.spec.replicas = 3))).toEqual([
        `${fileOf(file)}: Deployment/frontend: spec.template.spec: 3 replicas but no PodDisruptionBudget selects these pods [disruption-budget]`,
        `${fileOf(file)}: Deployment/frontend: spec.template.spec.topologySpreadConstraints: replicated pods need a topology spread [topology-spread]`,
      ]);
    });

    test('an exemption with its reason silences exactly its check', () => {
      const worker = `${DEV}/celery-worker.yaml Deployment/celery-worker`;
      expect(plant(worker, () => undefined)).toEqual([]);
      expect(plant(worker, (o) => delete o.metadata.annotations['policy.berth.dev/exempt'])).toEqual([
        `${fileOf(worker)}: Deployment/celery-worker: spec.template.spec.containers[0].readinessProbe: a long-running container needs a readiness probe [probes]`,
      ]);
    });
  });
});

describe('npm run validate on broken files', () => {
  test('a file that is not YAML is a finding, not a crash', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-validate-'));
    try {
      fs.writeFileSync(path.join(out, 'broken.yaml'), 'kind: Deployment\n  metadata: [unclosed\n');
      const findings = validateDirectory(out, schema).map(formatFinding);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/broken\.yaml: \(file\): \(yaml\): not valid YAML: /);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
