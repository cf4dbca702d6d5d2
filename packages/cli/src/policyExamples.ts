/**
 * The example passkey policies shipped with the CLI (packages/cli/policies/, copied from the repository's
 * examples/policies/ by scripts/copy-data.mjs at build), so `--policy admins` works from every directory:
 * `vfido policy examples` lists them, `vfido policy init` copies one to start from.
 * @module
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliContext } from './context.js';
import { CliError, usage } from './errors.js';

/** packages/cli/policies/ (the same from src/ and dist/). */
const POLICY_DIR = new URL('../policies/', import.meta.url);

/** One shipped example policy. */
export interface PolicyExample {
  /** What `--policy` and `--template` accept, e.g. `admins`. */
  name: string;
  /** Absolute path of the file. */
  path: string;
  /** The file's `description`, when it has one. */
  description?: string;
}

/**
 * Every shipped example policy, by name.
 * @throws CliError ERR_POLICY_EXAMPLES_MISSING when the package was not built (the copies are made at build)
 */
export function policyExamples(): PolicyExample[] {
  if (!existsSync(POLICY_DIR)) {
    throw usage('ERR_POLICY_EXAMPLES_MISSING', `${fileURLToPath(POLICY_DIR)} is missing: the example policies are copied there at build`, "run 'npm run build' in the vfido checkout");
  }
  return readdirSync(POLICY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = fileURLToPath(new URL(f, POLICY_DIR));
      let description: string | undefined;
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as { description?: unknown };
        if (typeof parsed.description === 'string') description = parsed.description;
      } catch {
        // an unreadable example is reported when it is used (loadPolicy), not when listed
      }
      return { name: f.slice(0, -'.json'.length), path, ...(description === undefined ? {} : { description }) };
    });
}

/**
 * The shipped example `name` (`admins` or `admins.json`), or undefined.
 * @throws CliError ERR_POLICY_EXAMPLES_MISSING (see {@link policyExamples})
 */
export function policyExample(name: string): PolicyExample | undefined {
  const bare = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
  return policyExamples().find((e) => e.name === bare);
}

/**
 * What a `--policy` value reads: `-` (stdin) or an existing file as given, else the shipped example of that name.
 * @param value - the flag's value
 * @returns a path for readText
 * @throws CliError ERR_FILE_NOT_FOUND naming the shipped examples, when it is neither
 */
export function resolvePolicyPath(value: string): string {
  if (value === '-' || existsSync(value)) return value;
  if (!/[\\/]/.test(value)) {
    const example = policyExample(value);
    if (example) return example.path;
  }
  const names = existsSync(POLICY_DIR) ? policyExamples().map((e) => e.name) : [];
  throw usage('ERR_FILE_NOT_FOUND', `--policy: no such file '${value}'`, `check the path${names.length ? `, or name a shipped example: ${names.join(', ')} (vfido policy examples)` : ''}`);
}

/**
 * `vfido policy init`: the example `template` to stdout, or to `out` (never over an existing file without `force`).
 * @param ctx - where stdout and notes go
 * @param flags - `--template`, `--out`, `--force`
 * @throws CliError ERR_UNKNOWN_TEMPLATE, ERR_FILE_EXISTS, ERR_FILE_UNWRITABLE, ERR_POLICY_EXAMPLES_MISSING
 */
export function initPolicy(ctx: CliContext, flags: { template: string; out?: string; force?: boolean }): void {
  const example = policyExample(flags.template);
  if (!example) throw usage('ERR_UNKNOWN_TEMPLATE', `--template: no example policy '${flags.template}'`, `choose one of: ${policyExamples().map((e) => e.name).join(', ')}`);
  const text = readFileSync(example.path, 'utf8');
  if (flags.out === undefined) {
    ctx.output.out(text);
    return;
  }
  try {
    writeFileSync(flags.out, text, { flag: flags.force ? 'w' : 'wx' });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usage('ERR_FILE_EXISTS', `--out: '${flags.out}' exists`, 'choose another --out, or add --force to overwrite it');
    throw new CliError('ERR_FILE_UNWRITABLE', `--out: cannot write '${flags.out}': ${(cause as Error).message}`, { hint: 'check the directory and its permissions', cause });
  }
  ctx.output.err(`wrote ${flags.out} (from ${example.name}); try: vfido policy matrix --policy ${flags.out}\n`);
}
