/**
 * The `vfido` command line program (commander), and {@link run}, which parses argv, runs the
 * command and turns every failure into a coded message and an exit code (see `errors.ts`).
 * @module
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { ExitCode, toCliError } from './errors.js';
import { processOutput, type Output } from './output.js';
import { registerPresets } from './commands/presets.js';
import { registerCreate } from './commands/create.js';
import { registerGet } from './commands/get.js';
import { registerVerify } from './commands/verify.js';
import { registerDecode } from './commands/decode.js';
import { registerRoots } from './commands/roots.js';
import { registerPolicy } from './commands/policy.js';
import { registerServe } from './commands/serve.js';
import { registerAttach } from './commands/attach.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Build the `vfido` program. Commands write through `ctx.output` and leave their exit code in
 * `ctx.exitCode`; commander errors are thrown (exitOverride), not exited on.
 * @param ctx - output and exit code holder
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('vfido')
    .description('vfido: make, verify and decode passkey (WebAuthn/FIDO2) test data with emulated real authenticators')
    .version(version, '-V, --version', 'print the vfido version')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .showHelpAfterError("next: add --help for usage and examples")
    .configureOutput({
      writeOut: (s) => ctx.output.out(s),
      writeErr: (s) => ctx.output.err(s),
      outputError: (s, write) => write(`vfido: ERR_USAGE: ${s.replace(/^error: /, '')}`),
    });
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 verification failed / ceremony rejected / policy denied, 2 usage or input error, 3 internal error.

Examples:
  $ vfido presets
  $ vfido create --preset yubikey-5-nfc --origin https://login.example.com --store creds.json > reg.json
  $ vfido get --origin https://login.example.com --store creds.json > auth.json
  $ vfido verify registration --response reg.json --challenge <b64url> --origin https://login.example.com
  $ vfido decode reg.json`,
  );
  registerPresets(program, ctx);
  registerCreate(program, ctx);
  registerGet(program, ctx);
  registerVerify(program, ctx);
  registerDecode(program, ctx);
  registerRoots(program, ctx);
  registerPolicy(program, ctx);
  registerServe(program, ctx);
  registerAttach(program, ctx);
  return program;
}

/**
 * Run `vfido` with `argv` (as `process.argv`: node path, script path, arguments).
 * @param argv - full argv
 * @param output - where to write (default the process's stdout/stderr)
 * @returns the exit code: 0 ok, 1 negative result, 2 usage/input error, 3 internal error
 */
export async function run(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const ctx: CliContext = { output, exitCode: ExitCode.OK };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.OK;
      return ExitCode.USAGE; // commander already printed the message
    }
    const e = toCliError(error);
    output.err(`vfido: ${e.code}: ${e.message}\n`);
    if (e.hint) output.err(`next: ${e.hint}\n`);
    if (argv.includes('--debug')) output.err(`${(error as Error)?.stack ?? String(error)}\n`);
    return e.exitCode;
  }
}
