/**
 * The contract every attestation statement format verifier fulfils (WebAuthn L3 6.5.2 "Attestation
 * Statement Formats": a verification procedure takes attStmt, authenticatorData and clientDataHash and returns
 * the attestation type and trust path).
 * @module
 */
import type { CborMap } from '../../cbor/cborValue.js';
import type { AttestedCredentialData, AuthenticatorData } from '../../authData/parseAuthenticatorData.js';
import type { CosePublicKey } from '../../cose/parseCoseKey.js';
import type { ParsedCertificate } from '../../cert/parseCertificate.js';

/** Attestation types (L3 6.5.4): Basic, Self, AttCA, AnonCA, None. */
export type AttestationType = 'basic' | 'self' | 'attca' | 'anonca' | 'none';

/** Inputs of a verification procedure, already decoded. */
export interface AttestationInput {
  /** The attestation statement (a CBOR map). */
  attStmt: CborMap;
  /** Parsed authenticator data; `attested` is its attested credential data. */
  authData: AuthenticatorData;
  attested: AttestedCredentialData;
  /** The credential public key from `attested`, parsed. */
  credentialKey: CosePublicKey;
  /** SHA-256 of clientDataJSON. */
  clientDataHash: Uint8Array;
  /** The verification clock (SafetyNet timestamps). */
  now: Date;
}

/** Outputs of a verification procedure. */
export interface AttestationOutput {
  type: AttestationType;
  /** The attestation trust path, attestation certificate first; empty for self and none. */
  trustPath: ParsedCertificate[];
}

/** A format's verification procedure. */
export type AttestationVerifier = (input: AttestationInput) => AttestationOutput | Promise<AttestationOutput>;
