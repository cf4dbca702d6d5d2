/**
 * Typed CLI errors: a stable `code`, an exit code and a next step, and the one place library
 * errors (@vfido/core, @vfido/rp, commander) are turned into them.
 *
 * Exit codes: 0 success; 1 the operation ran and said no (verification failed, ceremony rejected,
 * policy denied); 2 usage or input error (bad flag, unknown preset, unreadable or malformed input);
 * 3 unexpected internal error (a bug: rerun with `--debug` and report the stack).
 * @module
 */
import { CborError, CredentialStoreError, CtapError, PresetError, VfidoError, WebAuthnError } from '@vfido/core';
import { VerificationError } from '@vfido/rp';

/** Process exit codes of the `vfido` command. */
export const ExitCode = {
  /** Success. */
  OK: 0,
  /** The operation ran and the answer is no (verification failed, ceremony rejected, policy deny). */
  FAILED: 1,
  /** Usage or input error. */
  USAGE: 2,
  /** Unexpected internal error. */
  INTERNAL: 3,
} as const;

/** A process exit code of the `vfido` command. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Options of {@link CliError}. */
export interface CliErrorOptions extends ErrorOptions {
  /** Exit code; default {@link ExitCode.USAGE}. */
  exitCode?: ExitCodeValue;
  /** What to do next, one short sentence. */
  hint?: string;
}

/**
 * An error the CLI reports as `vfido: <code>: <message>` plus a `next:` line, then exits with `exitCode`.
 * @example throw new CliError('ERR_FILE_NOT_FOUND', "no such file 'x.json'", { hint: 'check the path' })
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** Stable machine-readable code, e.g. `ERR_BAD_BASE64`. */
  readonly code: string;
  /** Process exit code. */
  readonly exitCode: ExitCodeValue;
  /** The next step, when there is one. */
  readonly hint: string | undefined;

  /**
   * @param code - stable error code
   * @param message - short, lowercase, never containing key material
   * @param options - exit code, next step and cause
   */
  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.USAGE;
    this.hint = options.hint;
  }
}

/** Shorthand for a usage error (exit 2). */
export function usage(code: string, message: string, hint?: string): CliError {
  return new CliError(code, message, { exitCode: ExitCode.USAGE, hint });
}

/**
 * Turn anything thrown into a {@link CliError}: library errors keep their code; anything else is
 * an internal error (exit 3).
 * @param error - what was thrown
 */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof PresetError) {
    const hint = error.suggestions.length > 0 ? `did you mean ${error.suggestions.join(' or ')}? run 'vfido presets' for the list` : "run 'vfido presets' for the list";
    return new CliError(error.code, error.message.split(';')[0] ?? error.message, { hint, cause: error });
  }
  if (error instanceof WebAuthnError) {
    const ctap = error.ctapCode && !error.message.includes(error.ctapCode) ? ` (${error.ctapCode})` : '';
    return new CliError(error.code, `${error.message}${ctap}`, { exitCode: ExitCode.FAILED, hint: webAuthnHint(error), cause: error });
  }
  if (error instanceof CtapError) return new CliError(error.message, `authenticator returned ${error.message}`, { exitCode: ExitCode.FAILED, cause: error });
  if (error instanceof CredentialStoreError) return new CliError(error.code, error.message, { hint: 'check the --store file (vfido writes it; do not edit it by hand)', cause: error });
  if (error instanceof CborError) return new CliError(error.code, error.message, { hint: 'the input is not the CBOR structure expected; check that the right field was passed', cause: error });
  if (error instanceof VerificationError) return new CliError(error.code, error.message, { exitCode: ExitCode.FAILED, cause: error });
  if (error instanceof VfidoError) return new CliError(String(error.code), error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new CliError('ERR_INTERNAL', message, { exitCode: ExitCode.INTERNAL, hint: 'this is a vfido bug: rerun with --debug and report the stack trace', cause: error });
}

function webAuthnHint(error: WebAuthnError): string | undefined {
  switch (error.code) {
    case 'SecurityError':
      return '--rp-id must equal the --origin host or a registrable suffix of it, and the origin must be https (or http://localhost)';
    case 'NotAllowedError':
      return error.ctapCode === 'CTAP2_ERR_NO_CREDENTIALS' ? 'no matching credential: pass the --store used by vfido create, and the same --rp-id' : undefined;
    case 'InvalidStateError':
      return 'the authenticator already holds a credential in excludeCredentials';
    case 'NotSupportedError':
      return "none of the --alg values is supported by this preset: see 'vfido presets'";
    case 'ConstraintError':
      return 'this preset cannot meet the requested options (resident key or user verification)';
    default:
      return undefined;
  }
}
