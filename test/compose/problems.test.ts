import { formatComposeProblem } from '../../lib/compose/types';
import { problems, read, yaml } from './helpers';

describe('schema problems, in plain words, all at once', () => {
  test('a boolean where compose wants a string, with the fix', () => {
    const [p] = problems(yaml('services:', '  migrate:', '    image: x', '    restart: false'));
    expect(formatComposeProblem(p)).toMatch(/compose\.yaml:4: services\.migrate\.restart: must be a string, got false \(quote it: 'no'\)$/);
  });

  test('every problem of every file, each with its file and line', () => {
    const found = problems(
      yaml('services:', '  web:', '    image: x', '    ports: 80', '    enviroment: {A: 1}', '  "bad name":', '    image: y'),
      {
        'o.yaml': yaml('services:', '  web:', '    healthcheck: {test: 5}', '    depends_on: {db: {condition: service_ready}}'),
      },
      { files: ['compose.yaml', 'o.yaml'] },
    );
    expect(found.map((p) => [p.file?.replace(/.*\//, ''), p.line, p.path, p.message, p.fix])).toEqual([
      ['compose.yaml', 6, 'services.bad name', "'bad name' is not a valid name here (it must match ^[a-zA-Z0-9._-]+$)", 'use letters, digits, ".", "_" and "-" only'],
      ['compose.yaml', 5, 'services.web.enviroment', "unknown key 'enviroment'", "did you mean 'environment'?"],
      ['compose.yaml', 4, 'services.web.ports', 'must be a list, got 80', undefined],
      [
        'o.yaml',
        4,
        'services.web.depends_on.db.condition',
        "must be one of 'service_started', 'service_healthy', 'service_completed_successfully', got 'service_ready'",
        undefined,
      ],
      ['o.yaml', 3, 'services.web.healthcheck.test', 'must be a string or a list, got 5', undefined],
      ['o.yaml', 4, 'services.web.depends_on.db', "depends on unknown service 'db'", 'fix the name or remove the dependency (known: bad name, web)'],
    ]);
  });

  test('an unknown key without a near miss suggests an extension field', () => {
    const [p] = problems(yaml('services:', '  app:', '    image: x', '    pre_start: []'));
    expect(p).toMatchObject({ path: 'services.app.pre_start', message: "unknown key 'pre_start'", fix: 'remove it, or rename it x-pre_start to keep it as an extension field' });
  });

  test('a long volume without type names what is missing', () => {
    expect(problems(yaml('services:', '  app:', '    image: x', '    volumes: [{source: a, target: /a}]'))[0]).toMatchObject({
      path: 'services.app.volumes[0]',
      message: "needs 'type'",
    });
  });

  test('an include whose file is missing names it', () => {
    expect(problems(yaml('include: [other.yaml]', 'services:', '  a: {image: x}'))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^compose file .*other\.yaml not found$/) }),
    ]);
  });

  test('the obsolete version key is a warning, once', () => {
    const p = read(yaml('version: "3.8"', 'services:', '  a: {image: x}'), { 'o.yaml': yaml('version: "3"') }, { files: ['compose.yaml', 'o.yaml'] });
    expect(p.warnings).toEqual([expect.objectContaining({ path: 'version', line: 1, message: 'the version key is obsolete: compose ignores it' })]);
  });
});

describe('references between services and resources', () => {
  test('unknown services, undeclared networks, secrets and configs: every one, each with a fix', () => {
    const found = problems(
      yaml(
        'services:',
        '  web:',
        '    image: x',
        '    depends_on: [dbb]',
        '    links: [cache]',
        '    volumes_from: [store]',
        '    networks: [front]',
        '    secrets: [pw]',
        '    configs: [conf]',
        '  side:',
        '    image: x',
        '    network_mode: service:nope',
        '  db:',
        '    image: x',
      ),
    );
    expect(found.map((p) => [p.path, p.line, p.message])).toEqual([
      ['services.side.network_mode', 12, "shares the network of unknown service 'nope'"],
      ['services.web.links[0]', 5, "links to unknown service 'cache'"],
      ['services.web.volumes_from[0]', 6, "takes volumes from unknown service 'store'"],
      ['services.web.depends_on.dbb', 4, "depends on unknown service 'dbb'"],
      ['services.web.networks.front', 7, "uses network 'front', which is not declared"],
      ['services.web.secrets[0]', 8, "uses secret 'pw', which is not declared"],
      ['services.web.configs[0]', 9, "uses config 'conf', which is not declared"],
    ]);
    expect(found.every((p) => p.fix !== undefined)).toBe(true);
    expect(found[3].fix).toMatch(/known: db, side, web/);
  });

  test('a depends_on cycle and a service with neither image nor build', () => {
    const found = problems(yaml('services:', '  a:', '    image: x', '    depends_on: [b]', '  b:', '    image: x', '    depends_on: [a]', '  c:', '    environment: {A: "1"}'));
    expect(found.map((p) => p.message)).toEqual(['service c has neither an image nor a build', 'dependency cycle: a → b → a']);
  });
});

describe('profiles', () => {
  const compose = yaml(
    'services:',
    '  web:',
    '    image: x',
    '    depends_on: {db: {condition: service_started}, debug: {condition: service_started, required: false}}',
    '  db:',
    '    image: x',
    '    profiles: [database]',
    '  debug:',
    '    image: x',
    '    profiles: [debug]',
    '  tools:',
    '    image: x',
    '    profiles: [tools]',
  );
  const active = (p: ReturnType<typeof read>) =>
    Object.values(p.services)
      .filter((s) => s.active)
      .map((s) => s.name);

  test('no profile: services without profiles, and the ones they require (with a warning)', () => {
    const p = read(compose);
    expect(active(p)).toEqual(['db', 'web']);
    expect(Object.keys(p.services)).toEqual(['db', 'debug', 'tools', 'web']);
    expect(p.warnings).toEqual([
      expect.objectContaining({ path: 'services.web.depends_on.db', line: 4, message: 'db (profiles: database) is activated because web depends on it' }),
    ]);
  });

  test('--profile and COMPOSE_PROFILES; * is every profile; an unknown profile is a warning', () => {
    expect(active(read(compose, {}, { profiles: ['tools'] }))).toEqual(['db', 'tools', 'web']);
    expect(active(read(compose, { '.env': 'COMPOSE_PROFILES=debug, tools\n' }))).toEqual(['db', 'debug', 'tools', 'web']);
    expect(active(read(compose, { '.env': 'COMPOSE_PROFILES=debug\n' }, { profiles: ['tools'] }))).toEqual(['db', 'tools', 'web']);
    expect(active(read(compose, {}, { profiles: ['*'] }))).toEqual(['db', 'debug', 'tools', 'web']);
    expect(read(compose, {}, { profiles: ['nope'] }).warnings.map((w) => w.message)).toContain("profile 'nope' matches no service");
  });

  test('inactive services are not checked for references', () => {
    expect(active(read(yaml('services:', '  a:', '    image: x', '  b:', '    profiles: [x]', '    image: x', '    depends_on: [ghost]')))).toEqual(['a']);
  });
});
