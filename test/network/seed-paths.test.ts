import { systems } from '../../charts';
import { NetworkPolicies } from '../../lib/network/policies';
import { resolveAll } from '../../lib/synthesize';
import { envObjects, loaded } from '../helpers';

/**
 * The NetworkPolicies berth emits, read back as a CNI reads them, allow exactly the paths the description
 * documents: each client to the ports of what it depends on or talks to (as far as `reachableFrom` lets it),
 * and Prometheus to the ports it scrapes. Nothing more, nothing less.
 */
describe.each(resolveAll(systems).map((s) => [`${s.id}/${s.environment}`, s] as const))('%s', (_, system) => {
  test('the emitted policies allow exactly the documented paths between workloads', () => {
    const documented = system.services.flatMap((client) => [
      ...client.talksTo.flatMap((name) => {
        const target = system.services.find((s) => s.name === name)!;
        return target.ports.filter((p) => p.reachableFrom === undefined || p.reachableFrom.includes(client.name)).map((p) => `${client.name} → ${name} ${p.port}/${p.protocol}`);
      }),
      ...system.services
        .filter((target) => target.scrapedBy?.service === client.name && !client.talksTo.includes(target.name))
        .map((target) => `${client.name} → ${target.name} ${target.ports.find((p) => p.name === target.scrapedBy!.port)!.port}/TCP`),
    ]);
    const allowed = new NetworkPolicies(loaded(envObjects(system.id, system.environment))).podPaths().map((p) => `${p.from.name} → ${p.to.name} ${p.port.port}/${p.port.protocol}`);
    expect(new Set(allowed)).toEqual(new Set(documented));
    expect(allowed.length).toBeGreaterThan(0);
  });
});
