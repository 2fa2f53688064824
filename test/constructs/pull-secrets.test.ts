import { systems } from '../../charts';
import { registryOf } from '../../lib/model/image-reference';
import { pullSecretName } from '../../lib/model/names';
import type { RegistryCredentials, System } from '../../lib/model/types';
import { parseManifests } from '../../lib/validate/manifests';
import { checkReferences } from '../../lib/validate/references';
import { env, system, withService } from '../fixtures';
import { envObjects, findObject, loadedObject, type Obj, podSpec, synthObjects } from '../helpers';

const WORKLOADS = ['Deployment', 'DaemonSet', 'Job', 'CronJob'];
const images = (o: Obj) => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers].map((c: { image: string }) => c.image);
const pullSecrets = (o: Obj) => (podSpec(o).imagePullSecrets ?? []).map((r: { name: string }) => r.name);

const credentials = (remoteKey: string): RegistryCredentials => ({ description: 'pull credentials', remoteKey });

/**
 * web_app runs ghcr.io/acme/web and gates on cache with redis-cli (docker.io); cache runs redis (docker.io);
 * exporter, a node agent in the -host namespace, runs ghcr.io/acme/exporter.
 */
function demo(registries: System['registries'], envRegistries?: System['registries']): System {
  let s = withService(system(), 'web_app', { image: { repository: 'ghcr.io/acme/web' } });
  s = withService(s, 'exporter', {
    kind: 'per-node',
    image: { repository: 'ghcr.io/acme/exporter' },
    hostAccess: { paths: { '/proc': '/host/proc' } },
    exemptions: [
      { check: 'host-access', reason: 'reads the node metrics from /proc' },
      { check: 'probes', reason: 'a test agent without a check' },
    ],
  });
  const release = { web: { tag: '1.0.0' }, exporter: { tag: '2.0.0' } };
  return { ...s, registries, environments: { dev: { ...env, release, ...(envRegistries ? { registries: envRegistries } : {}) } } };
}

describe('registry credentials', () => {
  const input = [demo({ 'ghcr.io': credentials('acme/{{berth.environment}}/ghcr'), 'docker.io': credentials('acme/dockerhub') })];
  const objects = envObjects('demo', 'dev', input);

  test('become an ExternalSecret of type kubernetes.io/dockerconfigjson per registry, from the store key', () => {
    const ghcr = findObject(objects, 'ExternalSecret', 'pull-ghcr-io');
    expect(ghcr.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['password', 'username']);
    expect(ghcr.spec.data.every((d: { remoteRef: { key: string } }) => d.remoteRef.key === 'acme/dev/ghcr')).toBe(true);
    expect(ghcr.spec.target.template.engineVersion).toBe('v2');
    expect(ghcr.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'test-store' });
  });

  test('every pod names the pull Secret of each registry its containers and gates pull from, and no other', () => {
    const pods = objects.filter((o) => WORKLOADS.includes(o.kind));
    expect(Object.fromEntries(pods.map((o) => [o.metadata.name, pullSecrets(o)]))).toEqual({
      cache: ['pull-docker-io'],
      exporter: ['pull-ghcr-io'],
      // Its own image from ghcr.io, its gate's redis-cli from Docker Hub.
      'web-app': ['pull-docker-io', 'pull-ghcr-io'],
    });
  });

  test("a pull Secret is where its pods are: a node agent's companion namespace gets its own", () => {
    expect(
      objects
        .filter((o) => o.kind === 'ExternalSecret')
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
        .sort(),
    ).toEqual(['demo-dev-host/pull-ghcr-io', 'demo-dev/pull-docker-io', 'demo-dev/pull-ghcr-io']);
    // Every pull Secret a pod names exists in its namespace, with the type the kubelet needs (the cluster's PriorityClasses included).
    const loaded = synthObjects(input).map(loadedObject);
    expect(checkReferences(loaded)).toEqual([]);
  });

  test("an environment's credentials replace the system's for that registry", () => {
    const dev = envObjects('demo', 'dev', [demo({ 'ghcr.io': credentials('acme/ghcr') }, { 'ghcr.io': credentials('acme/ghcr-dev') })]);
    expect(findObject(dev, 'ExternalSecret', 'pull-ghcr-io').spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'acme/ghcr-dev', property: 'password' } },
      { secretKey: 'username', remoteRef: { key: 'acme/ghcr-dev', property: 'username' } },
    ]);
  });

  test("the Docker config is written for exactly the registry, from the store's user and password", () => {
    const secret = findObject(envObjects('demo', 'dev', [demo({ 'ghcr.io': credentials('acme/ghcr') })]), 'ExternalSecret', 'pull-ghcr-io');
    expect(secret.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    // The template, with the operator's values filled in, is the JSON a kubelet reads.
    const rendered = secret.spec.target.template.data['.dockerconfigjson']
      .replace('{{ .username }}', 'robot')
      .replace('{{ .password }}', 's3cret')
      .replace('{{ printf "%s:%s" .username .password | b64enc }}', Buffer.from('robot:s3cret').toString('base64'));
    expect(JSON.parse(rendered)).toEqual({ auths: { 'ghcr.io': { username: 'robot', password: 's3cret', auth: Buffer.from('robot:s3cret').toString('base64') } } });
  });

  test('credentials for a registry no image comes from are a problem', () => {
    expect(() => envObjects('demo', 'dev', [demo({ 'gcr.io': credentials('acme/gcr') })])).toThrow(
      'registries.gcr.io: no image of demo is pulled from "gcr.io" (registries it pulls from: docker.io, ghcr.io)',
    );
  });

  test('in the charts, exactly the pods that pull from a registry with credentials name its Secret', () => {
    let named = 0;
    for (const s of systems.filter((x) => x.registries !== undefined)) {
      const registries = Object.keys(s.registries!);
      for (const o of synthObjects().filter((x) => x.path.startsWith(`${s.id}/`) && WORKLOADS.includes(x.kind))) {
        const expected = [...new Set(images(o).map(registryOf))].filter((r) => r !== undefined && registries.includes(r)).map((r) => pullSecretName(r!));
        expect([o.path, o.metadata.name, pullSecrets(o).sort()]).toEqual([o.path, o.metadata.name, expected.sort()]);
        named += expected.length;
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  test('npm run validate finds a pull Secret that is not produced, or not of the type the kubelet pulls with', () => {
    const pod = (secret: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      imagePullSecrets: [{ name: ${secret} }]
      containers: [{ name: web, image: ghcr.io/acme/web:1.0.0 }]
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: opaque, namespace: shop }
spec: { target: { name: opaque }, data: [{ secretKey: x, remoteRef: { key: y } }] }
`;
    expect(checkReferences(parseManifests(pod('missing'), 'web.yaml')).map((f) => f.message)).toEqual([
      'Secret missing is neither in the output nor produced by an ExternalSecret',
    ]);
    expect(checkReferences(parseManifests(pod('opaque'), 'web.yaml')).map((f) => f.message)).toEqual([
      'Secret opaque is of type Opaque; the kubelet pulls only with a kubernetes.io/dockerconfigjson Secret',
    ]);
  });
});
