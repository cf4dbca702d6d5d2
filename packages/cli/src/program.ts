/**
 * {@link run}: parse argv, run the command and turn every failure into a coded message and an exit
 * code (see `errors.ts`). The fast start forms (fastPath.ts) run without commander; everything else
 * goes through the commander program (buildProgram.ts), loaded only then.
 * @module
 */
import type { CliContext } from './context.js';
import { ExitCode, toCliError } from './errors.js';
import { fastCommand } from './fastPath.js';
import { processOutput, type Output } from './output.js';

/**
 * Run `vfido` with `argv` (as `process.argv`: node path, script path, arguments).
 * @param argv - full argv
 * @param output - where to write (default the process's stdout/stderr)
 * @returns the exit code: 0 ok, 1 negative result, 2 usage/input error, 3 internal error
 */
export async function run(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const ctx: CliContext = { output, exitCode: ExitCode.OK };
  const fast = fastCommand(argv.slice(2));
  try {
    if (fast) await fast(ctx);
    else await (await import('./buildProgram.js')).buildProgram(ctx).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    if (!fast) {
      const { CommanderError } = await import('commander');
      if (error instanceof CommanderError) {
        if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.OK;
        return ExitCode.USAGE; // commander already printed the message
      }
    }
    const e = toCliError(error);
    output.err(`vfido: ${e.code}: ${e.message}\n`);
    if (e.hint) output.err(`next: ${e.hint}\n`);
    if (argv.includes('--debug')) output.err(`${(error as Error)?.stack ?? String(error)}\n`);
    return e.exitCode;
  }
}
