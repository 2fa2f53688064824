import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { delivery, systems } from '../charts';
import { generatedSystem } from '../bench/generated-system';
import { IntOrString, KubeService } from '../imports/k8s';
import { ClusterChart, DeliveryChart } from '../lib/constructs/delivery';
import { SystemChart } from '../lib/constructs/system-chart';
import { manifestJson } from '../lib/manifest-json';
import { deliveryTargets, resolveAll } from '../lib/synthesize';

// lib/manifest-json.ts stands in for cdk8s's ApiObject.toJson(); the YAML writer sorts keys, so equal means
// equal up to key order.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );

describe('manifestJson', () => {
  test('gives what cdk8s gives for every object of every system, the delivery and cluster charts, and a generated system', () => {
    const app = new App();
    const resolved = resolveAll([...systems, generatedSystem(100)]);
    for (const system of resolved) new SystemChart(app, system);
    new DeliveryChart(app, 'argocd', delivery, deliveryTargets(resolved), [{ group: '', kind: 'Namespace', namespaced: false, names: ['demo-dev'] }]);
    new ClusterChart(app, 'cluster');
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(500);
    for (const obj of objects) expect([obj.node.path, canonical(manifestJson(obj))]).toEqual([obj.node.path, canonical(obj.toJson())]);
  });

  test('leaves a Lazy value and a JSON patch to cdk8s', () => {
    const chart = new Chart(new App(), 'c');
    const svc = new KubeService(chart, 's', {
      metadata: { name: 's', labels: { lazy: Lazy.any({ produce: () => 'produced' }) as unknown as string } },
      spec: { ports: [{ port: 80, targetPort: IntOrString.fromString('http') }] },
    });
    expect(manifestJson(svc)).toEqual(svc.toJson());
    expect(canonical(manifestJson(svc))).toContain('produced');
    // A null (cdk8s drops it, the generated mapper would keep it) and a Lazy deep in the spec take cdk8s's path too.
    const odd = new KubeService(chart, 'n', {
      metadata: { name: 'n' },
      spec: {
        externalName: null as unknown as string,
        ports: [{ port: 80, name: Lazy.any({ produce: () => 'lazy-port' }) as unknown as string }],
      },
    });
    expect(manifestJson(odd)).toEqual(odd.toJson());
    expect(canonical(manifestJson(odd))).toContain('"name":"lazy-port"');
    expect(canonical(manifestJson(odd))).not.toContain('externalName');
    const patched = new KubeService(chart, 'p', { metadata: { name: 'p' } });
    patched.addJsonPatch(JsonPatch.add('/metadata/annotations', { a: 'b' }));
    expect(manifestJson(patched)).toEqual(patched.toJson());
    expect(canonical(manifestJson(patched))).toContain('"annotations":{"a":"b"}');
  });
});
