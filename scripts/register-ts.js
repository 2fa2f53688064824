// A require hook that runs the TypeScript sources without type-checking, caching the transpiled JavaScript.
//
// `npm run synth` must be fast; type-checking belongs in `npm test` (tsc --noEmit). ts-node's transpile-only
// mode still re-transpiles the generated imports (~800 KB) on every run, which costs over a second; this hook
// transpiles each file once per content and TypeScript version and keeps the result in node_modules/.cache.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const cacheDir = process.env.BERTH_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'berth-ts');
const compilerVersion = require('typescript/package.json').version;
let ts; // loaded only on a cache miss: it is the slowest module to load

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(`${compilerVersion}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts = ts || require('typescript');
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached); // atomic: parallel runs never read half a file
  }
  module._compile(output, filename);
};
