#!/usr/bin/env node
// `npx berth <command>`: runs the TypeScript sources through the caching transpile hook (scripts/register-ts.js).
'use strict';
require('../scripts/register-ts.js');
require('../lib/cli/main.ts');
