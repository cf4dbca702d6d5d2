/**
 * `@vfido/cli`: the `vfido` command line, also usable in-process (`run(argv)`).
 * @module
 */
export { run, buildProgram } from './program.js';
export { CliError, ExitCode, type ExitCodeValue, toCliError } from './errors.js';
export type { CredentialRecordJSON } from './commands/verify.js';
