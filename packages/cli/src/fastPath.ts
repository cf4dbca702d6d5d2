/**
 * Fast start for the commands people run most often by hand: `vfido --version`, `vfido presets
 * [--json]` and `vfido decode [input] [--as <kind>] [--json]`. Their plain forms are parsed with
 * node:util `parseArgs` (strict) and run the commands' own actions without loading commander or
 * any other command (commander pulls in node:child_process; the whole program is ~30 modules).
 * Anything else (help, an option these forms do not know, a value commander would refuse) gets
 * no fast path: `run` hands it to the full commander program, which parses it again and answers
 * exactly as it always does.
 * @module
 */
import { parseArgs } from 'node:util';
import type { CliContext } from './context.js';
import { DECODE_KINDS, type DecodeKind } from './decode/kinds.js';
import { toCliError } from './errors.js';
import type { Output } from './output.js';
import { cliVersion } from './version.js';

/** A command ready to run: writes through `ctx.output`, may set `ctx.exitCode`, throws CliError. */
export type FastCommand = (ctx: CliContext) => Promise<void>;

const isDecodeKind = (v: string): v is DecodeKind => (DECODE_KINDS as readonly string[]).includes(v);

/**
 * The fast form of `args` (argv without node and script path), or undefined when commander must
 * parse it.
 * @param args - the command line arguments
 */
export function fastCommand(args: readonly string[]): FastCommand | undefined {
  const [name, ...rest] = args;
  try {
    if ((name === '--version' || name === '-V') && rest.length === 0) {
      return async (ctx) => ctx.output.out(`${cliVersion()}\n`);
    }
    if (name === 'presets') {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: false });
      return async (ctx) => (await import('./commands/presets.js')).listPresets(ctx, values);
    }
    if (name === 'decode') {
      const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, as: { type: 'string' } }, strict: true, allowPositionals: true });
      const as = values.as;
      if (positionals.length > 1 || (as !== undefined && !isDecodeKind(as))) return undefined;
      return async (ctx) => (await import('./commands/decode.js')).decode(ctx, positionals[0] ?? '-', { json: values.json, as });
    }
  } catch {
    // parseArgs refused the arguments: commander says why, in its own words.
  }
  return undefined;
}

/**
 * Run a fast command as the commander program runs its commands: every failure becomes a coded
 * message (`vfido: <code>: <message>`, `next: <hint>`, the stack with `--debug`) and an exit code.
 * @param fast - the command, from {@link fastCommand}
 * @param argv - full argv (node path, script path, arguments)
 * @param output - where to write
 * @returns the exit code: 0 ok, 1 negative result, 2 usage/input error, 3 internal error
 */
export async function runFast(fast: FastCommand, argv: readonly string[], output: Output): Promise<number> {
  const ctx: CliContext = { output, exitCode: 0 };
  try {
    await fast(ctx);
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(error, argv, output);
  }
}

/**
 * Report what a command threw: `vfido: <code>: <message>`, `next: <hint>` and, with `--debug`, the stack.
 * @returns the exit code of the failure
 */
export function reportFailure(error: unknown, argv: readonly string[], output: Output): number {
  const e = toCliError(error);
  output.err(`vfido: ${e.code}: ${e.message}\n`);
  if (e.hint) output.err(`next: ${e.hint}\n`);
  if (argv.includes('--debug')) output.err(`${(error as Error)?.stack ?? String(error)}\n`);
  return e.exitCode;
}
