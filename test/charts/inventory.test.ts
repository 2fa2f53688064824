import { delivery, systems } from '../../charts';
import { isDeployedIn } from '../../lib/model/deployed';
import { kubeName } from '../../lib/model/names';
import { WORKLOAD_KIND } from '../../lib/model/objects';
import { envObjects } from '../helpers';

/**
 * Whatever the charts describe reaches dist/: every deployed service becomes its workload, every mounted volume
 * its claim, every consumed secret its ExternalSecret, every route an Ingress path. The inventory comes from the
 * charts, so adding a system or a service needs no change here.
 */
const KIND = WORKLOAD_KIND;

describe.each(systems.flatMap((s) => Object.keys(s.environments).map((env) => [`${s.id}/${env}`, s, env] as const)))('%s', (_label, system, env) => {
  const objects = envObjects(system.id, env);
  const named = (kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/name'] === name);

  test('every deployed service is a workload of its kind, and nothing else is', () => {
    const deployed = Object.keys(system.services).filter((n) => isDeployedIn(system, n, env));
    for (const name of deployed) expect([name, named(KIND[system.services[name].kind ?? 'long-running'], kubeName(name))]).toEqual([name, true]);
    const workloads = objects.filter((o) => (Object.values(KIND) as string[]).includes(o.kind)).map((o) => o.metadata.labels['app.kubernetes.io/name']);
    expect(workloads.sort()).toEqual(deployed.map(kubeName).sort());
  });

  test('every volume a deployed service mounts is a claim', () => {
    const mounted = new Set(
      Object.keys(system.services)
        .filter((n) => isDeployedIn(system, n, env))
        .flatMap((n) => (system.services[n].mounts ?? []).map((m) => kubeName(m.volume))),
    );
    expect(
      objects
        .filter((o) => o.kind === 'PersistentVolumeClaim')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual([...mounted].sort());
  });

  test('every route path is served by an Ingress of the system', () => {
    const served = objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((o) => o.spec.rules.flatMap((r: { http: { paths: { path: string }[] } }) => r.http.paths.map((p) => p.path)));
    for (const route of system.routes ?? []) for (const p of route.paths) expect(served).toContain(p.path);
  });

  test('an Argo CD Application syncs this directory into its namespace', () => {
    const app = envObjects('argocd', 'apps').find((o) => o.kind === 'Application' && o.spec.source.path === `dist/${system.id}/${env}`);
    expect(app?.spec.source.repoURL).toBe(delivery.repoURL);
  });
});
