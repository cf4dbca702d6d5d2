/**
 * Entra ID passkey policy simulator: the Graph policy shapes, their validation, the passkey profile verdict
 * and Conditional Access authentication strengths.
 * @module
 */
export { evaluatePasskeyPolicy, ALL_USERS } from './evaluatePasskeyPolicy.js';
export type { PolicyEvaluationInput, PolicyEvaluationOptions, PolicyRegistration, PolicySignInCredential } from './evaluatePasskeyPolicy.js';
export { evaluateAuthenticationStrength } from './evaluateAuthenticationStrength.js';
export type { StrengthSignIn, StrengthVerdict } from './evaluateAuthenticationStrength.js';
export { BUILT_IN_STRENGTHS, MAX_CUSTOM_STRENGTHS, builtInStrength, validateAuthenticationStrength } from './authenticationStrength.js';
export type { AuthenticationStrengthPolicy, BuiltInStrength, Fido2CombinationConfiguration } from './authenticationStrength.js';
export { validateFido2Configuration, MAX_PASSKEY_PROFILES, MAX_POLICY_BYTES } from './validateFido2Configuration.js';
export type { ValidatedConfiguration } from './validateFido2Configuration.js';
export { parsePolicyFile, loadPolicy, POLICY_FILE_VERSION } from './parsePolicyFile.js';
export type { PolicyFile } from './parsePolicyFile.js';
export type { PolicyWarning } from './jsonFields.js';
export { PolicyError, PolicyErrorCode, isPolicyError } from './policyError.js';
export type { PolicyErrorCodeValue } from './policyError.js';
export { PolicyReasonCode } from './policyReason.js';
export type { PolicyReasonCodeValue } from './policyReason.js';
export { WINDOWS_HELLO_AAGUIDS, MICROSOFT_AUTHENTICATOR_AAGUIDS } from './checkAttestation.js';
export type { PolicyAttestation } from './checkAttestation.js';
export { policyForRegistration, policyForSignIn } from './applyPasskeyPolicy.js';
export type { PasskeyPolicyOption } from './applyPasskeyPolicy.js';
export type * from './types.js';
