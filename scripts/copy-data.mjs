#!/usr/bin/env node
// Copies the repository-root aaguids.json (presets + AAGUID names) to packages/core/aaguids.json,
// where the runtime loader finds it from both src/presets and dist/presets
// (new URL('../../aaguids.json', import.meta.url)). The copy is a build artifact: keep it out of git.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const from = new URL('aaguids.json', root);
const to = new URL('packages/core/aaguids.json', root);

const text = readFileSync(from, 'utf8');
const data = JSON.parse(text); // fail here, not at runtime, on a broken file
if (!Array.isArray(data.presets) || typeof data.names !== 'object') {
  throw new Error(`${fileURLToPath(from)}: expected { presets: [...], names: {...} }`);
}
writeFileSync(to, text);
console.log(`copy-data: ${fileURLToPath(from)} -> ${fileURLToPath(to)} (${data.presets.length} presets, ${Object.keys(data.names).length} names)`);
