/**
 * Test-only probe: which of @vfido/core's built files (and whether node:crypto) a fresh node process loads to import
 * one built module, seen by a module-loader hook (`module.register`) in that process.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a fresh process loaded to import a built module. */
export interface LoadedModules {
  /** files below packages/core/dist/ (e.g. `presets/checkedCatalog.js`), in load order */
  files: string[];
  /** whether a node:crypto builtin was loaded by the import */
  crypto: boolean;
  /** the value of `report` (a JavaScript expression over the imported module `m`), when given */
  value: unknown;
}

/**
 * Import `packages/core/dist/<entryFile>` in a fresh node process and list what it loaded.
 * @param entryFile - a path below packages/core/dist/, e.g. `presetsEntry.js`
 * @param report - a JavaScript expression over the imported module `m` whose JSON value comes back as `value`
 * @throws Error when the build is missing (run `npm run build`) or the process fails
 */
export function loadedBy(entryFile: string, report = 'null'): LoadedModules {
  const built = new URL(`../dist/${entryFile}`, import.meta.url);
  if (!existsSync(built)) throw new Error(`${fileURLToPath(built)} is missing: run 'npm run build' before this test`);
  const probe = `const { register } = await import('node:module');
const seen = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.push(url)); port1.unref();
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function load(url, c, next) { port.postMessage(url); return next(url, c); }'), { data: { port: port2 }, transferList: [port2] });
const before = new Set(process.moduleLoadList);
const m = await import(process.argv[1]);
await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ files: seen.filter((u) => u.includes('/packages/core/dist/')).map((u) => u.slice(u.indexOf('/dist/') + 6)), crypto: process.moduleLoadList.some((n) => !before.has(n) && n.includes('crypto')), value: (${report}) }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe, built.href], { encoding: 'utf8' })) as LoadedModules;
}
