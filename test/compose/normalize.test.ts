import { parsePortSpec } from '../../lib/compose/normalize-ports';
import { splitShellWords } from '../../lib/compose/shell-words';
import { goFloat } from '../../lib/compose/tree';
import { parseBytes, parseDuration } from '../../lib/compose/units';
import { parseVolumeSpec } from '../../lib/compose/volume-spec';
import { problems, read, yaml } from './helpers';

/** One service `s` with these lines under it (indented four spaces), plus top-level lines. */
function service(lines: string[], top: string[] = []) {
  return read(yaml('services:', '  s:', '    image: x', ...lines.map((l) => `    ${l}`), ...top), { 'conf.txt': 'x', 'dir/keep': '' }).services.s;
}

describe('ports', () => {
  test.each([
    ['80', [{ target: 80, protocol: 'tcp' }]],
    ['8080:80', [{ target: 80, published: '8080', protocol: 'tcp' }]],
    ['127.0.0.1:8080:80', [{ target: 80, published: '8080', hostIp: '127.0.0.1', protocol: 'tcp' }]],
    ['127.0.0.1::80', [{ target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }]],
    ['[::1]:80:80', [{ target: 80, published: '80', hostIp: '::1', protocol: 'tcp' }]],
    ['53:53/udp', [{ target: 53, published: '53', protocol: 'udp' }]],
    [
      '8000-8002:9000-9002',
      [
        { target: 9000, published: '8000', protocol: 'tcp' },
        { target: 9001, published: '8001', protocol: 'tcp' },
        { target: 9002, published: '8002', protocol: 'tcp' },
      ],
    ],
    ['8080-8081:80', [{ target: 80, published: '8080-8081', protocol: 'tcp' }]],
  ])('%s', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  test.each(['80:80:80:80x', '8000-8002:9000-9001', '80/icmp', 'abc', '::1:80:80', '70000'])('%s is refused', (spec) => {
    expect(typeof parsePortSpec(spec)).toBe('string');
  });

  test('numbers, long syntax, duplicates (last wins), where() of expanded ranges', () => {
    const p = read(
      yaml(
        'services:',
        '  s:',
        '    image: x',
        '    ports:',
        '      - 3000',
        '      - "8000-8001:8000-8001"',
        '      - {target: 80, published: 8080, name: web, app_protocol: http, mode: host}',
        '      - "3000"',
      ),
    );
    expect(p.services.s.ports).toEqual([
      { target: 3000, protocol: 'tcp' },
      { target: 8000, published: '8000', protocol: 'tcp' },
      { target: 8001, published: '8001', protocol: 'tcp' },
      { target: 80, published: '8080', protocol: 'tcp', name: 'web', appProtocol: 'http' },
    ]);
    expect(p.services.s.other).toEqual({ 'ports[2].mode': 'host' });
    expect(p.where('services.s.ports[2]')?.line).toBe(6);
    expect(p.where('services.s.ports[3]')?.line).toBe(7);
  });

  test('expose: numbers, strings, ranges, protocols', () => {
    expect(service(['expose: [3000, "4000-4001", "53/udp"]']).expose).toEqual([
      { port: 3000, protocol: 'tcp' },
      { port: 4000, protocol: 'tcp' },
      { port: 4001, protocol: 'tcp' },
      { port: 53, protocol: 'udp' },
    ]);
  });
});

describe('volumes', () => {
  test.each([
    ['data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false, options: [] }],
    ['data:/d:ro', { type: 'volume', source: 'data', target: '/d', readOnly: true, options: ['ro'] }],
    ['./rel:/d:ro,z', { type: 'bind', source: './rel', target: '/d', readOnly: true, options: ['ro', 'z'] }],
    ['/abs:/d', { type: 'bind', source: '/abs', target: '/d', readOnly: false, options: [] }],
    ['~/x:/d', { type: 'bind', source: '~/x', target: '/d', readOnly: false, options: [] }],
    ['/anon', { type: 'volume', target: '/anon', readOnly: false, options: [] }],
    ['C:\\data:/d', { type: 'bind', source: 'C:\\data', target: '/d', readOnly: false, options: [] }],
    ['${X:-a:b}:/d', { type: 'volume', source: '${X:-a:b}', target: '/d', readOnly: false, options: [] }],
  ])('%s', (spec, expected) => {
    expect(parseVolumeSpec(spec)).toEqual(expected);
  });

  test.each([':/d', 'ab:cd:ef:gh'])('%s is refused', (spec) => {
    expect(parseVolumeSpec(spec)).toHaveProperty('error');
  });

  test('short and long syntax, binds looked up on disk, tmpfs, targets cleaned, in order', () => {
    const s = service(
      [
        'volumes:',
        '  - data:/data/',
        '  - ./conf.txt:/etc/conf.txt:ro',
        '  - ./dir:/dir',
        '  - ./nope:/nope',
        '  - /anon',
        '  - {type: volume, source: data, target: /sub, volume: {subpath: a/b}, read_only: true}',
        '  - {type: bind, source: ./dir, target: /b, bind: {create_host_path: true}}',
        '  - {type: tmpfs, target: /t, tmpfs: {size: 64m, mode: 01777}}',
        '  - {type: tmpfs, target: /t2, tmpfs: {size: 1024}}',
        '  - {type: npipe, source: //./pipe/docker, target: //./pipe/docker}',
        'tmpfs: ["/run:size=1g,mode=1777,noexec"]',
      ],
      ['volumes:', '  data:'],
    );
    expect(s.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: false },
      { type: 'bind', source: expect.stringMatching(/\/conf\.txt$/), target: '/etc/conf.txt', readOnly: true, exists: true, isFile: true },
      { type: 'bind', source: expect.stringMatching(/\/dir$/), target: '/dir', readOnly: false, exists: true, isFile: false },
      { type: 'bind', source: expect.stringMatching(/\/nope$/), target: '/nope', readOnly: false, exists: false, isFile: false },
      { type: 'anonymous', target: '/anon', readOnly: false },
      { type: 'volume', source: 'data', target: '/sub', readOnly: true, subpath: 'a/b' },
      { type: 'bind', source: expect.stringMatching(/\/dir$/), target: '/b', readOnly: false, exists: true, isFile: false },
      { type: 'tmpfs', target: '/t', sizeBytes: 64 * 1024 ** 2, mode: 0o1777 },
      { type: 'tmpfs', target: '/t2', sizeBytes: 1024 },
      { type: 'other', kind: 'npipe', source: '//./pipe/docker', target: '//./pipe/docker' },
      { type: 'tmpfs', target: '/run', sizeBytes: 1024 ** 3, mode: 0o1777 },
    ]);
    expect(s.other).toEqual({ 'volumes[6].bind': { create_host_path: true }, 'tmpfs[0].options': ['noexec'] });
  });

  test('service tmpfs as a single string', () => {
    expect(service(['tmpfs: /tmp']).mounts).toEqual([{ type: 'tmpfs', target: '/tmp' }]);
  });

  test('an undeclared named volume and a doubly mounted target are errors with a fix', () => {
    const found = problems(yaml('services:', '  s:', '    image: x', '    volumes: [ghost:/a, /b]', '    tmpfs: /b'));
    expect(found.map((p) => [p.path, p.message])).toEqual([
      ['services.s.tmpfs', 'target /b is already mounted by services.s.volumes[1]'],
      ['services.s.mounts[0]', "uses volume 'ghost', which is not declared"],
    ]);
    expect(found[1].fix).toMatch(/declare it under the top-level volumes/);
  });

  test('an unknown short option is a warning', () => {
    const p = read(yaml('services:', '  s:', '    image: x', '    volumes: [./a:/a:roz]'));
    expect(p.warnings.map((w) => w.message)).toEqual(["unknown volume option 'roz': compose ignores it, so the mount is read-write"]);
  });
});

