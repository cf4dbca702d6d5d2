/**
 * Typed CLI errors: a stable `code`, an exit code and a next step, and the one place library
 * errors (@vfido/core, @vfido/rp, commander) are turned into them.
 *
 * Exit codes: 0 success; 1 the operation ran and said no (verification failed, ceremony rejected,
 * policy denied); 2 usage or input error (bad flag, unknown preset, unreadable or malformed input,
 * a policy file Entra would refuse);
 * 3 unexpected internal error (a bug: rerun with `--debug` and report the stack).
 *
 * Library errors are recognised by `name` and `code`, not `instanceof`, so that this module (and
 * `--help`, `--version` and usage errors) never loads @vfido/core or @vfido/rp.
 * @module
 */
import type { PresetError, WebAuthnError } from '@vfido/core';

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
  const e = error instanceof Error ? (error as Error & { code?: unknown; ctapCode?: unknown }) : undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (e && code) {
    switch (e.name) {
      case 'PresetError': {
        const { suggestions } = e as unknown as PresetError;
        const hint = suggestions.length > 0 ? `did you mean ${suggestions.join(' or ')}? run 'vfido presets' for the list` : "run 'vfido presets' for the list";
        return new CliError(code, e.message.split(';')[0] ?? e.message, { hint, cause: e });
      }
      case 'CtapError':
        return new CliError(code, `authenticator returned ${e.message}`, { exitCode: ExitCode.FAILED, cause: e });
      case 'CredentialStoreError':
        return new CliError(code, e.message, { hint: 'check the --store file (vfido writes it; do not edit it by hand)', cause: e });
      case 'CborError':
        return new CliError(code, e.message, { hint: 'the input is not the CBOR structure expected; check that the right field was passed', cause: e });
      case 'VerificationError':
        return new CliError(code, e.message, { exitCode: ExitCode.FAILED, cause: e });
      case 'PolicyError':
        return new CliError(code, e.message, {
          hint: code === 'ERR_POLICY_INPUT' ? 'pass the credential record from vfido verify registration --json (it carries the aaguid)' : 'fix the --policy file: a vfido policy file ({ "vfidoPolicy": 1, "fido2": {...} }; vfido policy examples lists working ones) or a Graph fido2 configuration',
          cause: e,
        });
      default:
        // WebAuthnError: name and code are the DOMException name.
        if (e.name === code && /Error$/.test(code) && !code.startsWith('ERR_')) {
          const w = e as unknown as WebAuthnError;
          const ctap = w.ctapCode && !w.message.includes(w.ctapCode) ? ` (${w.ctapCode})` : '';
          return new CliError(code, `${w.message}${ctap}`, { exitCode: ExitCode.FAILED, hint: webAuthnHint(w), cause: e });
        }
        if (code.startsWith('ERR_')) return new CliError(code, e.message, { cause: e }); // other VfidoErrors
    }
  }
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
