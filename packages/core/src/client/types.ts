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

/** AuthenticationExtensionsPRFValuesJSON (WebAuthn L3 10.1.4). */
export interface AuthenticationExtensionsPRFValuesJSON {
  first: Base64URLString;
  second?: Base64URLString;
}

/** AuthenticationExtensionsPRFInputsJSON (WebAuthn L3 10.1.4). */
export interface AuthenticationExtensionsPRFInputsJSON {
  eval?: AuthenticationExtensionsPRFValuesJSON;
  /** PRF inputs per base64url credential ID (get() with allowCredentials only). */
  evalByCredential?: Record<string, AuthenticationExtensionsPRFValuesJSON>;
}

/** AuthenticationExtensionsLargeBlobInputsJSON (WebAuthn L3 10.1.5). */
export interface AuthenticationExtensionsLargeBlobInputsJSON {
  /** create(): `required` or `preferred`. */
  support?: 'required' | 'preferred' | (string & {});
  /** get(): read the credential's blob. */
  read?: boolean;
  /** get(): store these bytes for the (single) allowed credential. */
  write?: Base64URLString;
}

/**
 * Client extension inputs as JSON (WebAuthn L3 5.7.4): the WebAuthn extensions and the CTAP 2.1
 * ones browsers expose (credProtect's two members, credBlob / getCredBlob, minPinLength).
 */
export interface AuthenticationExtensionsClientInputsJSON {
  credProps?: boolean;
  prf?: AuthenticationExtensionsPRFInputsJSON;
  largeBlob?: AuthenticationExtensionsLargeBlobInputsJSON;
  /** CTAP 2.1 12.1: userVerificationOptional, userVerificationOptionalWithCredentialIDList or userVerificationRequired. */
  credentialProtectionPolicy?: string;
  /** CTAP 2.1 12.1: fail the registration when the policy cannot be applied. */
  enforceCredentialProtectionPolicy?: boolean;
  /** CTAP 2.1 12.2: bytes to store with the new credential (create()). */
  credBlob?: Base64URLString;
  /** CTAP 2.1 12.2: return the credential's credBlob (get()). */
  getCredBlob?: boolean;
  /** CTAP 2.1 12.4: ask for the authenticator's minimum PIN length in authenticator data (create()). */
  minPinLength?: boolean;
  [extension: string]: unknown;
}

/** AuthenticationExtensionsPRFOutputsJSON (WebAuthn L3 10.1.4): `enabled` at create(), `results` when evaluated. */
export interface AuthenticationExtensionsPRFOutputsJSON {
  enabled?: boolean;
  results?: AuthenticationExtensionsPRFValuesJSON;
}

/** AuthenticationExtensionsLargeBlobOutputsJSON (WebAuthn L3 10.1.5). */
export interface AuthenticationExtensionsLargeBlobOutputsJSON {
  /** create(): whether the credential can have a large blob. */
  supported?: boolean;
  /** get() with read: the stored blob. */
  blob?: Base64URLString;
  /** get() with write: whether the blob was stored. */
  written?: boolean;
}

/**
 * Client extension outputs as JSON (WebAuthn L3 5.7.4; byte strings base64url as `toJSON()` writes
 * them). Besides credProps and credBlob they may hold `prf`
 * ({@link AuthenticationExtensionsPRFOutputsJSON}), `largeBlob`
 * ({@link AuthenticationExtensionsLargeBlobOutputsJSON}) and `getCredBlob` (base64url). Those are
 * left to the index signature so a response stays assignable to libraries (e.g.
 * \@simplewebauthn/server) that type them with ArrayBuffers.
 */
export interface AuthenticationExtensionsClientOutputsJSON {
  credProps?: { rk?: boolean };
  /** create(): whether the authenticator stored the credBlob (CTAP 2.1 12.2). */
  credBlob?: boolean;
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
