/**
 * Typed verification errors for the relying-party ceremonies (WebAuthn L3 sections 7.1, 7.2 and 8).
 *
 * Every rejection from `verifyRegistration` / `verifyAuthentication` is a {@link VerificationError}
 * whose `code` names the failed step. Codes are stable: match on `code`, never on `message`.
 * Step numbers cite the WebAuthn Level 3 editor's draft (w3c/webauthn `index.bs`, 2026).
 * @module
 */

/** Every code a {@link VerificationError} can carry, with the step it names. */
export const VerificationErrorCode = {
  /** The response JSON is malformed: a missing field, wrong type, bad base64url, or clientDataJSON that is not JSON (7.1 steps 3-6, 7.2 steps 3, 7-9). */
  INVALID_RESPONSE: 'ERR_INVALID_RESPONSE',
  /** `clientData.type` is not `webauthn.create` / `webauthn.get` (7.1 step 7, 7.2 step 10). */
  TYPE_MISMATCH: 'ERR_TYPE_MISMATCH',
  /** `clientData.challenge` is not the challenge the RP issued (7.1 step 8, 7.2 step 11). */
  CHALLENGE_MISMATCH: 'ERR_CHALLENGE_MISMATCH',
  /** `clientData.origin` is not an expected origin (7.1 step 9, 7.2 step 12). */
  ORIGIN_MISMATCH: 'ERR_ORIGIN_MISMATCH',
  /** `clientData.crossOrigin` is true but the RP does not expect cross-origin iframes (7.1 step 10, 7.2 step 13). */
  CROSS_ORIGIN: 'ERR_CROSS_ORIGIN',
  /** `clientData.topOrigin` is present but not an expected top-level origin (7.1 step 11, 7.2 step 14). */
  TOP_ORIGIN_MISMATCH: 'ERR_TOP_ORIGIN_MISMATCH',
  /** authenticator data cannot be parsed (lengths, flags AT/ED against the bytes present, trailing bytes, COSE key shape). */
  AUTHDATA_MALFORMED: 'ERR_AUTHDATA_MALFORMED',
  /** `rpIdHash` is not SHA-256 of an expected RP ID (7.1 step 14, 7.2 step 15). */
  RPID_MISMATCH: 'ERR_RPID_MISMATCH',
  /** The UP flag is not set (7.1 step 15, 7.2 step 16). */
  USER_PRESENCE_REQUIRED: 'ERR_USER_PRESENCE_REQUIRED',
  /** User verification was required but the UV flag is not set (7.1 step 16, 7.2 step 17). */
  USER_VERIFICATION_REQUIRED: 'ERR_USER_VERIFICATION_REQUIRED',
  /** BS is set without BE, or BE differs from the stored credential record (7.1 step 17, 7.2 steps 18-19). */
  BACKUP_FLAGS_INVALID: 'ERR_BACKUP_FLAGS_INVALID',
  /** The credential public key's algorithm is not in `supportedAlgorithms` (7.1 step 20). */
  ALGORITHM_NOT_ALLOWED: 'ERR_ALGORITHM_NOT_ALLOWED',
  /** Registration authenticator data has no attested credential data (AT flag clear) (7.1 step 13). */
  ATTESTED_DATA_MISSING: 'ERR_ATTESTED_DATA_MISSING',
  /** The credential ID is longer than 1023 bytes (7.1 step 25). */
  CREDENTIAL_ID_TOO_LONG: 'ERR_CREDENTIAL_ID_TOO_LONG',
  /** `id`, `rawId`, the authenticator data's credential ID, or the stored credential's ID disagree (7.1 step 27, 7.2 steps 5-6). */
  CREDENTIAL_ID_MISMATCH: 'ERR_CREDENTIAL_ID_MISMATCH',
  /** The assertion signature does not verify with the stored public key (7.2 step 21). */
  SIGNATURE_INVALID: 'ERR_SIGNATURE_INVALID',
  /** The attestation object or statement does not match its format's syntax or certificate requirements (7.1 steps 13, 22; 8.x). */
  ATTESTATION_MALFORMED: 'ERR_ATTESTATION_MALFORMED',
  /** The attestation signature (or a format's signed payload) does not verify (8.x verification procedures). */
  ATTESTATION_SIGNATURE: 'ERR_ATTESTATION_SIGNATURE',
  /**
   * The trust store holds anchors for this AAGUID or format and the attestation chain does not reach them (7.1 steps 23-24).
   * When the chain ends at a root whose name equals a trusted root's but whose key differs, the message says so and
   * `details.chainRoot` / `details.trustedRoot` name both (a vfido authenticator and trust store made with different seeds).
   */
  ATTESTATION_UNTRUSTED: 'ERR_ATTESTATION_UNTRUSTED',
  /** `fmt` is not a supported attestation statement format (7.1 step 21). */
  ATTESTATION_UNSUPPORTED: 'ERR_ATTESTATION_UNSUPPORTED',
  /**
   * The signature counter did not increase (7.2 step 22). Only thrown when `requireCounterIncrease` is set;
   * by default the result carries `cloneWarning: true` instead.
   */
  COUNTER_REGRESSION: 'ERR_COUNTER_REGRESSION',
  /** Client or authenticator extension outputs have the wrong shape (7.1 step 28, 7.2 step 23). */
  EXTENSIONS_INVALID: 'ERR_EXTENSIONS_INVALID',
  /** A trust anchor given to `TrustStore.addRoots` is not a parseable X.509 certificate (configuration error). */
  TRUST_ANCHOR_INVALID: 'ERR_TRUST_ANCHOR_INVALID',
  /**
   * A FIDO MDS3 BLOB given to `TrustStore.addMdsBlob` is not a compact JWS with an `x5c` header and a
   * `MetadataBLOBPayload` (MDS 3.0 3.1.6-3.1.7), or names an unsupported `alg` (configuration error).
   */
  MDS_MALFORMED: 'ERR_MDS_MALFORMED',
  /** The MDS3 BLOB's JWS signature does not verify with its `x5c` signing certificate (MDS 3.0 3.1.8 step 4). */
  MDS_SIGNATURE: 'ERR_MDS_SIGNATURE',
  /** The MDS3 BLOB's `x5c` chain does not reach a configured MDS root, or a certificate on it is not valid now (MDS 3.0 3.1.8 step 4). */
  MDS_UNTRUSTED_CHAIN: 'ERR_MDS_UNTRUSTED_CHAIN',
  /**
   * The trust store's metadata marks the credential's AAGUID as compromised: its latest status report is
   * REVOKED, ATTESTATION_KEY_COMPROMISE, USER_VERIFICATION_BYPASS, USER_KEY_REMOTE_COMPROMISE or
   * USER_KEY_PHYSICAL_COMPROMISE (MDS 3.0 3.1.4 `AuthenticatorStatus`; WebAuthn L3 7.1 step 23).
   */
  AUTHENTICATOR_REVOKED: 'ERR_AUTHENTICATOR_REVOKED',
  /**
   * The input to `generateRegistrationOptions` / `generateAuthenticationOptions` is unusable: a missing
   * `rpName`/`rpId`/`userName`, a challenge or user id of the wrong size, a credential id that is not base64url,
   * an unknown enum value (WebAuthn L3 5.4, 5.5; configuration error).
   */
  OPTIONS_INVALID: 'ERR_OPTIONS_INVALID',
  /**
   * A stored credential record given to `credentialRecordFromJSON` / `credentialRecordToJSON` is malformed: an
   * unknown version, a field that is missing or of the wrong type, a public key that is not a COSE key
   * (WebAuthn L3 7.1 step 27 credential record; storage corruption or tampering).
   */
  CREDENTIAL_RECORD_INVALID: 'ERR_CREDENTIAL_RECORD_INVALID',
} as const;

