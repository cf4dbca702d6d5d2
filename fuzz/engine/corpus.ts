/**
 * Corpus and finding files: `fuzz/corpus/<target>/` holds the committed seeds (any file name),
 * `fuzz/crashes/<target>/` receives inputs that crashed or hung, named by content hash.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `fuzz/` directory. */
export const FUZZ_DIR = fileURLToPath(new URL('../', import.meta.url));
/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Seeds of a target: every regular file in its corpus directory, in name order. */
export function loadCorpus(target: string, dir = join(FUZZ_DIR, 'corpus', target)): { name: string; data: Uint8Array }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => ({ name: f, data: new Uint8Array(readFileSync(join(dir, f))) }));
}

/** Short content hash used for file names. */
export function contentName(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Save a finding: the input and a text file saying what happened. Returns the input's path. */
export function saveFinding(dir: string, kind: string, data: Uint8Array, report: string): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${kind}-${contentName(data)}`);
  writeFileSync(base, data);
  writeFileSync(`${base}.txt`, report);
  return base;
}

/** Save an input to a corpus directory (new coverage, with `--save-corpus`). */
export function saveCorpusEntry(dir: string, data: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, contentName(data)), data);
}
