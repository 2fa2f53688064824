import { envObjects, findObject, mainContainer, type Obj, synthObjects } from '../helpers';

const dev = envObjects('marketnavigator', 'dev');
const policy = (name: string, objects: Obj[] = dev) => findObject(objects, 'NetworkPolicy', name).spec;
const peersOf = (rules: { from?: unknown[]; to?: unknown[] }[] = []) =>
  rules
    .flatMap((r) => (r.from ?? r.to ?? []) as { podSelector?: { matchLabels: Record<string, string> } }[])
    .map((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'])
    .filter(Boolean)
    .sort();

describe('network policy', () => {
  test('every namespace denies all ingress and egress by default, and allows DNS', () => {
    expect(policy('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = policy('allow-dns');
    expect(dns.policyTypes).toEqual(['Egress']);
    expect(dns.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });

  test('backend reaches exactly redis, minio and both scrapers; frontend reaches backend', () => {
    expect(peersOf(policy('backend').egress)).toEqual(['crunchbase-api', 'minio', 'redis', 'tracxn-api']);
    expect(peersOf(policy('frontend').egress)).toEqual(['backend']);
  });

  test('workers reach the broker; flower reaches only redis', () => {
    expect(peersOf(policy('celery-worker').egress)).toEqual(['crunchbase-api', 'minio', 'redis', 'tracxn-api']);
    expect(peersOf(policy('celery-beat').egress)).toEqual(['redis']);
    expect(peersOf(policy('flower').egress)).toEqual(['redis']);
  });

  test('redis accepts exactly its clients, on its port only', () => {
    const ingress = policy('redis').ingress;
    expect(peersOf(ingress)).toEqual(['backend', 'celery-beat', 'celery-worker', 'flower']);
    expect(ingress[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
  });

  test('the ingress controller reaches the routed services on their routed ports only; flower is not routed', () => {
    const fromController = (name: string) => (policy(name).ingress ?? []).filter((r: { from: { namespaceSelector?: unknown }[] }) => r.from.some((f) => f.namespaceSelector));
    expect(fromController('frontend')).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
          },
        ],
        ports: [{ port: 3000, protocol: 'TCP' }],
      },
    ]);
    expect(fromController('backend')[0].ports).toEqual([{ port: 8000, protocol: 'TCP' }]);
    expect(fromController('flower')).toEqual([]);
    expect(fromController('minio')).toEqual([]);
  });

  test('egress outside the cluster only from the services that use each endpoint, on its port per environment', () => {
    const external = (name: string, objects: Obj[] = dev) =>
      (policy(name, objects).egress ?? []).filter((r: { to: { ipBlock?: unknown }[] }) => r.to.some((t) => t.ipBlock)).map((r: { ports: { port: number }[] }) => r.ports[0].port);
    // The Liara database: dev 32965, prod 5432. AI providers over HTTPS from backend and worker.
    for (const name of ['backend', 'celery-worker']) expect(external(name)).toEqual([443, 32965]);
    expect(external('celery-beat')).toEqual([32965]);
    expect(external('backend', envObjects('marketnavigator', 'prod'))).toEqual([443, 5432]);
    // The scrapers reach their MySQL and the sites they scrape.
    for (const name of ['crunchbase-api', 'tracxn-api']) expect(external(name)).toEqual([443, 3306]);
    // Flower imports the Django settings but only talks to the broker.
    for (const name of ['frontend', 'flower', 'redis', 'minio', 'minio-init']) expect(external(name)).toEqual([]);
  });

  test('every pod of every system is selected by a policy of its own besides the default deny', () => {
    const all = synthObjects().filter((o) => o.path.split('/').length === 3 && !o.path.startsWith('argocd/') && !o.path.startsWith('cluster/'));
    const workloads = all.filter((o) => ['Deployment', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind));
    expect(workloads.length).toBeGreaterThan(60);
    for (const w of workloads) {
      const labels = (w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template).metadata.labels;
      const own = all.filter(
        (p) =>
          p.kind === 'NetworkPolicy' &&
          p.metadata.namespace === w.metadata.namespace &&
          Object.keys(p.spec.podSelector.matchLabels ?? {}).length > 0 &&
          Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v),
      );
      expect([`${w.path} ${w.kind}/${w.metadata.name}`, own.length]).toEqual([`${w.path} ${w.kind}/${w.metadata.name}`, 1]);
    }
  });

  test('a peer in the host namespace is selected across namespaces', () => {
    const prod = envObjects('enterprise-scanner', 'prod');
    const egress = policy('prometheus', prod).egress;
    const toNodeExporter = egress.find(
      (r: { to: { podSelector: { matchLabels: Record<string, string> } }[] }) => r.to[0].podSelector.matchLabels['app.kubernetes.io/name'] === 'node-exporter',
    );
    expect(toNodeExporter.to[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'enterprise-scanner-prod-host' } });
    expect(toNodeExporter.ports).toEqual([{ port: 9100, protocol: 'TCP' }]);
  });
});

describe('network policy against configuration', () => {
  // Processes of one image import the same settings (flower and beat read the worker's configuration without
  // using all of it), so a host their configuration names must be reachable by at least one of them.
  test('every in-cluster host a configuration names is reachable by the processes that share it', () => {
    const all = synthObjects();
    const dirs = [...new Set(all.map((o) => o.path.slice(0, o.path.lastIndexOf('/'))))].filter((d) => d.split('/').length === 2 && !d.startsWith('argocd'));
    let checked = 0;
    for (const dir of dirs) {
      const objects = all.filter((o) => o.path.startsWith(`${dir}/`));
      const services = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
      const workloads = objects.filter((o) => ['Deployment', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind));
      const imageOf = (name: string) => mainContainer(workloads.find((w) => w.metadata.labels['app.kubernetes.io/name'] === name)!).image;
      for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-config'))) {
        const owner = cm.metadata.labels['app.kubernetes.io/name'];
        const siblings = workloads.filter((w) => mainContainer(w).image === imageOf(owner)).map((w) => w.metadata.labels['app.kubernetes.io/name']);
        const reachable = siblings.flatMap((name) => peersOf(findObject(objects, 'NetworkPolicy', name).spec.egress ?? []));
        for (const value of Object.values(cm.data) as string[]) {
          for (const host of services) {
            if (host === owner || !new RegExp(`(^|//|@)${host}(:|/|$)`).test(value)) continue;
            checked++;
            expect([dir, owner, value, reachable.includes(host)]).toEqual([dir, owner, value, true]);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
