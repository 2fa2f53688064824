// Runs a TypeScript entry point from one cached bundle instead of through the require hook: `berth synth`
// (bin/berth.js), and `node scripts/bundle.js ENTRY.ts [ARGS...]` for any other entry (npm run bench).
//
// Through the hook (register-ts.js), a warm `npm run synth` loads ~260 modules, each read, looked up in the
// transpile cache and compiled by V8 on its own: ~150 ms of a ~400 ms run, and the generated imports/k8s.ts
// (~800 KB) is compiled whole though synth uses a tenth of it. Bundled by esbuild into one CommonJS file, with
// what nothing uses left out (imports/k8s.ts comes to ~80 KB; 680 KB in all), the same code is checked, read and
// compiled in ~30 ms: a warm synth went from 0.38 s to 0.30 s on a 2-core machine. Building it takes ~0.25 s.
//
// The bundle is only as good as its inputs, and charts/*.ts change all the time (by hand, by `berth import`).
// Beside each bundle is its manifest: every file esbuild read to build it (its metafile: the project's .ts
// files and the .js/.json files of node_modules), and a digest of their contents salted with esbuild's version,
// the build options, this file's source and where the project is. Every run hashes the listed files again
// (~190 files, ~2 MB: ~6 ms), and lists the module files beside the project's own inputs, and rebuilds on any
// difference: a file that a bundle would now include is either imported by a listed file, which then has
// changed, or found where an unchanged import now resolves (charts.ts beside charts/), beside an input.
// Contents, not modification times: npm extracts every package with the same timestamp, and an editor may
// keep one.
// releases/*.yaml are not inputs: the synth reads them when it runs, as through the hook.
//
// The bundle behaves as the modules do through the hook:
//   - `__dirname` and `__filename` name each file's own location, not the bundle's: a file that uses them gets
//     them as constants (charts/index.ts finds releases/ that way);
//   - the bundle resolves packages from the project, wherever the cache is (BERTH_TS_CACHE): @viz-js/viz stays
//     out of the bundle (1.2 MB of WebAssembly, loaded only when a diagram must be rendered) and is
//     required, and require.resolve'd, from the project's node_modules;
//   - a require() of a project file (a command, lib/constructs/delivery.ts's './application-set') is bundled
//     and runs when it is called, as before;
//   - stack traces name the TypeScript file and line, through a source map in a file of its own: Node reads it
//     when the bundle loads, ~9 ms, where the same map inline costs ~16 ms (base64 in a 1.4 MB source).
// When esbuild cannot build the bundle (a syntax error in a chart, an import of a missing file), or the cache
// cannot be written, the entry runs through the hook, which reports any problem exactly as it always has.
'use strict';
const { createHash } = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.join(__dirname, '..');
// The transpile hook's cache root (register-ts.js): `npm run bench` points BERTH_TS_CACHE at an empty directory
// for its cold runs, which must then find no bundle either.
const cacheDir = path.join(path.resolve(process.env.BERTH_TS_CACHE || path.join(root, 'node_modules', '.cache', 'berth-ts')), 'bundle');

// As the hook transpiles (register-ts.js), plus bundling; everything but the entry point and where it goes.
const options = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  // A few long lines rather than ~30,000: Node measures every line of a module that has a source map as it
  // loads it, and V8 has less to scan (~10 ms a run). Names stay: stack traces read as in the sources.
  minifyWhitespace: true,
  external: ['@viz-js/viz'],
  sourcemap: 'external', // the comment that links the map is added below: the map's name is known only then
  sourcesContent: false, // the files on disk are the sources
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, esModuleInterop: true } },
  logLevel: 'silent', // a build that fails falls back to the hook, which reports the problem
};

// Everything a bundle depends on besides its inputs: the bundler, its options, this file (which sets them and
// writes the location constants) and the project's location (which the constants name).
const salt = createHash('sha256')
  .update(`esbuild ${require('esbuild/package.json').version}\0${JSON.stringify(options)}\0${root}\0`)
  .update(fs.readFileSync(__filename))
  .digest('hex');

