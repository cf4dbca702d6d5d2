/**
 * Test-only: turn a TypeScript entry point and every module it imports by relative path into plain
 * ESM JavaScript (TypeScript's own transpiler, types stripped), so a test can run the CURRENT sources
 * in a child process with plain `node` (no build, no loader). Output goes under the repository's
 * node_modules/.cache so bare imports (e.g. `@noble/curves`) still resolve.
 * @module
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** A compiled tree: `entry` is the JavaScript path of the entry point; `dispose()` removes it. */
export interface CompiledTree {
  entry: string;
  dir: string;
  dispose(): void;
}

/**
 * Compile `entry` (a .ts path) and its relative imports (transitively) into a fresh directory.
 * @param entry - absolute path of a .ts module inside the repository
 */
export function compileForChild(entry: string): CompiledTree {
  const base = join(ROOT, 'node_modules/.cache');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'vfido-child-'));
  const outOf = (src: string): string => join(dir, relative(ROOT, src)).replace(/\.ts$/, '.js');
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length) {
    const src = queue.pop()!;
    if (seen.has(src)) continue;
    seen.add(src);
    const text = readFileSync(src, 'utf8');
    const out = src.endsWith('.ts')
      ? ts.transpileModule(text, {
          fileName: src,
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, sourceMap: false },
        }).outputText
      : text;
    mkdirSync(dirname(outOf(src)), { recursive: true });
    writeFileSync(outOf(src), out);
    for (const m of out.matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(src), m[1]!);
      queue.push(target.endsWith('.js') ? target.replace(/\.js$/, '.ts') : target);
    }
  }
  return { entry: outOf(resolve(entry)), dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
