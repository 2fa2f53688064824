// A require hook that runs the TypeScript sources without type-checking, caching the transpiled JavaScript.
//
// `npm run synth` must be fast; type-checking belongs in `npm test` (tsc --noEmit). ts-node's transpile-only
// mode still re-transpiles the generated imports (~800 KB) on every run, which costs over a second; this hook
// transpiles each file once per content and transpiler version and keeps the result in node_modules/.cache.
// The transpiler is esbuild (its native binary, run as a service): with an empty cache, right after `npm ci`,
// the first synth transpiles everything in a few tens of milliseconds, where TypeScript's own transpileModule
// took over a second (most of it loading the compiler). Its options match tsconfig.json's emit (ES2022,
// CommonJS, esModuleInterop-style imports, class fields defined as ES2022 does).
//
// Stack traces name the TypeScript file and line: the output carries an inline source map, and Node applies it
// (the same as --enable-source-maps, for every entry point that loads this hook).
'use strict';
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

process.setSourceMapsEnabled(true);

const cacheDir = process.env.BERTH_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'berth-ts');
const options = {
  loader: 'ts',
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  sourcesContent: false, // the file on disk is the source, so the map needs no copy of it
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, esModuleInterop: true } },
};
// Everything the output depends on besides the source: the compiler, its options and this hook itself, so a
// cache written by an older hook (say, without source maps) is never reused.
const salt = createHash('sha256')
  .update(`esbuild ${require('esbuild/package.json').version}\0${JSON.stringify(options)}\0`)
  .update(fs.readFileSync(__filename))
  .digest('hex');
let esbuild; // loaded only on a cache miss

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(`${salt}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    esbuild = esbuild || require('esbuild');
    output = esbuild.transformSync(source, { ...options, sourcefile: filename }).code;
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached); // atomic: parallel runs never read half a file
  }
  module._compile(output, filename);
};