/** The digest of a bundle's inputs (paths relative to the project, as esbuild's metafile names them). */
function digest(entry, inputs, read = (input) => fs.readFileSync(`${root}/${input}`)) {
  // (`${root}/${input}` rather than path.join, which costs more than the reading on a cold start: ~4 ms)
  const hash = createHash('sha256').update(`${salt}\0${entry}\0`);
  for (const input of inputs) {
    const content = read(input);
    hash.update(`${input}\0${content.length}\0`).update(content);
  }
  // A new module beside the project's own inputs can change what an unchanged import resolves to (charts.ts
  // beside charts/ takes `../charts` from charts/index.ts): the module files each of their directories holds
  // are part of the digest too (~1 ms).
  const dirs = [...new Set(inputs.filter((input) => !input.startsWith('node_modules/')).map((input) => path.posix.dirname(input)))].sort();
  for (const dir of dirs) {
    const modules = fs
      .readdirSync(`${root}/${dir}`)
      .filter((name) => MODULE_FILE.test(name))
      .sort();
    hash.update(`${dir}/\0${modules.join('\0')}\0`);
  }
  return hash.digest('hex');
}

/** The files a require or an import can resolve to. */
const MODULE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/;

// Checkouts that share a cache (BERTH_TS_CACHE, a linked node_modules) keep a bundle each, not one in turn.
const project = createHash('sha256').update(root).digest('hex').slice(0, 12);

/** Where the bundle of `entry` (a path relative to the project) and its manifest are kept. */
function files(entry, key) {
  const name = `${entry.replace(/\.ts$/, '').replace(/[/\\]/g, '-')}-${project}`;
  return {
    name,
    manifest: path.join(cacheDir, `${name}.json`),
    // named by its digest, so that a manifest never names another build's bundle, whatever runs in parallel
    bundle: key === undefined ? undefined : path.join(cacheDir, `${name}-${key}.js`),
  };
}

/** The cached bundle of `entry` when its inputs are still what it was built from: its file name and code. */
function cached(entry) {
  try {
    const { inputs, key } = JSON.parse(fs.readFileSync(files(entry).manifest, 'utf8'));
    if (digest(entry, inputs) !== key) return undefined;
    const bundle = files(entry, key).bundle;
    return { bundle, code: fs.readFileSync(bundle, 'utf8') };
  } catch {
    return undefined; // no manifest, an input is gone, or a parallel build has just removed this bundle
  }
}

