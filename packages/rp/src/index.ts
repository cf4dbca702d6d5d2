/**
 * `@vfido/rp`: a WebAuthn relying party for any authenticator: ceremony options (WebAuthn Level 3 sections 5.4, 5.5),
 * verification (7.1, 7.2, 8), credential records (4, 7.1 step 27), attestation trust and passkey policy.
 * @module
 */
export { verifyRegistration, MAX_CREDENTIAL_ID_LENGTH } from './registration/verifyRegistration.js';
export type {
  VerifyRegistrationOptions,
  RegistrationVerification,
  RegisteredCredential,
  VerifiedAttestation,
} from './registration/types.js';
export type { AttestationType } from './registration/formats/types.js';
export { SUPPORTED_FORMATS } from './registration/formats/index.js';
export { verifyAuthentication } from './authentication/verifyAuthentication.js';
export type { VerifyAuthenticationOptions, AuthenticationVerification } from './authentication/types.js';
export { credentialRecordToJSON, credentialRecordFromJSON, CREDENTIAL_RECORD_VERSION } from './record/credentialRecord.js';
export type { CredentialRecord, CredentialRecordJSON } from './record/credentialRecord.js';
export { generateRegistrationOptions, DEFAULT_REGISTRATION_ALGORITHMS, USER_ID_BYTES } from './options/generateRegistrationOptions.js';
export type { RegistrationOptionsInput, GeneratedRegistrationOptions } from './options/generateRegistrationOptions.js';
export { generateAuthenticationOptions } from './options/generateAuthenticationOptions.js';
export type { AuthenticationOptionsInput, GeneratedAuthenticationOptions } from './options/generateAuthenticationOptions.js';
export { CHALLENGE_BYTES, MIN_CHALLENGE_BYTES, DEFAULT_TIMEOUT } from './options/optionInputs.js';
export type * from './options/types.js';
export { TrustStore } from './trust/trustStore.js';
export type { TrustScope, TrustAnchor } from './trust/trustStore.js';
export type { AddMdsBlobOptions } from './trust/trustStore.js';
export type { MetadataStatement, StatusReport, MdsBlobSummary, AuthenticatorStatusSummary, JsonValue } from './trust/mdsTypes.js';
export { REVOKING_STATUSES } from './trust/authenticatorStatus.js';
export { VerificationError, VerificationErrorCode, isVerificationError } from './errors.js';
export type { VerificationErrorCodeValue, VerificationErrorOptions } from './errors.js';
export type { ChallengeExpectation } from './clientData/verifyClientData.js';
export type {
  RegistrationResponseJSON,
  AuthenticationResponseJSON,
  AuthenticatorAttestationResponseJSON,
  AuthenticatorAssertionResponseJSON,
} from './responseJson.js';
export type { CborValue, CborMap } from './cbor/cborValue.js';
export { DEFAULT_SUPPORTED_ALGORITHMS } from './cose/algorithms.js';
export * from './policy/index.js';
