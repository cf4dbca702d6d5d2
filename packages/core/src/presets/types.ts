/**
 * The shape of an authenticator preset, as stored in `aaguids.json` at the repository root.
 * @module
 */
import type { CredentialAlgorithm, SigningAlgorithm } from '../crypto/algorithms.js';

/** WebAuthn L3 5.8.4 AuthenticatorTransport values. */
export type AuthenticatorTransport = 'usb' | 'nfc' | 'ble' | 'smart-card' | 'hybrid' | 'internal';

/** Attestation statement formats vfido can build (WebAuthn L3 section 8). */
export type AttestationFormat = 'none' | 'packed' | 'fido-u2f' | 'tpm' | 'android-key' | 'apple';

/** Attestation types (WebAuthn L3 6.5.4). */
export type AttestationType = 'basic' | 'self' | 'attca' | 'anonca' | 'none';

/**
 * How the signature counter moves (WebAuthn L3 6.1.1):
 * `per-credential` increments each credential's own counter, `global` shares one counter across
 * credentials, `zero` never counts (synced providers), `timestamp` uses Unix seconds (Chrome on Mac).
 */
export type CounterMode = 'per-credential' | 'global' | 'zero' | 'timestamp';

/** What the authenticator returns for a given attestation flow. */
export interface AttestationProfile {
  /** Statement format produced when the RP asks for attestation. */
  format: AttestationFormat;
  /** Attestation type this format conveys. */
  type: AttestationType;
  /** attStmt `alg` where it differs from the credential algorithm (e.g. -65535 for Windows Hello TPM). */
  statementAlg?: SigningAlgorithm;
}

/** authenticatorGetInfo fields (CTAP 2.1 6.4), in their CTAP names. */
export interface PresetGetInfo {
  versions: string[];
  extensions?: string[];
  options?: Record<string, boolean>;
  maxMsgSize?: number;
  pinUvAuthProtocols?: number[];
  maxCredentialCountInList?: number;
  maxCredentialIdLength?: number;
  transports?: string[];
  algorithms?: number[];
  firmwareVersion?: number;
  minPINLength?: number;
  remainingDiscoverableCredentials?: number;
  maxCredBlobLength?: number;
  maxSerializedLargeBlobArray?: number;
  maxRPIDsForSetMinPINLength?: number;
  preferredPlatformUvAttempts?: number;
  /** CTAP 2.1 uvModality bit field (FIDO Registry 3.1: 0x02 = fingerprint). */
  uvModality?: number;
}

/** Cross-device (hybrid, FIDO CDA) behaviour of a phone-based preset. */
export interface HybridProfile {
  /** Transports reported for a credential made over hybrid. */
  transports: AuthenticatorTransport[];
  /** Attestation over hybrid; `none` where the flow cannot be attested. */
  attestation: AttestationProfile;
  /** AAGUID seen by the RP over hybrid (e.g. zeroed); defaults to the preset's. */
  aaguid?: string;
  /** Why, with source. */
  note?: string;
}

/** One authenticator model vfido can emulate. */
export interface Preset {
  /** Stable id, e.g. `yubikey-5-nfc`. */
  id: string;
  /** Model name as the AAGUID table names it. */
  name: string;
  /** Longer model description: the FIDO MDS `description` where the model is listed there. */
  description?: string;
  /** AAGUID as a lowercase UUID string. */
  aaguid: string;
  /** Vendor key: picks the vfido test CA that issues this preset's attestation certificates. */
  vendor: string;
  /** WebAuthn authenticatorAttachment. */
  attachment: 'platform' | 'cross-platform';
  /** Transports for credentials created directly. */
  transports: AuthenticatorTransport[];
  /** Attestation when the RP asks for it (`direct`/`indirect`/`enterprise`). */
  attestation: AttestationProfile;
  /** Credential algorithms the authenticator supports, in its preference order. */
  algorithms: CredentialAlgorithm[];
  /** Whether the authenticator can verify the user (PIN/biometric) and how. */
  userVerification: { capable: boolean; methods: string[]; /** UV done by default when preferred */ default: boolean };
  /** Backup eligibility and state flags it sets (WebAuthn L3 6.1 BE/BS). */
  backup: { eligible: boolean; state: boolean };
  /** Signature counter behaviour. */
  counter: CounterMode;
  /** Whether discoverable (resident) credentials are supported. */
  residentKeys: boolean;
  /** Credential id length in bytes for this model (random/derived ids). */
  credentialIdLength: number;
  /** Id length for discoverable credentials where it differs (YubiKey: wrapped 64 vs stored 16). */
  residentCredentialIdLength?: number;
  /** How many discoverable credentials fit, where known (a fresh device's remainingDiscoverableCredentials). */
  residentKeyCapacity?: number;
  /** RSA modulus bits for RS256 keys (TPM keys are 2048). */
  rsaBits?: number;
  /** authenticatorGetInfo as the model reports it. */
  getInfo: PresetGetInfo;
  /** Cross-device behaviour, for phone presets. */
  hybrid?: HybridProfile;
  /**
   * What authenticatorClientPIN getPINRetries (CTAP 2.1 6.5.5.2) answers while no PIN is set:
   * `retries` (default: the pinRetries counter, as the spec text reads) or `pin-not-set`
   * (CTAP2_ERR_PIN_NOT_SET, as YubiKeys do). Name the source in `sources`.
   */
  pinRetriesWithoutPin?: 'retries' | 'pin-not-set';
  /** FIDO MDS key protection and certification facts for mdsBlob(). */
  metadata: { keyProtection: string[]; certificationStatus: string; userVerificationMethods: string[]; attachmentHint: string[] };
  /** Sources for the facts above. */
  sources: string[];
  /** Field paths whose value is an informed guess rather than sourced, with why. */
  uncertain?: Record<string, string>;
}
