import { parseEnvFile } from '../../lib/compose/env-file';
import { substitute } from '../../lib/compose/template';
import { problems, read, yaml } from './helpers';

const vars: Record<string, string> = { A: 'a', EMPTY: '', NESTED: 'n', B: 'b' };
const lookup = (name: string) => vars[name];
const sub = (t: string) => substitute(t, lookup);

describe('substitute: every compose form', () => {
  test.each([
    ['${A}', 'a'],
    ['$A', 'a'],
    ['x${A}y$A', 'xaya'],
    ['${MISSING:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${MISSING-def}', 'def'],
    ['${A:-def}', 'a'],
    ['${A:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${MISSING+alt}', ''],
    ['${MISSING:-${B}}', 'b'],
    ['${MISSING:-${ALSO_MISSING:-deep}}', 'deep'],
    ['${MISSING:-a-b:c}', 'a-b:c'],
    ['$$A', '$A'],
    ['$${A}', '${A}'],
    ['cost: 5$', 'cost: 5$'],
    ['$1 and $ alone', '$1 and $ alone'],
    ['${A}${B}', 'ab'],
  ])('%s → %s', (template, expected) => {
    expect(sub(template)).toEqual({ value: expected, missing: [] });
  });

  test('an unset variable without default is empty and reported once', () => {
    expect(sub('${X}-$X-${Y}')).toEqual({ value: '--', missing: ['X', 'Y'] });
  });

  test('a default that is used reports the variables it needs; an unused one does not', () => {
    expect(sub('${MISSING:-$Z}').missing).toEqual(['Z']);
    expect(sub('${A:-$Z}').missing).toEqual([]);
  });

  test.each([
    ['${MISSING:?need it}', 'required variable MISSING is missing a value: need it'],
    ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
    ['${MISSING?}', 'required variable MISSING is missing a value'],
  ])('%s is an error', (template, error) => {
    expect(sub(template).error).toBe(error);
  });

  test('${EMPTY?x} accepts an empty value (only :? requires one)', () => {
    expect(sub('${EMPTY?x}')).toEqual({ value: '', missing: [] });
  });

  test.each(['${}', '${A', '${A:0:2}', '${1A}'])('%s is malformed', (template) => {
    expect(sub(template).error).toBeDefined();
  });
});

describe('env files', () => {
  test('KEY=value, export, quotes, comments, blank lines, earlier keys', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value # trailing comment',
      'export EXPORTED=yes',
      "SINGLE='lit ${PLAIN} \\n'",
      'DOUBLE="line\\nnext ${PLAIN} \\$HOME"',
      'REF=${PLAIN}-$EXPORTED',
      'COLON: yaml-style',
      'EMPTY=',
      'SPACED =  padded  ',
      'HASH=a#b',
      'MULTI="one',
      'two"',
      'DEFAULTED=${NOPE:-fallback}',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      values: {
        PLAIN: 'value',
        EXPORTED: 'yes',
        SINGLE: 'lit ${PLAIN} \\n',
        DOUBLE: 'line\nnext value $HOME',
        REF: 'value-yes',
        COLON: 'yaml-style',
        EMPTY: '',
        SPACED: 'padded',
        HASH: 'a#b',
        MULTI: 'one\ntwo',
        DEFAULTED: 'fallback',
      },
      errors: [],
    });
  });

  test('a bare KEY takes the outer value when there is one', () => {
    expect(parseEnvFile('FROM_OUTSIDE\nNOT_SET\n', (n) => (n === 'FROM_OUTSIDE' ? 'x' : undefined)).values).toEqual({ FROM_OUTSIDE: 'x' });
  });

  test('outer values win in references; a UTF-8 BOM is skipped', () => {
    expect(parseEnvFile('\uFEFFA=file\nB=$A\n', (n) => (n === 'A' ? 'outer' : undefined)).values).toEqual({ A: 'file', B: 'outer' });
  });

  test('errors carry their line', () => {
    expect(parseEnvFile('OK=1\nBAD KEY=2\nQ="open\n').errors).toEqual([
      { line: 2, message: "a variable name cannot contain a space: 'BAD KEY'" },
      { line: 3, message: 'unterminated quoted value for Q' },
    ]);
  });
});

