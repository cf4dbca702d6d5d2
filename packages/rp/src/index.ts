/**
 * `@vfido/rp`: a WebAuthn relying-party verifier for any authenticator (WebAuthn Level 3 sections 7.1, 7.2, 8).
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
export type { VerifyAuthenticationOptions, AuthenticationVerification, StoredCredential } from './authentication/types.js';
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
