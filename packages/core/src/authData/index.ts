/**
 * authenticatorData: building, parsing, flags and AAGUIDs (WebAuthn L3 6.1 and 6.5.1).
 * @module
 */
export { buildAuthenticatorData, MAX_CREDENTIAL_ID_LENGTH, type AuthenticatorDataInput } from './buildAuthenticatorData.js';
export { parseAuthenticatorData, type ParsedAuthenticatorData } from './parseAuthenticatorData.js';
export { AuthDataFlag, flagsByte, parseFlagsByte, type AuthenticatorDataFlags } from './flagsByte.js';
export { aaguidToString, aaguidFromString } from './aaguid.js';
export { AuthDataError, type AuthDataErrorCode } from './authDataError.js';