describe('environment, labels, sysctls, extra_hosts, ulimits', () => {
  test('environment: list and map, null and number values printed as compose prints them', () => {
    expect(service(['environment:', '  A: 1', '  B: 1.0', '  C: 1e6', '  D: true', '  E:', '  F: ""', '  G: 0.00001']).environment).toEqual({
      A: '1',
      B: '1',
      C: '1e+06',
      D: 'true',
      E: null,
      F: '',
      G: '1e-05',
    });
    expect(service(['environment: [A=1, B=, C, D=x=y]']).environment).toEqual({ A: '1', B: '', C: null, D: 'x=y' });
  });

  test('labels and sysctls in both forms', () => {
    expect(service(['labels: [a=1, b]', 'sysctls: {net.core.somaxconn: 1024}']).labels).toEqual({ a: '1', b: '' });
    expect(service(['sysctls: [net.core.somaxconn=1024]']).sysctls).toEqual({ 'net.core.somaxconn': '1024' });
  });

  test('extra_hosts: host:ip, host=ip, IPv6, and the mapping form', () => {
    expect(service(['extra_hosts: ["a:1.2.3.4", "b=5.6.7.8", "c:::1", "d=[::2]", "gw:host-gateway"]']).extraHosts).toEqual([
      { host: 'a', ip: '1.2.3.4' },
      { host: 'b', ip: '5.6.7.8' },
      { host: 'c', ip: '::1' },
      { host: 'd', ip: '::2' },
      { host: 'gw', ip: 'host-gateway' },
    ]);
    expect(service(['extra_hosts: {a: 1.2.3.4, b: [::1, 10.0.0.1]}']).extraHosts).toEqual([
      { host: 'a', ip: '1.2.3.4' },
      { host: 'b', ip: '::1' },
      { host: 'b', ip: '10.0.0.1' },
    ]);
  });

  test('ulimits: a number or soft/hard', () => {
    expect(service(['ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}']).ulimits).toEqual({ nofile: { soft: 20000, hard: 40000 }, nproc: { soft: 65535, hard: 65535 } });
  });
});

