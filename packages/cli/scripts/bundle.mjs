#!/usr/bin/env node
// After `tsc -b` (and scripts/check-presets.mjs): bundle the `vfido` entry (dist/bin.js) with everything its fast
// start forms load (fastPath.ts: --version, presets, decode; @vfido/core's preset catalog, CBOR, authData and COSE
// decoders) into one CommonJS file, dist/vfido.cjs, which the CommonJS launcher bin/vfido.js requires: a fast
// command then loads 2 files instead of 19-36 ES modules (node's ESM loader resolves, reads, compiles and links
// each on its own) and never starts the ESM loader. Modules the fast forms load lazily (import()) stay lazy:
// esbuild evaluates them on first use. The commander program (dist/program.js, ESM) and every npm dependency stay
// outside the bundle and load unbundled, as before, for every other command line.
// Usage: node packages/cli/scripts/bundle.mjs (from anywhere)
import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cli = new URL('../', import.meta.url);
const dist = new URL('dist/', cli);
const CHECKED_CATALOG = /[\\/]core[\\/]dist[\\/]presets[\\/]checkedCatalog\.js$/;
const READ_CATALOG = "readFileSync(PACKAGE_DATA_URL, 'utf8')";

/**
 * Builtins the bundle loads on first use, with the functions it imports from them: a bundle's imports are
 * hoisted and run at start, and these two cost every command CPU that only some inputs need (node:crypto, ~7 ms:
 * COSE key parsing; node:module, which starts node's ESM loader: certificate parsing). A function not listed here
 * fails the bundle ("No matching export"): add it; a static method is listed as `Class.method` (the bundle then
 * sees an object with that method).
 */
const LAZY_BUILTINS = { 'node:crypto': ['createPublicKey', 'ECDH.convertKey'], 'node:module': ['createRequire'] };
const lazyBuiltin = (id) => {
  const functions = LAZY_BUILTINS[id].filter((name) => !name.includes('.'));
  const statics = new Map();
  for (const [owner, member] of LAZY_BUILTINS[id].filter((name) => name.includes('.')).map((name) => name.split('.'))) {
    statics.set(owner, [...(statics.get(owner) ?? []), member]);
  }
  return [
    `const load = () => process.getBuiltinModule(${JSON.stringify(id)});`,
    ...functions.map((fn) => `export const ${fn} = (...args) => load().${fn}(...args);`),
    ...[...statics].map(([owner, members]) => `export const ${owner} = { ${members.map((m) => `${m}: (...args) => load().${owner}.${m}(...args)`).join(', ')} };`),
    '',
  ].join('\n');
};

/** @type {import('esbuild').Plugin} */
const keepOutside = {
  name: 'vfido-fast-bundle',
  setup(b) {
    // The commander program stays unbundled: the bundle imports dist/program.js itself.
    b.onResolve({ filter: /^\.\/program\.js$/ }, () => ({ path: './program.js', external: true }));
    b.onResolve({ filter: /^node:(crypto|module)$/ }, (args) => ({ path: args.path, namespace: 'vfido-lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'vfido-lazy' }, (args) => ({ contents: lazyBuiltin(args.path), loader: 'js' }));
    // npm dependencies (commander, @peculiar/x509, ...) stay outside; @vfido/core's pure-data modules come in.
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@vfido/core/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true }));
    // @vfido/core's checked catalog (scripts/check-presets.mjs wrote it before this runs) is embedded: the bundle
    // neither resolves @vfido/core's directory nor reads the file at run time.
    b.onLoad({ filter: CHECKED_CATALOG }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(READ_CATALOG)) throw new Error(`${args.path}: expected ${READ_CATALOG} (update packages/cli/scripts/bundle.mjs)`);
      const checked = await readFile(new URL('../../aaguids.json', pathToFileURL(args.path)), 'utf8');
      JSON.parse(checked);
      return { contents: source.replace(READ_CATALOG, JSON.stringify(checked)), loader: 'js' };
    });
  },
};

for (const file of readdirSync(dist)) if (/^vfido(-.*)?\.c?js$/.test(file)) rmSync(new URL(file, dist)); // no stale output
const result = await build({
  entryPoints: { vfido: fileURLToPath(new URL('bin.js', dist)) },
  outdir: fileURLToPath(dist),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  // CommonJS has no import.meta: the bundle sits in dist/ like the modules it holds, so their file URL is its own.
  define: { 'import.meta.url': '__vfidoBundleUrl' },
  banner: { js: '"use strict";\nconst __vfidoBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  platform: 'node',
  target: 'node20.19',
  plugins: [keepOutside],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${file.slice(file.lastIndexOf('/') + 1)} (${Object.keys(o.inputs).length} modules)`);
console.log(`bundle: ${fileURLToPath(dist)}: ${outputs.join(', ')}`);
