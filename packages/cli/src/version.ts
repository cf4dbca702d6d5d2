/**
 * The version `vfido --version` prints: the `version` of @vfido/cli's package.json.
 * @module
 */
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The @vfido/cli package version (read once from its package.json, beside dist/ and src/). */
export function cliVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