/** A stable verification error code, e.g. `'ERR_ORIGIN_MISMATCH'`. */
export type VerificationErrorCodeValue = (typeof VerificationErrorCode)[keyof typeof VerificationErrorCode];

/** Options for {@link VerificationError}: the underlying cause and structured details safe to log. */
export interface VerificationErrorOptions extends ErrorOptions {
  /** Structured facts about the failure (expected/actual values). Never holds key material. */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * A failed WebAuthn verification step.
 * @example
 * try { await verifyRegistration(opts) } catch (e) {
 *   if (e instanceof VerificationError && e.code === 'ERR_ORIGIN_MISMATCH') { ... }
 * }
 */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
  /** Which step failed; see {@link VerificationErrorCode}. */
  readonly code: VerificationErrorCodeValue;
  /** Structured facts about the failure, if any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param code stable error code naming the failed step
   * @param message short, lowercase, actionable description
   * @param options `cause` (the underlying error) and `details`
   */
  constructor(code: VerificationErrorCodeValue, message: string, options?: VerificationErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/** True when `e` is a {@link VerificationError}, optionally with the given code. */
export function isVerificationError(e: unknown, code?: VerificationErrorCodeValue): e is VerificationError {
  return e instanceof VerificationError && (code === undefined || e.code === code);
}

/** Quotes untrusted text for an error message: JSON-escaped and cut to `max` characters. */
export function quote(text: string, max = 120): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
}
