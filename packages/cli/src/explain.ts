/**
 * A plain explanation and next step for each `@vfido/rp` verification code (WebAuthn L3 7.1, 7.2).
 * @module
 */

const EXPLANATIONS: Record<string, string> = {
  ERR_INVALID_RESPONSE: 'the response JSON is malformed (missing field, wrong type or bad base64url); pass the credential.toJSON() output unchanged',
  ERR_TYPE_MISMATCH: 'clientData.type is wrong: a registration response was given to "verify authentication" or the reverse',
  ERR_CHALLENGE_MISMATCH: 'clientData.challenge is not --challenge; pass the challenge the response was made with (vfido create/get print it on stderr)',
  ERR_ORIGIN_MISMATCH: 'clientData.origin is not --origin; pass the origin of the page that made the response',
  ERR_CROSS_ORIGIN: 'the response was made in a cross-origin iframe, which this verification does not allow',
  ERR_TOP_ORIGIN_MISMATCH: 'clientData.topOrigin is not an expected top-level origin',
  ERR_AUTHDATA_MALFORMED: 'the authenticator data cannot be parsed (lengths or flags do not match the bytes)',
  ERR_RPID_MISMATCH: 'rpIdHash is not SHA-256 of --rp-id; pass the RP ID the credential was made for (default: the origin host)',
  ERR_USER_PRESENCE_REQUIRED: 'the UP flag is clear: the user was not present',
  ERR_USER_VERIFICATION_REQUIRED: 'the UV flag is clear but --require-uv was given: the authenticator did not verify the user',
  ERR_BACKUP_FLAGS_INVALID: 'BS is set without BE, or BE differs from the credential record',
  ERR_ALGORITHM_NOT_ALLOWED: 'the credential key algorithm is not one the RP accepts',
  ERR_ATTESTED_DATA_MISSING: 'the registration authenticator data has no attested credential data (AT flag clear)',
  ERR_CREDENTIAL_ID_TOO_LONG: 'the credential id is longer than 1023 bytes',
  ERR_CREDENTIAL_ID_MISMATCH: 'id, rawId, the authenticator data or the --credential record name different credentials; pass the record of this credential',
  ERR_SIGNATURE_INVALID: 'the assertion signature does not verify with the stored public key; check --credential is the record of this credential',
  ERR_ATTESTATION_MALFORMED: 'the attestation statement does not follow its format (fields or certificate requirements)',
  ERR_ATTESTATION_SIGNATURE: 'the attestation signature does not verify',
  ERR_ATTESTATION_UNTRUSTED: 'the attestation chain does not reach a --trust root for this AAGUID or format; pass the roots (vfido roots --preset ID), made with the same --seed as the authenticator',
  ERR_ATTESTATION_UNSUPPORTED: 'the attestation statement format is not supported',
  ERR_AUTHENTICATOR_REVOKED: 'metadata reports this authenticator model as compromised or revoked',
  ERR_COUNTER_REGRESSION: 'the signature counter did not increase: the credential may have been cloned',
  ERR_EXTENSIONS_INVALID: 'client or authenticator extension outputs have the wrong shape',
  ERR_TRUST_ANCHOR_INVALID: 'a --trust file does not hold X.509 certificates (PEM or base64 DER)',
};

/**
 * The explanation for a verification code, or undefined for an unknown code.
 * @param code - e.g. `ERR_ORIGIN_MISMATCH`
 */
export function explainCode(code: string): string | undefined {
  return EXPLANATIONS[code];
}
