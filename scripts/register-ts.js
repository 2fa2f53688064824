// A require hook that runs the TypeScript sources without type-checking, caching the transpiled JavaScript.
//
// `npm run synth` must be fast; type-checking belongs in `npm test` (tsc --noEmit). ts-node's transpile-only
// mode still re-transpiles the generated imports (~800 KB) on every run, which costs over a second; this hook
// transpiles each file once per content and TypeScript version and keeps the result in node_modules/.cache.
//
// Stack traces name the TypeScript file and line: the output carries an inline source map, and Node applies it
// (the same as --enable-source-maps, for every entry point that loads this hook).
'use strict';
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

process.setSourceMapsEnabled(true);

const cacheDir = process.env.BERTH_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'berth-ts');
const compilerOptions = {
  module: 'CommonJS',
  target: 'ES2022',
  esModuleInterop: true,
  inlineSourceMap: true, // the file on disk is the source, so the map needs no inlineSources
};
// Everything the output depends on besides the source: the compiler, its options and this hook itself, so a
// cache written by an older hook (say, without source maps) is never reused.
const salt = createHash('sha256')
  .update(`${require('typescript/package.json').version}\0${JSON.stringify(compilerOptions)}\0`)
  .update(fs.readFileSync(__filename))
  .digest('hex');
let ts; // loaded only on a cache miss: it is the slowest module to load

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(`${salt}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts = ts || require('typescript');
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: ts.convertCompilerOptionsFromJson(compilerOptions, path.dirname(filename)).options,
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached); // atomic: parallel runs never read half a file
  }
  module._compile(output, filename);
};
