/**
 * The contract between authenticatorMakeCredential and the per-format attestation statement builders.
 * @module
 */
import type { CborMap } from '../cbor/types.js';
import type { KeyPair } from '../crypto/keyPair.js';
import type { Preset } from '../presets/types.js';

/** Everything a builder may sign over or certify (WebAuthn L3 6.5.2). */
export interface AttestationRequest {
  /** The preset whose vendor CA and attestation profile apply. */
  preset: Preset;
  /** Full authenticatorData, including attested credential data. */
  authData: Uint8Array;
  /** SHA-256 of clientDataJSON, as passed in makeCredential. */
  clientDataHash: Uint8Array;
  /** The new credential's key pair. */
  credentialKey: KeyPair;
  /** The new credential's COSE_Key bytes, as in authData. */
  credentialPublicKey: Uint8Array;
  /** The new credential's id. */
  credentialId: Uint8Array;
  /** AAGUID bytes written in authData. */
  aaguid: Uint8Array;
  /** Seed for reproducible CA keys/certificates (undefined: vfido's fixed default test-CA seed). */
  seed: string | undefined;
  /**
   * Set for an enterprise attestation (CTAP 2.1 7.1): this authenticator's serial, written into an
   * attestation certificate (and key) unique to this authenticator instead of the batch one.
   */
  enterpriseSerial?: string;
}

/** The `fmt` and `attStmt` of an attestation object (WebAuthn L3 6.5.4). */
export interface AttestationStatement {
  fmt: string;
  /** attStmt as a text-keyed CBOR map (encoded canonically by the caller). */
  attStmt: CborMap;
}

/** A per-format attestation statement builder. */
export type AttestationBuilder = (request: AttestationRequest) => Promise<AttestationStatement>;
