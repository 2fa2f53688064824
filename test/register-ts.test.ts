import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// scripts/register-ts.js runs every berth command but synth (which runs from a bundle, test/bundle.test.ts, and
// through the hook when that cannot be built), `bench` and `test:exec`: an error they throw must name the
// TypeScript file and line, whether the JavaScript was just transpiled or read from the cache.
const HOOK = path.join(__dirname, '..', 'scripts', 'register-ts.js');

const THROWS = `interface Thing {
  name: string;
}

export function explode(thing: Thing): never {
  const message: string = \`boom: \${thing.name}\`;
  throw new Error(message);
}
`;
const MAIN = `import { explode } from './throws';

type Unused = { a: number };
const x: Unused = { a: 1 };
explode({ name: String(x.a) });
`;

describe('scripts/register-ts.js', () => {
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-register-ts-'));
    cache = path.join(dir, 'cache');
    fs.writeFileSync(path.join(dir, 'throws.ts'), THROWS);
    fs.writeFileSync(path.join(dir, 'main.ts'), MAIN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = () => spawnSync(process.execPath, ['-r', HOOK, 'main.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env, BERTH_TS_CACHE: cache } });
  const expectTypeScriptLines = (stderr: string) => {
    expect(stderr).toContain('Error: boom: 1');
    // throw is on line 7 of throws.ts (the interface above it is erased in the JavaScript), the call on line 5 of main.ts
    expect(stderr).toMatch(new RegExp(`at explode \\(${literal(path.join(dir, 'throws.ts'))}:7:\\d+\\)`));
    expect(stderr).toMatch(new RegExp(`${literal(path.join(dir, 'main.ts'))}:5:\\d+\\)`));
  };

  test('a stack trace names the .ts file and line, on a cold and on a warm cache', () => {
    const cold = run();
    expect(cold.status).toBe(1);
    expectTypeScriptLines(cold.stderr);
    expect(fs.readdirSync(cache).filter((f) => f.endsWith('.js'))).toHaveLength(2);

    const warm = run();
    expect(warm.status).toBe(1);
    expectTypeScriptLines(warm.stderr);
    expect(fs.readdirSync(cache).filter((f) => f.endsWith('.js'))).toHaveLength(2); // nothing transpiled again
  });

  test('a cache entry written by an older hook (without source maps) is never reused', () => {
    // the key the hook used before it emitted source maps: compiler version, file name and source only
    const version = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
    fs.mkdirSync(cache);
    for (const [name, source] of [
      ['throws.ts', THROWS],
      ['main.ts', MAIN],
    ]) {
      const file = path.join(dir, name);
      const key = crypto.createHash('sha256').update(`${version}\0${file}\0${source}`).digest('hex');
      fs.writeFileSync(path.join(cache, `${key}.js`), 'throw new Error("stale cache entry was reused");\n');
    }
    const result = run();
    expect(result.stderr).not.toContain('stale cache entry');
    expectTypeScriptLines(result.stderr);
  });
});

function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
