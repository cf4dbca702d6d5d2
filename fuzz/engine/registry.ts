/**
 * The fuzz targets: every `fuzz/targets/<name>.ts` module is one target named `<name>`.
 * @module
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FUZZ_DIR } from './corpus.js';
import type { TargetModule } from './target.js';

/** Directory of the target modules. */
export const TARGETS_DIR = join(FUZZ_DIR, 'targets');

/** Names of all targets, sorted. */
export function targetNames(): string[] {
  return readdirSync(TARGETS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Import a target module by name. */
export async function loadTarget(name: string): Promise<TargetModule> {
  const mod = (await import(pathToFileURL(join(TARGETS_DIR, `${name}.ts`)).href)) as Partial<TargetModule>;
  if (typeof mod.fuzz !== 'function' || typeof mod.options !== 'object') throw new Error(`fuzz target ${name} must export fuzz() and options`);
  return mod as TargetModule;
}
