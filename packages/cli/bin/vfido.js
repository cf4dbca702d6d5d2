#!/usr/bin/env node
// The `vfido` executable. npm links package bins at install time, before `prepare` has built dist/, so the
// linked file is this committed launcher, which loads the built CLI or says how to build it: dist/vfido.js, the
// bundle of dist/bin.js with what the fast start forms load (packages/cli/scripts/bundle.mjs), else dist/bin.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/vfido.js', import.meta.url);
const entry = existsSync(bundle) ? bundle : new URL('../dist/bin.js', import.meta.url);
if (existsSync(entry)) {
  import(entry.href).catch((error) => {
    console.error(error);
    process.exitCode = 3;
  });
} else {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  console.error(`vfido: ${fileURLToPath(entry)} is missing: the CLI is not built.\nnext: run 'npm run build' (or 'npm install') in ${root}`);
  process.exitCode = 2;
}
