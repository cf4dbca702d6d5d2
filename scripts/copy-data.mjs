#!/usr/bin/env node
// Build-time data copies (build artifacts: keep them out of git): the example policies examples/policies/*.json
// to packages/cli/policies/, shipped with the CLI so `vfido policy matrix --policy admins` works from any
// directory (packages/cli/src/policyExamples.ts). (aaguids.json is copied after tsc, once validated, by
// scripts/check-presets.mjs.)
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const policies = new URL('examples/policies/', root);
const shipped = new URL('packages/cli/policies/', root);
rmSync(shipped, { recursive: true, force: true }); // no stale example survives a rename
mkdirSync(shipped, { recursive: true });
const files = readdirSync(policies).filter((f) => f.endsWith('.json'));
for (const file of files) {
  const policyText = readFileSync(new URL(file, policies), 'utf8');
  if (JSON.parse(policyText).vfidoPolicy === undefined) throw new Error(`${fileURLToPath(new URL(file, policies))}: not a vfido policy file`);
  writeFileSync(new URL(file, shipped), policyText);
}
console.log(`copy-data: ${fileURLToPath(policies)} -> ${fileURLToPath(shipped)} (${files.join(', ')})`);