describe('units', () => {
  test.each([
    ['1m30s', 90],
    ['10s', 10],
    ['500ms', 0.5],
    ['1h', 3600],
    ['1.5h', 5400],
    ['2d', 172800],
    ['0', 0],
    ['1h2m3s4ms', 3723.004],
  ])('duration %s = %ds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  test.each(['30', '1x', 'abc', ''])('duration %p is refused', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['2gb', 2 * 1024 ** 3],
    ['1024k', 1024 ** 2],
    ['100', 100],
    ['1.5g', 1.5 * 1024 ** 3],
    ['64MiB', 64 * 1024 ** 2],
  ])('size %s', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  test.each(['lots', '1x', '-'])('size %p is refused', (text) => {
    expect(parseBytes(text)).toBeUndefined();
  });

  test.each([
    [1, '1'],
    [1e6, '1e+06'],
    [123456, '123456'],
    [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
  ])('Go prints float %p as %s', (f, text) => {
    expect(goFloat(f)).toBe(text);
  });
});

describe('command and entrypoint', () => {
  test.each([
    ['npm run start', ['npm', 'run', 'start']],
    ['sh -c "echo hello world"', ['sh', '-c', 'echo hello world']],
    ["bash -c 'a && b'", ['bash', '-c', 'a && b']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo ""', ['echo', '']],
    ['echo $(date) $HOME', ['echo', '$(date)', '$HOME']],
    ['  spaced   out  ', ['spaced', 'out']],
  ])('%s', (line, words) => {
    expect(splitShellWords(line)).toEqual({ words });
  });

  test('an unquoted operator ends the command, as in compose', () => {
    expect(splitShellWords('a b && c')).toEqual({ words: ['a', 'b'], ignored: '&& c' });
  });

  test('an unclosed quote is an error', () => {
    expect(splitShellWords('echo "open').error).toBeDefined();
  });

  test('in a service: a list as written, a string split, a dropped tail warned about', () => {
    expect(service(['command: [a, "1", "b c"]', 'entrypoint: /bin/sh -c']).command).toEqual(['a', '1', 'b c']);
    const p = read(yaml('services:', '  s:', '    image: x', '    command: migrate && serve'));
    expect(p.services.s.command).toEqual(['migrate']);
    expect(p.warnings[0]).toMatchObject({ path: 'services.s.command', line: 4 });
  });
});

describe('healthcheck, depends_on, links, deploy, resources', () => {
  test('healthcheck: a string test is CMD-SHELL; durations in seconds', () => {
    expect(service(['healthcheck: {test: curl -f localhost, interval: 1m30s, timeout: 500ms, retries: 3, start_period: 10s, start_interval: 1s}']).healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f localhost'],
      intervalSeconds: 90,
      timeoutSeconds: 0.5,
      retries: 3,
      startPeriodSeconds: 10,
      startIntervalSeconds: 1,
      disable: false,
    });
    expect(service(['healthcheck: {disable: true}']).healthcheck).toEqual({ disable: true });
    expect(service(['healthcheck: {test: [NONE]}']).healthcheck).toEqual({ test: ['NONE'], disable: true });
  });

  test('healthcheck errors: a bad duration, a test list without CMD', () => {
    const found = problems(yaml('services:', '  s:', '    image: x', '    healthcheck: {test: [curl, x], interval: 30}'));
    expect(found.map((p) => p.path).sort()).toEqual(['services.s.healthcheck.interval', 'services.s.healthcheck.test']);
  });

  test('depends_on list and map with defaults; links; implicit dependencies', () => {
    const p = read(
      yaml(
        'services:',
        '  s:',
        '    image: x',
        '    depends_on: {db: {condition: service_healthy, restart: true}, cache: {condition: service_started, required: false}}',
        '    links: ["db:database"]',
        '    volumes_from: [data, "container:other"]',
        '  t:',
        '    image: x',
        '    depends_on: [db]',
        '    network_mode: service:s',
        '  db: {image: x}',
        '  cache: {image: x}',
        '  data: {image: x}',
      ),
    );
    expect(p.services.s.dependsOn).toEqual({
      cache: { condition: 'service_started', required: false, restart: false },
      data: { condition: 'service_started', required: true, restart: false },
      db: { condition: 'service_healthy', required: true, restart: true },
    });
    expect(p.services.s.links).toEqual(['db']);
    expect(p.services.s.volumesFrom).toEqual(['data', 'container:other']);
    expect(p.services.t.dependsOn).toEqual({
      db: { condition: 'service_started', required: true, restart: false },
      s: { condition: 'service_started', required: true, restart: true },
    });
    expect(p.services.t.networks).toEqual({});
    expect(p.where('services.t.depends_on.db')?.line).toBe(9);
  });

  test('deploy: mode, replicas, resources as numbers and strings, restart policy, labels; the rest in other', () => {
    const s = service([
      'deploy:',
      '  mode: replicated',
      '  replicas: 2',
      '  resources:',
      "    limits: {cpus: '0.5', memory: 512M, pids: 100}",
      '    reservations: {cpus: 0.25, memory: 1g, devices: [{capabilities: [gpu]}]}',
      '  restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s}',
      '  labels: [a=b]',
      '  placement: {constraints: [node.role==manager]}',
      'mem_limit: 1.5g',
      'mem_reservation: 1024',
      "cpus: '1.5'",
      'shm_size: 64m',
      'stop_grace_period: 1m',
    ]);
    expect(s.deploy).toEqual({
      mode: 'replicated',
      replicas: 2,
      limits: { cpus: 0.5, memoryBytes: 512 * 1024 ** 2, pids: 100 },
      reservations: { cpus: 0.25, memoryBytes: 1024 ** 3 },
      restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
      labels: { a: 'b' },
    });
    expect(s).toMatchObject({ memLimitBytes: 1.5 * 1024 ** 3, memReservationBytes: 1024, cpus: 1.5, shmSizeBytes: 64 * 1024 ** 2, stopGracePeriodSeconds: 60 });
    expect(s.other).toEqual({
      'deploy.placement': { constraints: ['node.role==manager'] },
      'deploy.resources.reservations.devices': [{ capabilities: ['gpu'] }],
      'deploy.restart_policy.delay': '5s',
    });
  });
});

describe('networks, secrets, configs, env_file, build', () => {
  test('networks: the default one when none is named, aliases, the rest in other', () => {
    const p = read(
      yaml(
        'services:',
        '  a: {image: x}',
        '  b:',
        '    image: x',
        '    networks:',
        '      front: {aliases: [web], ipv4_address: 10.0.0.2}',
        '      back:',
        'networks: {front: {}, back: {internal: true}}',
      ),
    );
    expect(p.services.a.networks).toEqual({ default: { aliases: [] } });
    expect(p.services.b.networks).toEqual({ back: { aliases: [] }, front: { aliases: ['web'] } });
    expect(p.services.b.other).toEqual({ 'networks.front.ipv4_address': '10.0.0.2' });
    expect(p.networks).toEqual({ back: { external: false, internal: true }, default: { external: false, internal: false }, front: { external: false, internal: false } });
  });

  test('secrets and configs: short and long forms with their default targets', () => {
    const p = read(
      yaml(
        'services:',
        '  s:',
        '    image: x',
        '    secrets: [db_pw, {source: api_key, target: key, uid: "103", mode: 0440}]',
        '    configs: [nginx, {source: app, target: /etc/app.conf}]',
        'secrets:',
        '  db_pw: {file: ./pw.txt}',
        '  api_key: {environment: API_KEY}',
        'configs:',
        '  nginx: {content: "server {}"}',
        '  app: {external: true}',
      ),
    );
    expect(p.services.s.secrets).toEqual([
      { source: 'db_pw', target: '/run/secrets/db_pw' },
      { source: 'api_key', target: '/run/secrets/key', uid: '103', mode: 0o440 },
    ]);
    expect(p.services.s.configs).toEqual([
      { source: 'nginx', target: '/nginx' },
      { source: 'app', target: '/etc/app.conf' },
    ]);
    expect(p.secrets.db_pw).toEqual({ external: false, file: expect.stringMatching(/\/pw\.txt$/) });
    expect(p.configs).toEqual({ app: { external: true }, nginx: { external: false, content: 'server {}' } });
  });

  test('env_file: string, list, long form; a missing required one is an error, an optional one is not', () => {
    const p = read(yaml('services:', '  s:', '    image: x', '    env_file: [a.env, {path: b.env, required: false}]'), { 'a.env': 'A=1\n' });
    expect(p.services.s.envFiles).toEqual([
      { path: expect.stringMatching(/\/a\.env$/), required: true },
      { path: expect.stringMatching(/\/b\.env$/), required: false },
    ]);
    expect(problems(yaml('services:', '  s:', '    image: x', '    env_file: gone.env'))).toEqual([
      expect.objectContaining({ path: 'services.s.env_file[0]', line: 4, message: expect.stringMatching(/^env file gone\.env not found/) }),
    ]);
  });

  test('a missing env file of an inactive service is not an error (compose checks active services only)', () => {
    expect(read(yaml('services:', '  s:', '    image: x', '    profiles: [tools]', '    env_file: gone.env')).services.s.active).toBe(false);
  });

  test('build: string and long form, with args', () => {
    expect(read(yaml('services:', '  s:', '    build: ./app')).services.s.build).toEqual({ context: './app', dockerfile: 'Dockerfile', args: {} });
    expect(read(yaml('services:', '  s:', '    build: {context: ., dockerfile: web.Dockerfile, target: prod, args: [A=1, B], cache_from: [x]}')).services.s).toMatchObject({
      build: { context: '.', dockerfile: 'web.Dockerfile', target: 'prod', args: { A: '1', B: null } },
      other: { 'build.cache_from': ['x'] },
    });
  });

  test('every other key is kept in other, as written after interpolation', () => {
    expect(service(['logging: {driver: json-file, options: {max-size: "${SIZE:-10m}"}}', 'pid: host', 'security_opt: [no-new-privileges:true]']).other).toEqual({
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      pid: 'host',
      security_opt: ['no-new-privileges:true'],
    });
  });
});

test('a command word that is a mapping or a list is a problem with its path, never a crash', () => {
  const found = problems(yaml('services:', '  web:', '    image: "a:1"', '    command: ["run", {toString: false}, [x]]')).map((p) => `${p.path}: ${p.message}`);
  expect(found.some((p) => /^services\.web\.command(\[1\])?: /.test(p))).toBe(true);
});