// `const __dirname = "…", __filename = "…";`, inserted on the first line of a file that uses them, so that no
// line moves (the source map stays right to the line); after a "use strict" directive, which must stay first.
const LOCATION_USE = /\b__(dirname|filename)\b/;
const PROLOGUE = /^(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:(['"])use strict\1;?)?/;

/**
 * The esbuild plugin that loads every JavaScript and TypeScript file itself: it keeps the bytes for the digest
 * (so that a file saved during the build makes the next run rebuild), and gives a file that uses `__dirname` or
 * `__filename` its own location. JSON files are left to esbuild (and read again for the digest).
 */
function loader(loaded) {
  return {
    name: 'berth-locations',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        const bytes = fs.readFileSync(args.path);
        loaded.set(path.relative(root, args.path).split(path.sep).join('/'), bytes);
        const kind = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
        const text = bytes.toString('utf8');
        if (!LOCATION_USE.test(text)) return { contents: bytes, loader: kind };
        const at = PROLOGUE.exec(text)[0].length;
        const constants = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)}; `;
        return { contents: text.slice(0, at) + constants + text.slice(at), loader: kind };
      });
    },
  };
}

/**
 * cdk8s ships a copy of yaml of its own (a bundled dependency), which through the hook loads beside the
 * project's: ~260 KB of JavaScript, compiled and run twice. When both are the same version (a published version
 * never changes), the bundle holds one copy (~10 ms less per run). Both package.json files become inputs, so that another
 * version of either rebuilds the bundle, with two copies again.
 */
function sharedYaml() {
  const copies = ['node_modules/yaml/package.json', 'node_modules/cdk8s/node_modules/yaml/package.json'];
  try {
    const [own, cdk8s] = copies.map((file) => JSON.parse(fs.readFileSync(`${root}/${file}`, 'utf8')).version);
    return { alias: own === cdk8s ? { yaml: path.join(root, 'node_modules', 'yaml') } : {}, inputs: copies };
  } catch {
    return { alias: {}, inputs: [] }; // not two copies (any more): nothing to share
  }
}

/**
 * Builds and caches the bundle of `entry`: its file name and code; undefined when esbuild cannot build it (the
 * hook then reports the problem) or the cache cannot be written.
 */
async function build(entry) {
  const loaded = new Map();
  try {
    const yaml = sharedYaml();
    const result = await require('esbuild').build({
      ...options,
      alias: yaml.alias,
      entryPoints: [path.join(root, entry)],
      absWorkingDir: root,
      outfile: path.join(cacheDir, 'bundle.js'), // only its directory counts: the map names sources relative to it
      write: false,
      metafile: true,
      plugins: [loader(loaded)],
    });
    // What esbuild read, and the project's package.json, whose fields ("type", "sideEffects", "imports") it obeys
    // without naming it an input.
    const inputs = [...new Set([...Object.keys(result.metafile.inputs), 'package.json', ...yaml.inputs])];
    const key = digest(entry, inputs, (input) => loaded.get(input) ?? fs.readFileSync(`${root}/${input}`));
    const { name, manifest, bundle } = files(entry, key);
    const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix)).text;
    const code = `${output('.js')}//# sourceMappingURL=${path.basename(bundle)}.map\n`;
    fs.mkdirSync(cacheDir, { recursive: true });
    // the map and the bundle before the manifest that names them; each whole or not at all
    writeAtomically(`${bundle}.map`, output('.js.map'));
    writeAtomically(bundle, code);
    writeAtomically(manifest, JSON.stringify({ key, inputs }));
    // Earlier builds of this entry. A parallel run that read the old manifest finds its bundle gone, and builds.
    for (const file of fs.readdirSync(cacheDir)) {
      const earlier = file.startsWith(`${name}-`) && /^[0-9a-f]{64}\.js(\.map)?$/.test(file.slice(name.length + 1));
      if (earlier && !file.startsWith(path.basename(bundle))) fs.rmSync(path.join(cacheDir, file), { force: true });
    }
    return { bundle, code };
  } catch {
    return undefined;
  }
}

function writeAtomically(file, data) {
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, file); // parallel runs never read half a file
}

/** Runs the bundle's code as a module whose packages resolve from the project (as this file's do), not the cache. */
function run({ bundle, code }) {
  process.setSourceMapsEnabled(true);
  const compiled = new Module(bundle, null);
  compiled.filename = bundle;
  compiled.paths = module.paths;
  compiled._compile(code, bundle);
  return compiled.exports;
}

/**
 * The exports of `entry` (a .ts file, relative to the project) from its bundle, built if none is cached or an
 * input has changed; undefined when it cannot be built (the caller then runs the entry through the hook).
 */
async function load(entry) {
  const found = cached(entry) ?? (await build(entry));
  return found && run(found);
}

module.exports = { load, digest, cached, cacheDir };

// `node scripts/bundle.js ENTRY.ts [ARGS...]`: as `node -r ./scripts/register-ts.js ENTRY.ts [ARGS...]`, bundled.
if (require.main === module) {
  const entry = path.relative(root, path.resolve(process.argv[2]));
  process.argv.splice(1, 2, path.join(root, entry)); // what the entry would see if run directly: [node, entry, ...]
  load(entry).then((exports) => {
    if (exports === undefined) {
      require('./register-ts.js');
      require(path.join(root, entry));
    }
  });
}
