#!/usr/bin/env node
// The `vfido` executable. npm links package bins at install time, before `prepare` has built dist/, so the
// linked file is this committed launcher, which loads the built CLI or says how to build it. It is CommonJS
// (bin/package.json), as is the bundle it loads, dist/vfido.cjs (dist/bin.js with what the fast start forms load,
// packages/cli/scripts/bundle.mjs): a CommonJS main module spares node's ESM loader, ~15 ms of CPU, on every
// fast command. Without the bundle it loads the unbundled ESM entry, dist/bin.js.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundle = join(__dirname, '../dist/vfido.cjs');
const entry = join(__dirname, '../dist/bin.js');
const fail = (error) => {
  console.error(error);
  process.exitCode = 3;
};
if (existsSync(bundle)) {
  try {
    require(bundle);
  } catch (error) {
    fail(error);
  }
} else if (existsSync(entry)) {
  import(pathToFileURL(entry).href).catch(fail);
} else {
  console.error(`vfido: ${entry} is missing: the CLI is not built.\nnext: run 'npm run build' (or 'npm install') in ${join(__dirname, '../../..')}`);
  process.exitCode = 2;
}
