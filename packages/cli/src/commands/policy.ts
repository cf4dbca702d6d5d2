/**
 * `vfido policy check|matrix`: placeholder until `@vfido/rp` exports the passkey policy evaluator.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../errors.js';

/** Register `vfido policy` (exits 2 until the policy evaluator exists). */
export function registerPolicy(program: Command, _ctx: CliContext): void {
  const policy = program.command('policy').description('check responses and presets against an Entra-style passkey policy (not available yet)');
  for (const name of ['check', 'matrix']) {
    policy
      .command(name)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliError('ERR_NOT_AVAILABLE', `not available yet: policy ${name} needs the @vfido/rp passkey policy evaluator`, { exitCode: ExitCode.USAGE, hint: 'use vfido verify for now' });
      });
  }
}
