/**
 * The `vfido` command line program (commander): every command registered. `run` (program.ts)
 * loads it for everything but the fast start paths (fastPath.ts).
 * @module
 */
import { Command } from 'commander';
import type { CliContext } from './context.js';
import { cliVersion } from './version.js';
import { registerPresets } from './commands/presets.js';
import { registerCreate } from './commands/create.js';
import { registerGet } from './commands/get.js';
import { registerVerify } from './commands/verify.js';
import { registerDecode } from './commands/decode.js';
import { registerRoots } from './commands/roots.js';
import { registerPolicy } from './commands/policy.js';
import { registerServe } from './commands/serve.js';
import { registerAttach } from './commands/attach.js';

/**
 * Build the `vfido` program. Commands write through `ctx.output` and leave their exit code in
 * `ctx.exitCode`; commander errors are thrown (exitOverride), not exited on.
 * @param ctx - output and exit code holder
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('vfido')
    .description('vfido: make, verify and decode passkey (WebAuthn/FIDO2) test data with emulated real authenticators')
    .version(cliVersion(), '-V, --version', 'print the vfido version')
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
