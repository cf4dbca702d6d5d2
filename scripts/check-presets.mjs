#!/usr/bin/env node
// After `tsc -b`: validate the repository's aaguids.json (presets + AAGUID names) with the built preset
// validator (packages/core/dist/presets/loadPresets.js: parseAaguidFile) and only then write it, unchanged, to
// packages/core/aaguids.json, the copy the runtime reads and trusts without validating it again
// (packages/core/src/presets/checkedCatalog.ts). A preset that fails validation fails the build, here, with
// the preset and field named, and no copy is written.
// Usage: node scripts/check-presets.mjs [--from <aaguids.json>] [--to <checked copy>] (defaults: the repository's)
import { renameSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = new URL('../', import.meta.url);
const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
const from = values.from ?? fileURLToPath(new URL('aaguids.json', root));
const to = values.to ?? fileURLToPath(new URL('packages/core/aaguids.json', root));
const loader = new URL('packages/core/dist/presets/loadPresets.js', root);

let parseAaguidFile;
try {
  ({ parseAaguidFile } = await import(loader.href));
} catch (error) {
  console.error(`check-presets: cannot load the built preset validator ${fileURLToPath(loader)} (run tsc -b packages/core first): ${error.message}`);
  process.exit(1);
}
const text = readFileSync(from, 'utf8');
let catalog;
try {
  catalog = parseAaguidFile(text, from);
} catch (error) {
  rmSync(to, { force: true }); // no stale copy stays trusted
  console.error(`check-presets: ${error.code ?? error.name}: ${error.message}`);
  process.exit(1);
}
const tmp = `${to}.${process.pid}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, to);
console.log(`check-presets: ${from} -> ${to} (${catalog.ids.length} presets, ${Object.keys(catalog.names).length} names, checked)`);
