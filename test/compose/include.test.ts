import { join } from 'node:path';
import { problems, read, yaml } from './helpers';

describe('include', () => {
  test('an included file keeps its own project directory: its bind mounts, env files and build contexts resolve there', () => {
    const p = read(yaml('include:', '  - db/compose.yaml', 'services:', '  web: {image: web:1, depends_on: [db]}'), {
      'db/compose.yaml': yaml('services:', '  db:', '    image: postgres:16', '    env_file: db.env', '    volumes: [./init.sql:/docker-entrypoint-initdb.d/init.sql]'),
      'db/db.env': 'A=1\n',
      'db/init.sql': 'select 1;\n',
    });
    const dir = p.projectDir;
    expect(Object.keys(p.services)).toEqual(['db', 'web']);
    expect(p.services.db.envFiles).toEqual([expect.objectContaining({ path: join(dir, 'db', 'db.env') })]);
    expect(p.services.db.mounts).toEqual([expect.objectContaining({ type: 'bind', source: join(dir, 'db', 'init.sql'), isFile: true })]);
    expect(p.services.web.dependsOn.db).toBeDefined();
  });

  test("variables: the including project's win; the included .env (or env_file) gives the defaults", () => {
    const files = {
      'sub/compose.yaml': yaml('services:', '  a: {image: "a:${TAG}", environment: {ONLY_SUB: "${ONLY_SUB}"}}'),
      'sub/.env': 'TAG=sub\nONLY_SUB=from-sub\n',
      'other.env': 'ONLY_SUB=from-other\n',
    };
    expect(read(yaml('include: [sub/compose.yaml]'), files).services.a).toMatchObject({ image: 'a:sub', environment: { ONLY_SUB: 'from-sub' } });
    expect(read(yaml('include: [sub/compose.yaml]'), { ...files, '.env': 'TAG=main\n' }).services.a.image).toBe('a:main');
    const long = read(yaml('include:', '  - path: sub/compose.yaml', '    env_file: other.env'), files).services.a;
    expect(long.environment.ONLY_SUB).toBe('from-other');
  });

  test('project_directory is relative to the including project, and several paths merge', () => {
    const p = read(yaml('include:', '  - path: [lib/base.yaml, lib/more.yaml]', '    project_directory: data'), {
      'lib/base.yaml': yaml('services:', '  a: {image: "a:1", volumes: [./files:/files]}'),
      'lib/more.yaml': yaml('services:', '  a: {environment: {B: "1"}}'),
      'data/files/x': 'x',
    });
    expect(p.services.a.mounts).toEqual([expect.objectContaining({ source: join(p.projectDir, 'data', 'files'), exists: true })]);
    expect(p.services.a.environment).toEqual({ B: '1' });
  });

  test('includes nest; a later -f file overrides an included service', () => {
    const p = read(
      yaml('include: [a/compose.yaml]'),
      {
        'a/compose.yaml': yaml('include: [../b/compose.yaml]', 'services:', '  a: {image: "a:1"}'),
        'b/compose.yaml': yaml('services:', '  b: {image: "b:1"}', 'volumes:', '  data: {}'),
        'override.yaml': yaml('services:', '  b: {image: "b:2"}'),
      },
      { files: ['compose.yaml', 'override.yaml'] },
    );
    expect(Object.keys(p.services)).toEqual(['a', 'b']);
    expect(p.services.b.image).toBe('b:2');
    expect(Object.keys(p.volumes)).toEqual(['data']);
  });

  test('a resource the including file defines differently is an error; the same definition is not', () => {
    const sub = { 'sub.yaml': yaml('services:', '  a: {image: "a:1"}') };
    expect(problems(yaml('include: [sub.yaml]', 'services:', '  a: {image: "a:2"}'), sub)).toEqual([
      expect.objectContaining({ path: 'services.a', message: expect.stringContaining('conflicts with the one an included file defines') }),
    ]);
    expect(Object.keys(read(yaml('include: [sub.yaml]', 'services:', '  a: {image: "a:1"}'), sub).services)).toEqual(['a']);
  });

  test('a cycle is refused, with the files that form it', () => {
    const found = problems(yaml('include: [a.yaml]', 'services:', '  x: {image: "x:1"}'), { 'a.yaml': yaml('include: [compose.yaml]') });
    expect(found).toEqual([
      expect.objectContaining({ path: 'include[0]', message: expect.stringMatching(/^include forms a cycle: [^ ]*compose\.yaml → [^ ]*a\.yaml → [^ ]*compose\.yaml$/) }),
    ]);
  });

  test('an included file is interpolated once: $$ stays a literal $', () => {
    const p = read(yaml('include: [sub.yaml]'), { 'sub.yaml': yaml('services:', '  a: {image: "a:1", command: "echo $$HOME"}') });
    expect(p.services.a.command).toEqual(['echo', '$HOME']);
  });
});
