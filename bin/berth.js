#!/usr/bin/env node
// `npx berth <command>`: runs the TypeScript sources through the caching transpile hook (scripts/register-ts.js);
// `berth synth` (npm run synth), which must be fast, from a cached bundle of the synth command (scripts/bundle.js),
// or through the hook when the bundle cannot be built, which then reports the problem as it always has.
'use strict';
const [command, ...rest] = process.argv.slice(2);

function throughHook() {
  require('../scripts/register-ts.js');
  require('../lib/cli/main.ts');
}

if (command === 'synth') {
  require('../scripts/bundle.js')
    .load('lib/cli/synth-bundle.ts')
    .then((bundle) => (bundle ? bundle.main(rest) : throughHook()))
    .catch((err) => {
      // A bundle that fails while it loads is a bug in berth, as any internal error (lib/cli/settle.ts).
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 70;
    });
} else throughHook();
