/**
 * Module hooks that let Node 20 run the repository's TypeScript sources (fuzz harnesses and the
 * packages under test) without a build step:
 * - `@vfido/<pkg>` resolves to `packages/<pkg>/src/index.ts` (as vitest.config.ts aliases it), so
 *   the fuzzer never runs a stale `dist/`;
 * - a relative `./x.js` import from a `.ts` file resolves to `./x.ts` when that exists (NodeNext style);
 * - `.ts` files are transpiled with `typescript.transpileModule` (types erased, no type check),
 *   with an inline source map; output is cached under the OS temp dir by content hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url);
const PACKAGES = { core: 'core', rp: 'rp', playwright: 'playwright', cli: 'cli' };
const CACHE = join(tmpdir(), 'vfido-fuzz-ts-cache');
let ts;

export async function resolve(specifier, context, next) {
  const m = /^@vfido\/(core|rp|playwright|cli)$/.exec(specifier);
  if (m) return { url: new URL(`packages/${PACKAGES[m[1]]}/src/index.ts`, ROOT).href, shortCircuit: true };
  if (specifier === '@vfido/playwright/test') return { url: new URL('packages/playwright/src/test.ts', ROOT).href, shortCircuit: true };
  const parent = context.parentURL;
  if (parent && parent.startsWith('file:') && parent.endsWith('.ts') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const tsUrl = new URL(specifier.slice(0, -3) + '.ts', parent);
    if (!existsSync(new URL(specifier, parent)) && existsSync(tsUrl)) return { url: tsUrl.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256').update(path).update('\0').update(source).digest('hex').slice(0, 32);
  const cached = join(CACHE, `${key}.js`);
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  ts ??= (await import('typescript')).default;
  const out = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
      verbatimModuleSyntax: false,
      isolatedModules: true,
      useDefineForClassFields: true,
    },
  });
  const js = out.outputText;
  try {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(`${cached}.${process.pid}.tmp`, js);
    // rename is atomic: concurrent workers never read a half-written file
    (await import('node:fs')).renameSync(`${cached}.${process.pid}.tmp`, cached);
  } catch {
    /* the cache is an optimisation only */
  }
  return { format: 'module', source: js, shortCircuit: true };
}