describe('interpolation in compose files', () => {
  test('values come from .env, keys are never interpolated, $$ is a literal $', () => {
    const p = read(yaml('services:', '  web:', '    image: nginx:${TAG}', '    environment:', '      $KEY: $$HOME', '      PORT: ${PORT:-80}'), { '.env': 'TAG=1.25\n' });
    expect(p.services.web.image).toBe('nginx:1.25');
    expect(p.services.web.environment).toEqual({ $KEY: '$HOME', PORT: '80' });
  });

  test('--env-file replaces .env; later files and --set win', () => {
    const p = read(
      yaml('services:', '  web:', '    image: ${IMAGE}:${TAG}'),
      { '.env': 'IMAGE=from-dotenv\n', 'a.env': 'IMAGE=a\nTAG=1\n', 'b.env': 'TAG=2\n' },
      { envFiles: ['a.env', 'b.env'], set: { IMAGE: 'set' } },
    );
    expect(p.services.web.image).toBe('set:2');
  });

  test('an env file may use the keys of the env files before it', () => {
    const p = read(yaml('services:', '  web:', '    image: ${IMAGE}'), { 'a.env': 'REGISTRY=r.example\n', 'b.env': 'IMAGE=${REGISTRY}/web\n' }, { envFiles: ['a.env', 'b.env'] });
    expect(p.services.web.image).toBe('r.example/web');
  });

  test('the process environment is never read', () => {
    process.env.BERTH_COMPOSE_TEST_TAG = 'from-process';
    try {
      const p = read(yaml('services:', '  web:', '    image: nginx:${BERTH_COMPOSE_TEST_TAG:-default}', '    environment:', '      - BERTH_COMPOSE_TEST_TAG'));
      expect(p.services.web.image).toBe('nginx:default');
      expect(p.services.web.environment).toEqual({ BERTH_COMPOSE_TEST_TAG: null });
    } finally {
      delete process.env.BERTH_COMPOSE_TEST_TAG;
    }
  });

  test('a key-only environment entry takes its value from the env files, as compose does', () => {
    const p = read(yaml('services:', '  web:', '    image: x', '    environment: [DEBUG, OTHER]'), { '.env': 'DEBUG=1\n' });
    expect(p.services.web.environment).toEqual({ DEBUG: '1', OTHER: null });
  });

  test('one warning per unset variable, at its first use', () => {
    const p = read(yaml('services:', '  a:', '    image: ${REG}/a', '  b:', '    image: ${REG}/b:${TAG}'));
    expect(p.warnings.map((w) => [w.path, w.line, w.message])).toEqual([
      ['services.a.image', 3, 'variable REG is not set; using an empty string'],
      ['services.b.image', 5, 'variable TAG is not set; using an empty string'],
    ]);
  });

  test(':? is an error with file, line and path, once per variable', () => {
    const found = problems(
      yaml('x-env: &env', '  SECRET: ${SECRET:?set the secret}', 'services:', '  a:', '    image: x', '    environment: *env', '  b:', '    image: x', '    environment: *env'),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 2, path: 'x-env.SECRET', message: 'required variable SECRET is missing a value: set the secret' });
    expect(found[0].file).toMatch(/compose\.yaml$/);
  });

  test('values compose casts become numbers and booleans after interpolation', () => {
    const p = read(
      yaml('services:', '  web:', '    image: x', '    read_only: ${RO:-true}', '    deploy:', '      replicas: ${N:-3}', '    ports:', '      - target: ${PORT:-80}'),
    );
    expect(p.services.web.readOnly).toBe(true);
    expect(p.services.web.deploy?.replicas).toBe(3);
    expect(p.services.web.ports[0].target).toBe(80);
  });

  test('a cast that fails is an error', () => {
    expect(problems(yaml('services:', '  web:', '    image: x', '    deploy:', '      replicas: ${N:-many}'))).toEqual([
      expect.objectContaining({ path: 'services.web.deploy.replicas', message: "'many' is not a valid number" }),
    ]);
  });

  test('COMPOSE_PROJECT_NAME: the env files, else the top-level name, else the project directory name', () => {
    const compose = yaml('services:', '  web:', '    image: x', '    container_name: ${COMPOSE_PROJECT_NAME}-web');
    expect(read(compose).services.web.containerName).toMatch(/^berth-compose-[a-z0-9]+-web$/);
    expect(read(`name: \${TEAM:-shop}-App\n${compose}`).services.web.containerName).toBe('shop-app-web');
    expect(read(`name: shop\n${compose}`, { '.env': 'COMPOSE_PROJECT_NAME=env\n' }).services.web.containerName).toBe('env-web');
  });

  test('an error on an interpolated value shows what was written', () => {
    const [p] = problems(yaml('services:', '  db:', '    image: x', '    ports:', '      - "$DB_PORT"'));
    expect(p.message).toContain("(written as '$DB_PORT')");
  });
});
