import { resolvePlain } from '../../lib/compose/load';
import { problems, read, yaml } from './helpers';

describe('YAML as compose reads it', () => {
  test.each([
    ['yes', 'yes'],
    ['on', 'on'],
    ['no', 'no'],
    ['true', true],
    ['False', false],
    ['~', null],
    ['0440', 288],
    ['0o17', 15],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['-12', -12],
    ['1.5', 1.5],
    ['08', 8],
    ['2024-01-01', '2024-01-01'],
    ['1.2.3', '1.2.3'],
  ])('plain %s → %p', (text, value) => {
    expect(resolvePlain(text).value).toEqual(value);
  });

  test('restart: no stays the string "no" (YAML 1.2), unlike PyYAML', () => {
    expect(read(yaml('services:', '  job:', '    image: x', '    restart: no')).services.job.restart).toBe('no');
  });

  test('anchors, aliases, merge keys (one, a list, !!merge), the first merged mapping winning, own keys winning', () => {
    const p = read(
      yaml(
        'x-a: &a',
        '  image: from-a',
        '  environment: {A: "1"}',
        '  restart: always',
        'x-b: &b',
        '  image: from-b',
        '  user: from-b',
        'x-c: &c',
        '  hostname: from-c',
        'services:',
        '  web:',
        '    restart: own',
        '    <<: [*a, *b]',
        '  api:',
        '    !!merge <<: *c',
        '    image: x',
        '  other: *b',
      ),
    );
    expect(p.services.web).toMatchObject({ image: 'from-a', user: 'from-b', restart: 'own', environment: { A: '1' } });
    expect(p.services.api.hostname).toBe('from-c');
    expect(p.services.other.user).toBe('from-b');
    expect(Object.keys(p.services)).toEqual(['api', 'other', 'web']);
  });

  test('x- extensions are not services and stay in other', () => {
    const p = read(yaml('x-top: 1', 'services:', '  web:', '    image: x', '    x-note: kept'));
    expect(Object.keys(p.services)).toEqual(['web']);
    expect(p.services.web.other).toEqual({ 'x-note': 'kept' });
  });

  test('where() gives the file and line of each path, through aliases and merges', () => {
    const p = read(yaml('x-d: &d', '  restart: always', 'services:', '  web:', '    <<: *d', '    image: x', '    ports:', '      - "80"', '      - "443"'));
    expect(p.where('services.web.image')?.line).toBe(6);
    expect(p.where('services.web.ports[1]')?.line).toBe(9);
    expect(p.where('services.web.restart')?.line).toBe(2);
    expect(p.where('services.web.ports[1]')?.file).toMatch(/compose\.yaml$/);
  });

  test('YAML syntax errors have file, line and message', () => {
    const [e] = problems(yaml('services:', '  web:', '    image: x', '   bad: [')).filter((x) => x.message.startsWith('invalid YAML'));
    expect(e.file).toMatch(/compose\.yaml$/);
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  test('a duplicate key is an error', () => {
    expect(problems(yaml('services:', '  web:', '    image: x', '    image: y')).some((e) => /invalid YAML/.test(e.message))).toBe(true);
  });

  test('a document that aliases itself exponentially is refused, not expanded', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    expect(problems(yaml(...lines))[0].message).toMatch(/expands to more than/);
  });
});

describe('merging -f files', () => {
  const base = yaml(
    'services:',
    '  web:',
    '    image: web:1',
    '    command: [serve, --port, "80"]',
    '    environment: {A: "1", B: "2"}',
    '    labels: [x=1]',
    '    ports: ["80:80"]',
    '    volumes: [data:/data, ./conf:/etc/conf]',
    '    dns: [1.1.1.1]',
    '    depends_on: [db]',
    '    healthcheck: {test: [CMD, a], interval: 10s}',
    '    secrets: [s]',
    '  db:',
    '    image: db',
    'volumes: {data: {}, other: {}}',
    'secrets: {s: {file: ./s.txt}, t: {file: ./t.txt}}',
  );
  const override = yaml(
    'services:',
    '  web:',
    '    image: web:2',
    '    command: [serve]',
    '    environment: [B=3, C=4]',
    '    labels: {y: "2"}',
    '    ports: ["443:443"]',
    '    volumes: [other:/data]',
    '    dns: [8.8.8.8]',
    '    depends_on: {db: {condition: service_healthy}}',
    '    healthcheck: {test: [CMD, b]}',
    '    secrets: [{source: t, target: /run/secrets/s}]',
  );
  const merged = () => read(base, { 'override.yaml': override }, { files: ['compose.yaml', 'override.yaml'] }).services.web;

  test('scalars replace; command and healthcheck.test are replaced, not appended', () => {
    const web = merged();
    expect(web.image).toBe('web:2');
    expect(web.command).toEqual(['serve']);
    expect(web.healthcheck).toMatchObject({ test: ['CMD', 'b'], intervalSeconds: 10 });
  });

  test('environment and labels merge by key across list and map forms', () => {
    const web = merged();
    expect(web.environment).toEqual({ A: '1', B: '3', C: '4' });
    expect(web.labels).toEqual({ x: '1', y: '2' });
  });

  test('ports and dns are appended; volumes, secrets merge by target; depends_on by name', () => {
    const web = merged();
    expect(web.ports.map((p) => p.target)).toEqual([80, 443]);
    expect(web.other).toEqual({ dns: ['1.1.1.1', '8.8.8.8'] });
    expect(web.mounts.map((m) => [m.target, m.type === 'volume' ? m.source : m.type])).toEqual([
      ['/data', 'other'],
      ['/etc/conf', 'bind'],
    ]);
    expect(web.secrets).toEqual([{ source: 't', target: '/run/secrets/s' }]);
    expect(web.dependsOn.db).toEqual({ condition: 'service_healthy', required: true, restart: false });
  });

  test('where() points into the file that set each value', () => {
    const p = read(base, { 'override.yaml': override }, { files: ['compose.yaml', 'override.yaml'] });
    expect(p.where('services.web.image')?.file).toMatch(/override\.yaml$/);
    expect(p.where('services.web.environment.A')).toMatchObject({ line: 5 });
    expect(p.where('services.web.environment.C')?.file).toMatch(/override\.yaml$/);
    expect(p.where('services.web.ports[0]')?.file).toMatch(/compose\.yaml$/);
    expect(p.where('services.web.ports[1]')?.file).toMatch(/override\.yaml$/);
  });

  test('!reset removes a value; !override replaces it whole', () => {
    const p = read(
      base,
      { 'o.yaml': yaml('services:', '  web:', '    ports: !reset []', '    environment:', '      A: !reset null', '    volumes: !override', '      - other:/other') },
      { files: ['compose.yaml', 'o.yaml'] },
    );
    expect(p.services.web.ports).toEqual([]);
    expect(p.services.web.environment).toEqual({ B: '2' });
    expect(p.services.web.mounts).toEqual([{ type: 'volume', source: 'other', target: '/other', readOnly: false }]);
  });

  test('an override of another shape is an error', () => {
    const files = { 'a.yaml': yaml('volumes:', '  data:', '    external: {name: legacy}'), 'b.yaml': yaml('volumes:', '  data:', '    external: true') };
    expect(problems(base, files, { files: ['a.yaml', 'b.yaml'] })).toEqual([
      expect.objectContaining({ path: 'volumes.data.external', message: 'cannot override a mapping with a single value', line: 3, file: expect.stringMatching(/b\.yaml$/) }),
    ]);
  });

  test('a missing -f file is an error with a fix', () => {
    expect(problems(base, {}, { files: ['compose.yaml', 'missing.yaml'] })).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/missing\.yaml not found/), fix: 'check the path given with -f' }),
    ]);
  });
});

