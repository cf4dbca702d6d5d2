/**
 * `vfido serve`: placeholder for the CTAPHID transport (issue 7).
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../errors.js';

/** Register `vfido serve` (exits 2 until the CTAPHID transport exists). */
export function registerServe(program: Command, _ctx: CliContext): void {
  program
    .command('serve')
    .description('expose an emulated authenticator as a USB HID device (not available yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new CliError('ERR_NOT_AVAILABLE', 'not available yet: CTAPHID transport arrives with issue 7', {
        exitCode: ExitCode.USAGE,
        hint: 'use vfido create / vfido get, or @vfido/core in-process',
      });
    });
}
