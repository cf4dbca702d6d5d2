/**
 * {@link run}: parse argv, run the command and turn every failure into a coded message and an exit
 * code (see `errors.ts`). The fast start forms (fastPath.ts) run without commander; everything else
 * goes through the commander program (buildProgram.ts), loaded only then.
 * @module
 */
import type { CliContext } from './context.js';
import { ExitCode } from './errors.js';
import { fastCommand, reportFailure, runFast } from './fastPath.js';
import { processOutput, type Output } from './output.js';

/**
 * Run `vfido` with `argv` (as `process.argv`: node path, script path, arguments).
 * @param argv - full argv
 * @param output - where to write (default the process's stdout/stderr)
 * @returns the exit code: 0 ok, 1 negative result, 2 usage/input error, 3 internal error
 */
export async function run(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const fast = fastCommand(argv.slice(2));
  if (fast) return runFast(fast, argv, output);
  const ctx: CliContext = { output, exitCode: ExitCode.OK };
  try {
    await (await import('./buildProgram.js')).buildProgram(ctx).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    const { CommanderError } = await import('commander');
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.OK;
      return ExitCode.USAGE; // commander already printed the message
    }
    return reportFailure(error, argv, output);
  }
}