describe('extends', () => {
  test('same file, short and long form, in a chain; the extending service wins and inherits depends_on', () => {
    const p = read(
      yaml(
        'services:',
        '  base:',
        '    image: base',
        '    user: root',
        '    environment: {A: "1"}',
        '    depends_on: [db]',
        '  middle:',
        '    extends: base',
        '    environment: {B: "2"}',
        '  top:',
        '    extends: {service: middle}',
        '    image: top',
        '  db:',
        '    image: db',
      ),
    );
    expect(p.services.top).toMatchObject({ image: 'top', user: 'root', environment: { A: '1', B: '2' } });
    expect(Object.keys(p.services.top.dependsOn)).toEqual(['db']);
    expect(p.services.top.other).toEqual({});
  });

  test('another file, relative to the project; its paths relative to itself; chains across files', () => {
    const p = read(yaml('services:', '  web:', '    extends: {file: common/base.yaml, service: web}', '    image: mine'), {
      'common/base.yaml': yaml('services:', '  web:', '    extends: {file: root.yaml, service: root}', '    volumes: [./conf:/conf]', '    env_file: web.env'),
      'common/root.yaml': yaml('services:', '  root:', '    image: root', '    user: nobody'),
      'common/web.env': 'X=1\n',
    });
    const web = p.services.web;
    expect(web).toMatchObject({ image: 'mine', user: 'nobody' });
    expect(web.mounts[0]).toMatchObject({ type: 'bind', source: expect.stringMatching(/common\/conf$/), target: '/conf' });
    expect(web.envFiles[0].path).toMatch(/common\/web\.env$/);
    expect(p.where('services.web.mounts[0]')?.file).toMatch(/common\/base\.yaml$/);
    expect(p.where('services.web.user')?.file).toMatch(/common\/root\.yaml$/);
  });

  test('a cycle is an error naming it', () => {
    const found = problems(yaml('services:', '  a:', '    image: x', '    extends: b', '  b:', '    extends: a'));
    expect(found.map((e) => e.message)).toContainEqual(expect.stringMatching(/extends forms a cycle: (a → b → a|b → a → b)/));
  });

  test('an unknown service or file is an error with the known services', () => {
    expect(problems(yaml('services:', '  a:', '    image: x', '    extends: nope'))).toEqual([
      expect.objectContaining({ path: 'services.a.extends', line: 4, message: "extends unknown service 'nope'", fix: 'use one of: a' }),
    ]);
    expect(problems(yaml('services:', '  a:', '    image: x', '    extends: {file: gone.yaml, service: b}'))[0].message).toMatch(/extends file \S*gone\.yaml not found/);
  });
});
