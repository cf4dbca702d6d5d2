/**
 * WebAuthn Level 3 JSON types (section 5.1 `toJSON()`, 5.4 / 5.5 `*OptionsJSON`).
 * @module
 */

/** A base64url string (RFC 4648 section 5, no padding). */
export type Base64URLString = string;

/** PublicKeyCredentialDescriptorJSON (WebAuthn L3 5.8.3). */
export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key' | (string & {});
  id: Base64URLString;
  transports?: string[];
}

/** Client extension inputs as JSON (WebAuthn L3 5.7.4). */
export type AuthenticationExtensionsClientInputsJSON = Record<string, unknown>;

/** Client extension outputs as JSON (WebAuthn L3 5.7.4). */
export interface AuthenticationExtensionsClientOutputsJSON {
  credProps?: { rk?: boolean };
  [extension: string]: unknown;
}

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn L3 5.4.x). */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: string; alg: number }[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: 'platform' | 'cross-platform' | (string & {});
    residentKey?: 'required' | 'preferred' | 'discouraged' | (string & {});
    requireResidentKey?: boolean;
    userVerification?: 'required' | 'preferred' | 'discouraged' | (string & {});
  };
  hints?: string[];
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise' | (string & {});
  attestationFormats?: string[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** PublicKeyCredentialRequestOptionsJSON (WebAuthn L3 5.5.x). */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: 'required' | 'preferred' | 'discouraged' | (string & {});
  hints?: string[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** RegistrationResponseJSON (WebAuthn L3 5.1, `PublicKeyCredential.toJSON()` after create). */
export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    transports: string[];
    publicKey?: Base64URLString;
    publicKeyAlgorithm: number;
    attestationObject: Base64URLString;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
  type: 'public-key';
}

/** AuthenticationResponseJSON (WebAuthn L3 5.1, `PublicKeyCredential.toJSON()` after get). */
export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    signature: Base64URLString;
    userHandle?: Base64URLString;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
  type: 'public-key';
}
