#!/usr/bin/env node
// The `vfido` executable. npm links package bins at install time, before `prepare` has built dist/, so the
// linked file is this committed launcher, which loads the built CLI (dist/bin.js) or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bin.js', import.meta.url);
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
