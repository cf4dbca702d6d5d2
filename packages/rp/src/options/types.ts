/**
 * The JSON forms of the ceremony options an RP sends to the browser (WebAuthn L3 5.4 / 5.5 `*OptionsJSON`,
 * 5.8.3 descriptors, 5.4.4 authenticator selection, 5.8.8 hints), as `PublicKeyCredential.parseCreationOptionsFromJSON`
 * and `parseRequestOptionsFromJSON` read them.
 * @module
 */

/** `ResidentKeyRequirement` and `UserVerificationRequirement` values (L3 5.4.6, 5.8.6). */
export type Requirement = 'required' | 'preferred' | 'discouraged';

/** `AttestationConveyancePreference` (L3 5.4.7). */
export type AttestationConveyance = 'none' | 'indirect' | 'direct' | 'enterprise';

/** `PublicKeyCredentialHint` (L3 5.8.8). */
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';

/** `AuthenticatorAttachment` (L3 5.4.5). */
export type AuthenticatorAttachment = 'platform' | 'cross-platform';

/** `PublicKeyCredentialDescriptorJSON` (L3 5.8.3): a credential to exclude (create) or allow (get). */
export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key';
  /** Credential ID, base64url without padding. */
  id: string;
  transports?: string[];
}

/** `AuthenticatorSelectionCriteria` (L3 5.4.4). */
export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: AuthenticatorAttachment;
  residentKey?: Requirement;
  /** Kept for Level 1 clients: true if and only if `residentKey` is `required` (L3 5.4.4). */
  requireResidentKey?: boolean;
  userVerification?: Requirement;
}

/** Client extension inputs as JSON (L3 5.7.4, 9-10). */
export interface AuthenticationExtensionsClientInputsJSON {
  /** Credential properties extension (L3 10.1.3): asks the client whether a discoverable credential was made. */
  credProps?: boolean;
  [extension: string]: unknown;
}

/** `PublicKeyCredentialCreationOptionsJSON` (L3 5.4 and 5.1.6 `parseCreationOptionsFromJSON`). */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id: string; name: string };
  /** `user.id` is the user handle, base64url. */
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout: number;
  excludeCredentials: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection: AuthenticatorSelectionCriteria;
  hints?: PublicKeyCredentialHint[];
  attestation: AttestationConveyance;
  attestationFormats?: string[];
  extensions: AuthenticationExtensionsClientInputsJSON;
}

/** `PublicKeyCredentialRequestOptionsJSON` (L3 5.5 and 5.1.7 `parseRequestOptionsFromJSON`). */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string;
  timeout: number;
  rpId: string;
  /** Absent: the browser offers discoverable credentials (passkeys) for `rpId`. */
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification: Requirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** A credential to put in `excludeCredentials` / `allowCredentials`: a stored record, or just its id and transports. */
export interface CredentialDescriptorInput {
  /** Credential ID, base64url. */
  id: string;
  /** The record's transports, passed on as hints to the client. */
  transports?: readonly string[] | undefined;
}
