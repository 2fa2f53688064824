import { chartService, importFiles, plain, synthesized, warningsAt, yaml } from './helpers';

describe('bind mounts', () => {
  test('a directory docker would create empty, or an empty one, is state: a claim, shared by the services that mount it', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  web:',
        '    image: example/web:1.0',
        '    volumes: [./public/system:/app/public/system, ./uploads:/uploads]',
        '  worker:',
        '    image: example/web:1.0',
        '    volumes: [./public/system:/app/public/system]',
      ),
      'uploads/.gitkeep': '',
    });
    expect(chartService(chart, 'web').mounts).toEqual([
      { volume: 'public-system', path: '/app/public/system' },
      { volume: 'uploads', path: '/uploads' },
    ]);
    expect(chartService(chart, 'worker').mounts).toEqual([{ volume: 'public-system', path: '/app/public/system' }]);
    expect(Object.keys(chart.system.volumes as object)).toEqual(['public-system', 'uploads']);
    expect(warningsAt(chart, 'volumes.public-system')).toEqual([expect.stringMatching(/^a claim for the bind-mounted directory \.\/public\/system/)]);
    expect(synthesized(chart).errors).toEqual([]);
  });

  test("the image's data directory is a claim even with files in it; PostgreSQL's data then lives in a subdirectory", () => {
    const chart = importFiles({
      'compose.yaml': yaml('services:', '  db:', '    image: postgres:16.4', '    volumes: ["./volumes/db/data:/var/lib/postgresql/data"]'),
      'volumes/db/data/PG_VERSION': '16\n',
    });
    const db = chartService(chart, 'db');
    expect(db.mounts).toEqual([{ volume: 'db-data', path: '/var/lib/postgresql/data' }]);
    expect((db.env as Record<string, unknown>).PGDATA).toBe('/var/lib/postgresql/data/pgdata');
    expect(plain(chart.system.volumes)).toEqual({ 'db-data': expect.objectContaining({ description: expect.stringMatching(/copy its content into the claim/) }) });
  });

  test('code, input the user supplies and files stay out of claims', () => {
    const chart = importFiles({
      'compose.yaml': yaml('services:', '  app:', '    image: example/app:1.0', '    volumes: [./src:/app/src, ./certs:/certs:ro, ./missing.conf:/etc/app.conf]'),
      'src/main.py': 'print(1)\n',
    });
    expect(chartService(chart, 'app').mounts).toBeUndefined();
    expect(chart.system.volumes).toBeUndefined();
    expect(warningsAt(chart, 'services.app.volumes')).toEqual([
      expect.stringMatching(/^bind-mounted directory src → \/app\/src is dropped/),
      expect.stringMatching(/^certs does not exist next to the compose file/),
      expect.stringMatching(/^missing\.conf does not exist next to the compose file/),
    ]);
  });

  test("the node's own files are never read from this machine nor mounted", () => {
    const chart = importFiles({ 'compose.yaml': yaml('services:', '  app:', '    image: example/app:1.0', '    volumes: [/etc/localtime:/etc/localtime:ro, /sys:/host/sys:ro]') });
    expect(chartService(chart, 'app').configFiles).toBeUndefined();
    expect(warningsAt(chart, 'services.app.volumes')).toEqual([
      expect.stringMatching(/^\/etc\/localtime is a file of the node.*set the TZ environment variable instead$/),
      expect.stringMatching(/^\/sys is a file of the node/),
    ]);
  });

  test('a claim is named apart from a named volume of the same name', () => {
    const chart = importFiles({ 'compose.yaml': yaml('services:', '  a:', '    image: example/a:1.0', '    volumes: [./data:/d1, data:/d2]', 'volumes:', '  data: {}') });
    expect(chartService(chart, 'a').mounts).toEqual([
      { volume: 'data-2', path: '/d1' },
      { volume: 'data', path: '/d2' },
    ]);
  });
});

describe('configuration files', () => {
  const mounted = (name: string, text: string) =>
    importFiles({ 'compose.yaml': yaml('services:', '  app:', '    image: example/app:1.0', `    volumes: [./${name}:/etc/app/${name}]`), [name]: text });

  test.each([
    ['settings.yml', "system.secret-key: 'a1b2c3d4e5'\n"],
    ['settings.py', 'STORAGE = {"aws_secret_access_key": "s3cr3t"}\n'],
    ['init.sql', "CREATE USER app WITH PASSWORD 'hunter22';\n"],
  ])('%s holds a credential: mounted from the secret store, never as text', (name, text) => {
    const chart = mounted(name, text);
    expect(chartService(chart, 'app').configFiles).toBeUndefined();
    expect(chartService(chart, 'app').secretFiles).toEqual([expect.objectContaining({ path: `/etc/app/${name}` })]);
  });

  test.each([
    ['settings.yml', "# slack.client-secret: 'GITHUB_CLIENT_SECRET'\nmode: prod\n"],
    ['init.sh', "psql <<-EOSQL\n  CREATE USER app WITH PASSWORD '${APP_PASSWORD}';\nEOSQL\n"],
  ])('%s names credentials only in comments or variables: shipped as a config file', (name, text) => {
    const chart = mounted(name, text);
    expect(chartService(chart, 'app').configFiles).toEqual([{ path: `/etc/app/${name}`, content: text }]);
  });
});

test('mount options for the Docker host only (SELinux z/Z) are not warned about; others are', () => {
  const chart = importFiles({
    'compose.yaml': yaml('services:', '  app:', '    image: example/app:1.0', '    volumes: ["./data:/data:z", "./cache:/cache:rslave"]'),
  });
  expect(warningsAt(chart, 'services.app.volumes[0].options')).toEqual([]);
  expect(warningsAt(chart, 'services.app.volumes[1].options')).toEqual(['not mapped: berth has no equivalent']);
});
