#!/usr/bin/env node
// After `tsc -b` (and scripts/check-presets.mjs): bundle the `vfido` entry (dist/bin.js) with everything its fast
// start forms load (fastPath.ts: --version, presets, decode; @vfido/core's presets, CBOR, authData and COSE
// decoders) into dist/vfido.js plus a chunk per lazily loaded command (dist/vfido-*.js), so a fast command
// loads 2-4 files instead of 19-36 (node's ESM loader resolves, reads, compiles and links every file on its own).
// The commander program (dist/program.js) and every npm dependency stay outside the bundle: they load
// unbundled, as before, for every other command line. bin/vfido.js runs dist/vfido.js (dist/bin.js when
// the bundle is missing).
// Usage: node packages/cli/scripts/bundle.mjs (from anywhere)
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = new URL('../', import.meta.url);
const dist = new URL('dist/', cli);
const CHECKED_CATALOG = /[\\/]core[\\/]dist[\\/]presets[\\/]checkedCatalog\.js$/;
const DATA_URL = "new URL('../../aaguids.json', import.meta.url)";

/**
 * node:crypto as the bundle imports it: each function loads the module on its first call (ESM hoists a bundle's
 * imports, and loading node:crypto is ~7 ms of CPU that only COSE key parsing needs). A function not listed
 * here fails the bundle ("No matching export"): add it.
 */
const LAZY_CRYPTO = `const crypto = () => process.getBuiltinModule('node:crypto');
export const createPublicKey = (...args) => crypto().createPublicKey(...args);
`;

/** @type {import('esbuild').Plugin} */
const keepOutside = {
  name: 'vfido-fast-bundle',
  setup(b) {
    // The commander program stays unbundled: the bundle imports dist/program.js itself.
    b.onResolve({ filter: /^\.\/program\.js$/ }, () => ({ path: './program.js', external: true }));
    b.onResolve({ filter: /^node:crypto$/ }, () => ({ path: 'node:crypto', namespace: 'vfido-lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'vfido-lazy' }, () => ({ contents: LAZY_CRYPTO, loader: 'js' }));
    // npm dependencies (commander, @peculiar/x509, ...) stay outside; @vfido/core's pure-data modules come in.
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@vfido/core/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true }));
    // @vfido/core's checked catalog is read from @vfido/core's own package directory, wherever the bundle sits.
    b.onLoad({ filter: CHECKED_CATALOG }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(DATA_URL)) throw new Error(`${args.path}: expected ${DATA_URL} (update scripts/bundle.mjs)`);
      return { contents: source.replace(DATA_URL, "new URL('./aaguids.json', import.meta.resolve('@vfido/core/package.json'))"), loader: 'js' };
    });
  },
};

for (const file of readdirSync(dist)) if (/^vfido(-.*)?\.js$/.test(file)) rmSync(new URL(file, dist)); // no stale chunk
const result = await build({
  entryPoints: { vfido: fileURLToPath(new URL('bin.js', dist)) },
  outdir: fileURLToPath(dist),
  chunkNames: 'vfido-[name]-[hash]',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  plugins: [keepOutside],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${file.slice(file.lastIndexOf('/') + 1)} (${Object.keys(o.inputs).length} modules)`);
console.log(`bundle: ${fileURLToPath(dist)}: ${outputs.join(', ')}`);
