import { chartService, importFiles, plain, synthesized, warningsAt, yaml } from './helpers';

describe('paths the NetworkPolicies open', () => {
  test('a server the image reaches by its default setting, which compose never writes, is a path (image catalog)', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  immich-server:',
        '    image: ghcr.io/immich-app/immich-server:v1.135.3',
        '  immich-machine-learning:',
        '    image: ghcr.io/immich-app/immich-machine-learning:v1.135.3',
      ),
    });
    expect(chartService(chart, 'immich-server').dependsOn).toEqual({ 'immich-machine-learning': 'service_started' });
    expect(chartService(chart, 'immich-machine-learning').ports).toEqual([{ name: 'http', port: 3003 }]);
    const { files, errors } = synthesized(chart);
    expect(errors).toEqual([]);
    expect(files.get('t/dev/immich-machine-learning.yaml')).toMatch(/app.kubernetes.io\/name: immich-server\n(.*\n)*?\s+- port: 3003/);
  });

  test('the same setting given in compose wins over the default', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  server:',
        '    image: ghcr.io/immich-app/immich-server:v1.135.3',
        '    environment: {IMMICH_MACHINE_LEARNING_URL: "http://ml:3003"}',
        '  ml: {image: ghcr.io/immich-app/immich-machine-learning:v1.135.3}',
        '  immich-machine-learning: {image: example/other:1.0}',
      ),
    });
    expect(chartService(chart, 'server').dependsOn).toEqual({ ml: 'service_started' });
  });

  test('internet egress: an image that needs it (catalog), and services compose puts on a network beside an internal one', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  ml: {image: ghcr.io/immich-app/immich-machine-learning:v1.135.3, networks: [inside]}',
        '  web: {image: example/web:1.0, networks: [outside, inside]}',
        '  db: {image: postgres:16.4, networks: [inside], environment: {POSTGRES_PASSWORD: x}}',
        'networks:',
        '  outside: {}',
        '  inside: {internal: true}',
      ),
    });
    expect(chartService(chart, 'ml').usesExternals).toEqual(['internet-https']);
    expect(chartService(chart, 'web').usesExternals).toEqual(['internet-http', 'internet-https']);
    expect(chartService(chart, 'db').usesExternals).toBeUndefined();
    expect(plain(chart.environments.dev.externals)).toEqual({ 'internet-http': { anyHost: true, port: 80 }, 'internet-https': { anyHost: true, port: 443 } });
    expect(warningsAt(chart, 'services.ml.networks')).toEqual([expect.stringMatching(/port 443: .*downloads its models from Hugging Face/)]);
    const { files, errors } = synthesized(chart);
    expect(errors).toEqual([]);
    expect(files.get('t/dev/ml.yaml')).toMatch(/- ports:\n\s+- port: 443\n(.*\n)*?\s+to:\n\s+- ipBlock:\n\s+cidr: "0\.0\.0\.0\/0"/);
  });

  test('without an internal network, compose says nothing about the internet: no egress is opened', () => {
    const chart = importFiles({ 'compose.yaml': yaml('services:', '  web: {image: example/web:1.0, networks: [a]}', 'networks:', '  a: {}') });
    expect(chartService(chart, 'web').usesExternals).toBeUndefined();
  });
});

test("processes of one image that its defaults point at are paths, not waits: the image coordinates them itself (Zammad's init and railsserver)", () => {
  const app = (command: string, more = '') => `{image: "ghcr.io/zammad/zammad:7.1.1-0035", command: [${command}]${more}}`;
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      `  zammad-init: ${app('zammad-init', ', restart: on-failure')}`,
      `  zammad-railsserver: ${app('zammad-railsserver', ', ports: ["3000"]')}`,
      '  zammad-elasticsearch: {image: "elasticsearch:8.19.4", environment: {discovery.type: single-node}}',
    ),
  });
  const init = chartService(chart, 'zammad-init');
  expect(init.talksTo).toEqual(['zammad-railsserver']);
  expect(init.dependsOn).toEqual({ 'zammad-elasticsearch': 'service_started' });
  expect(chartService(chart, 'zammad-railsserver').dependsOn).toMatchObject({ 'zammad-init': 'service_completed_successfully' });
  expect(synthesized(chart).errors).toEqual([]);
});

describe('data directories', () => {
  test("the image's data directory without a volume is an emptyDir (said: its data goes with the pod)", () => {
    const chart = importFiles({ 'compose.yaml': yaml('services:', '  db:', '    image: postgres:16.4', '    environment: {POSTGRES_PASSWORD: x}') });
    expect((chartService(chart, 'db').runAs as { writablePaths: string[] }).writablePaths).toEqual(['/tmp', '/var/run/postgresql', '/var/lib/postgresql/data']);
    expect(warningsAt(chart, 'services.db.volumes')).toEqual([expect.stringMatching(/^nothing is mounted at \/var\/lib\/postgresql\/data/)]);
    expect(synthesized(chart).errors).toEqual([]);
  });
});

test('a host variable and its port variable name one endpoint: the outside host on that port, the server on that port', () => {
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      '  app:',
      '    image: example/app:1.0',
      '    environment: {SMTP_HOST: smtp.example.org, SMTP_PORT: "587", QUEUE_SERVER: broker, QUEUE_PORT: "5673"}',
      '  broker: {image: example/broker:1.0}',
    ),
  });
  expect(chartService(chart, 'app').usesExternals).toEqual(['smtp-example-org-587']);
  expect(plain(chart.environments.dev.externals)).toEqual({ 'smtp-example-org-587': { host: 'smtp.example.org', port: 587 } });
  expect(chartService(chart, 'broker').ports).toEqual([{ name: 'p5673', port: 5673 }]);
});

test('a bind-mounted configuration directory names hosts too: its files are read for URLs and host:port', () => {
  const chart = importFiles({
    'compose.yaml': yaml('services:', '  web: {image: "example/web:1.0", volumes: ["./conf:/etc/web"]}', '  symbols: {image: "example/symbols:1.0"}'),
    'conf/web.conf.py': 'SYMBOLS = {"url": "http://symbols:3021"}\n',
  });
  expect(chartService(chart, 'web').dependsOn).toEqual({ symbols: 'service_started' });
  expect(chartService(chart, 'symbols').ports).toEqual([{ name: 'p3021', port: 3021 }]);
});
