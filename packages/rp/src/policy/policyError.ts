/**
 * Typed errors of the passkey policy simulator: an invalid policy file or configuration (rejected as Entra
 * ID would reject the Graph PATCH, or as malformed JSON), and bad evaluation inputs.
 * @module
 */

/** Every code a {@link PolicyError} can carry. */
export const PolicyErrorCode = {
  /** The policy text is not JSON (`loadPolicy`). */
  JSON: 'ERR_POLICY_JSON',
  /** A field is missing, has the wrong type, or holds a value Graph does not accept. */
  INVALID: 'ERR_POLICY_INVALID',
  /** An Entra limit is exceeded: more than 3 passkey profiles, more than 15 custom strengths, or a policy over 20 KB. */
  LIMIT: 'ERR_POLICY_LIMIT',
  /** A reference does not resolve or is ambiguous: an unknown profile id, a missing default profile, a duplicate id. */
  REFERENCE: 'ERR_POLICY_REFERENCE',
  /** The evaluation inputs are incomplete, e.g. a sign-in without the credential's AAGUID. */
  INPUT: 'ERR_POLICY_INPUT',
} as const;

/** A stable policy error code, e.g. `'ERR_POLICY_LIMIT'`. */
export type PolicyErrorCodeValue = (typeof PolicyErrorCode)[keyof typeof PolicyErrorCode];

/**
 * A policy that Entra would not accept, or an evaluation that cannot run.
 * @example
 * try { parsePolicyFile(json) } catch (e) {
 *   if (e instanceof PolicyError) console.error(`${e.path}: ${e.message}`);
 * }
 */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  /** Stable code, see {@link PolicyErrorCode}. */
  readonly code: PolicyErrorCodeValue;
  /** JSON path of the offending field (e.g. `fido2.passkeyProfiles[1].passkeyTypes`), when there is one. */
  readonly path: string | undefined;

  /**
   * @param code stable error code
   * @param message short, lowercase, actionable description (it starts with the path when there is one)
   * @param options `path` of the field and the underlying `cause`
   */
  constructor(code: PolicyErrorCodeValue, message: string, options?: { path?: string; cause?: unknown }) {
    super(options?.path ? `${options.path}: ${message}` : message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options?.path;
  }
}

/** True when `e` is a {@link PolicyError}, optionally with the given code. */
export function isPolicyError(e: unknown, code?: PolicyErrorCodeValue): e is PolicyError {
  return e instanceof PolicyError && (code === undefined || e.code === code);
}
