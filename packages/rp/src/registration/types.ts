/**
 * Options and result of {@link verifyRegistration} (WebAuthn L3 7.1; credential record in 7.1 step 27).
 * @module
 */
import type { ChallengeExpectation } from '../clientData/verifyClientData.js';
import type { CborValue } from '../cbor/cborValue.js';
import type { RegistrationResponseJSON } from '../responseJson.js';
import type { TrustStore } from '../trust/trustStore.js';
import type { AttestationType } from './formats/types.js';
import type { PasskeyPolicyOption } from '../policy/applyPasskeyPolicy.js';
import type { PolicyVerdict } from '../policy/types.js';
import type { CredentialRecord } from '../record/credentialRecord.js';

/** Options of {@link verifyRegistration}. */
export interface VerifyRegistrationOptions {
  /** The credential's `toJSON()` output, or its JSON text. */
  response: RegistrationResponseJSON | string;
  /** The challenge issued (base64url), or a predicate over `clientData.challenge`. */
  expectedChallenge: ChallengeExpectation;
  /** Allowed origins, exact match (e.g. `https://example.com`, `android:apk-key-hash:...`). */
  expectedOrigin: string | readonly string[];
  /** Allowed RP IDs; `rpIdHash` must be the SHA-256 of one of them. */
  expectedRpId: string | readonly string[];
  /** Require the UV flag (set when `userVerification: 'required'`). Default false. */
  requireUserVerification?: boolean;
  /** Require the UP flag. Default true; set false only for conditional create (L3 7.1 step 15). */
  requireUserPresence?: boolean;
  /** COSE algorithms accepted for the credential key (the `pubKeyCredParams` sent). Default ES256, EdDSA, ES384, ES512, RS256/384/512, PS256/384/512. */
  supportedAlgorithms?: readonly number[];
  /** Top-level origins allowed when registering from a cross-origin iframe. Absent: cross-origin is rejected. */
  expectedTopOrigin?: string | readonly string[];
  /** Attestation root certificates; absent: every attestation is `trusted: false`. */
  trustStore?: TrustStore;
  /** The clock for certificate validity and SafetyNet timestamps. Default `new Date()`. */
  now?: Date;
  /** An Entra passkey policy to evaluate on the verified credential; the verdict is returned as `policy`. */
  policy?: PasskeyPolicyOption;
}

/** The attestation as verified. */
export interface VerifiedAttestation {
  /** Attestation statement format identifier (`packed`, `tpm`, ...). */
  fmt: string;
  type: AttestationType;
  /** DER certificates from the statement, attestation certificate first; empty for self/none. */
  trustPath: Uint8Array[];
  /** True when the trust path reaches an anchor in `trustStore` for this AAGUID/format (or a global one). */
  trusted: boolean;
}

/**
 * The credential record to store (L3 7.1 step 27), with what registration learnt about the authenticator.
 * Store it with `credentialRecordToJSON`, which keeps the {@link CredentialRecord} members.
 */
export interface RegisteredCredential extends CredentialRecord {
  /** COSE algorithm of `publicKey`. */
  algorithm: number;
  transports: string[];
  /** AAGUID as a dashed lowercase UUID. */
  aaguid: string;
  backupEligible: boolean;
  backupState: boolean;
  /** UV flag at registration: the credential record's `uvInitialized`. */
  uvInitialized: boolean;
  /** UV flag at registration (same as `uvInitialized`). */
  userVerified: boolean;
  attestation: VerifiedAttestation;
}

/** Result of {@link verifyRegistration}. */
export interface RegistrationVerification {
  credential: RegisteredCredential;
  /** The expected RP ID that matched `rpIdHash`. */
  rpId: string;
  /** `clientData.origin`. */
  origin: string;
  /** Client extension outputs (shape-checked). */
  clientExtensionResults: Record<string, unknown>;
  /** Authenticator extension outputs from the authenticator data (shape-checked). */
  authenticatorExtensionResults: Record<string, CborValue>;
  /** `authenticatorAttachment` reported by the client, if any. */
  authenticatorAttachment?: string;
  /** The passkey policy verdict, when `options.policy` was given. A denial does not throw. */
  policy?: PolicyVerdict;
}
