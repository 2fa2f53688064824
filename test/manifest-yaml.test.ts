import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { delivery, systems } from '../charts';
import { generatedSystem } from '../bench/generated-system';
import { IntOrString, KubeConfigMap, KubeDeployment, KubeService, Quantity } from '../imports/k8s';
import { ClusterChart, DeliveryChart } from '../lib/constructs/delivery';
import { SystemChart } from '../lib/constructs/system-chart';
import { manifestYaml, propsYaml } from '../lib/manifest-yaml';
import { deliveryTargets, resolveAll } from '../lib/synthesize';
import { toYaml } from '../lib/yaml-emit';

// lib/manifest-yaml.ts writes each object's YAML from its props; cdk8s's toJson, then the YAML writer, is the truth.
const truth = (obj: ApiObject) => toYaml(obj.toJson());

describe('manifestYaml', () => {
  test('writes, from the props, the bytes cdk8s gives for every object of every system, the delivery and cluster charts, and a generated system', () => {
    const app = new App();
    const resolved = resolveAll([...systems, generatedSystem(100)]);
    for (const system of resolved) new SystemChart(app, system);
    new DeliveryChart(app, 'argocd', delivery, deliveryTargets(resolved), [{ group: '', kind: 'Namespace', namespaced: false, names: ['demo-dev'] }]);
    new DeliveryChart(app, 'argocd-set', { ...delivery, mode: 'applicationset' }, deliveryTargets(resolved), [
      { group: '', kind: 'Namespace', namespaced: false, names: ['demo-dev'] },
    ]);
    new ClusterChart(app, 'cluster');
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(new Set(objects.map((o) => o.kind)).size).toBeGreaterThanOrEqual(15);
    for (const obj of objects) {
      // Every object of a class with a generated mapper takes the fast path (a fallback would be right, but slow);
      // the one ApplicationSet takes cdk8s's.
      expect([obj.node.path, obj.kind === 'ApplicationSet' ? manifestYaml(obj).yaml : propsYaml(obj)]).toEqual([obj.node.path, truth(obj)]);
      expect(manifestYaml(obj).header).toEqual({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.toJson().metadata });
    }
  });

  test('empty objects and lists, maps with undefined values, and IntOrString and Quantity values are written as cdk8s writes them', () => {
    const chart = new Chart(new App(), 'c');
    const objects = [
      new KubeService(chart, 'empty', { metadata: { name: 'empty', labels: {} }, spec: { ports: [], selector: { a: undefined as unknown as string } } }),
      new KubeService(chart, 'ports', {
        metadata: { name: 'ports' },
        spec: {
          ports: [
            { port: 80, targetPort: IntOrString.fromString('http') },
            { port: 81, targetPort: IntOrString.fromNumber(8081) },
          ],
        },
      }),
      new KubeDeployment(chart, 'd', {
        metadata: { name: 'd' },
        spec: {
          selector: {},
          template: {
            spec: {
              securityContext: {},
              containers: [{ name: 'c', resources: { limits: { memory: Quantity.fromString('1Gi'), cpu: Quantity.fromNumber(1) } }, env: [] }],
            },
          },
        },
      }),
      new KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { 'a.yaml': 'x: 1\ny: 2\n', b: 'true', c: '' } }),
    ];
    for (const obj of objects) expect([obj.node.id, propsYaml(obj)]).toEqual([obj.node.id, truth(obj)]);
  });

  test('a null, a Lazy, an undefined list item or a JSON patch takes cdk8s’s own path, with the same bytes', () => {
    const chart = new Chart(new App(), 'c');
    const odd = [
      new KubeService(chart, 'null', { metadata: { name: 'null' }, spec: { externalName: null as unknown as string } }),
      new KubeService(chart, 'lazy', { metadata: { name: 'lazy' }, spec: { ports: [{ port: 80, name: Lazy.any({ produce: () => 'lazy-port' }) as unknown as string }] } }),
    ];
    // A hole in a list: left to cdk8s (which keeps it, and the YAML writer refuses it).
    const hole = new KubeService(chart, 'hole', { metadata: { name: 'hole' }, spec: { externalIPs: ['1.2.3.4', undefined as unknown as string] } });
    expect(propsYaml(hole)).toBeUndefined();
    const patched = new KubeService(chart, 'patched', { metadata: { name: 'patched' } });
    patched.addJsonPatch(JsonPatch.add('/metadata/annotations', { a: 'b' }));
    for (const obj of [...odd, patched]) {
      expect([obj.node.id, propsYaml(obj)]).toEqual([obj.node.id, undefined]);
      expect([obj.node.id, manifestYaml(obj).yaml]).toEqual([obj.node.id, truth(obj)]);
    }
    expect(manifestYaml(odd[1]).yaml).toContain('name: lazy-port');
    expect(manifestYaml(patched).yaml).toContain('a: b');
  });

  test('what cdk8s’s resolve treats apart takes its path too: tokens written as literals, own __proto__ keys, inherited fields, a cast GVK', () => {
    const chart = new Chart(new App(), 'c');
    const token = <T>(v: T) => ({ resolve: () => v }) as unknown as T;
    const cases = [
      // cdk8s calls any object's `resolve` function
      new KubeConfigMap(chart, 'token', { metadata: { name: 'token', labels: { a: token('b') } }, data: { 'app.conf': token('hello') } }),
      new KubeDeployment(chart, 'token-item', {
        metadata: { name: 'token-item' },
        spec: { selector: {}, template: { spec: { containers: [token({ name: 'c', image: 'i' })] } } },
      }),
      // an own __proto__ key (as JSON and YAML parsers make one): cdk8s's copy drops it
      new KubeConfigMap(chart, 'proto', { metadata: { name: 'proto' }, data: JSON.parse('{"__proto__": "x", "a": "b"}') }),
      // an inherited field: cdk8s copies own fields only
      new KubeDeployment(chart, 'inherited', { metadata: { name: 'inherited' }, spec: Object.assign(Object.create({ replicas: 2 }), { selector: {}, template: {} }) }),
      // apiVersion and kind given in props: the class's own win
      new KubeService(chart, 'gvk', { metadata: { name: 'gvk' }, apiVersion: 'v2', kind: 'Other' } as unknown as ConstructorParameters<typeof KubeService>[2]),
    ];
    for (const obj of cases) expect([obj.node.id, manifestYaml(obj).yaml]).toEqual([obj.node.id, truth(obj)]);
    expect(manifestYaml(cases[0]).yaml).toContain('app.conf: hello');
    expect(manifestYaml(cases[1]).yaml).toContain('image: i');
    expect(manifestYaml(cases[2]).yaml).not.toContain('__proto__');
    expect(manifestYaml(cases[3]).yaml).not.toContain('replicas');
    expect(manifestYaml(cases[4]).yaml).toMatch(/^apiVersion: v1\n/);
    expect(manifestYaml(cases[4]).header).toMatchObject({ apiVersion: 'v1', kind: 'Service' });
  });
});
