/**
 * `@vfido/cli`: the `vfido` command line, also usable in-process (`run(argv)`).
 * @module
 */
export { run } from './program.js';
export { buildProgram } from './buildProgram.js';
export { CliError, ExitCode, type ExitCodeValue, toCliError } from './errors.js';
export type { CredentialRecordJSON } from './commands/verify.js';
