/**
 * The closed value sets a preset may use: WebAuthn L3 attestation formats and types (section 8,
 * 6.5.4), transports (5.8.4), CTAP 2.1 getInfo versions (6.4), and the FIDO Registry of Predefined
 * Values names used by MDS3 (keyProtection, userVerificationMethods, attachmentHint, status).
 * @module
 */
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import type { AttestationFormat, AttestationType, AuthenticatorTransport, CounterMode } from './types.js';

/**
 * Attestation types each statement format can convey (WebAuthn L3 8.2-8.8: packed Basic/Self/AttCA,
 * TPM AttCA, Android Key Basic, FIDO U2F Basic/AttCA, None, Apple Anonymization CA).
 */
export const ATTESTATION_TYPES_BY_FORMAT: Readonly<Record<AttestationFormat, readonly AttestationType[]>> = {
  none: ['none'],
  packed: ['basic', 'self', 'attca'],
  tpm: ['attca'],
  'android-key': ['basic'],
  'fido-u2f': ['basic', 'attca'],
  apple: ['anonca'],
};

/** COSE algorithms vfido creates credential keys for: ES256, EdDSA, ES384, RS256. */
export const CREDENTIAL_ALGORITHMS: readonly CredentialAlgorithm[] = [-7, -8, -35, -257];

/** Vendor keys that select a vfido test CA (`vfido` for presets whose attestation has no chain). */
export const PRESET_VENDORS = ['microsoft', 'yubico', 'apple', 'google', 'samsung', 'feitian', 'solokeys', 'vfido', 'android'] as const;

/** WebAuthn L3 5.8.4 transports. */
export const TRANSPORTS: readonly AuthenticatorTransport[] = ['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'];

/** Signature counter modes (see {@link CounterMode}). */
export const COUNTER_MODES: readonly CounterMode[] = ['per-credential', 'global', 'zero', 'timestamp'];

/** CTAP authenticatorGetInfo `versions` strings (CTAP 2.1 6.4; FIDO_2_2 from CTAP 2.2). */
export const CTAP_VERSIONS: readonly string[] = ['U2F_V2', 'FIDO_2_0', 'FIDO_2_1_PRE', 'FIDO_2_1', 'FIDO_2_2'];

/** FIDO Registry 3.6.1 key protection names as MDS3 spells them. */
export const KEY_PROTECTIONS: readonly string[] = ['software', 'hardware', 'tee', 'secure_element', 'remote_handle'];

/** FIDO Registry 3.1 user verification method names as MDS3 spells them. */
export const USER_VERIFICATION_METHODS: readonly string[] = [
  'presence_internal', 'fingerprint_internal', 'passcode_internal', 'voiceprint_internal', 'faceprint_internal',
  'location_internal', 'eyeprint_internal', 'pattern_internal', 'handprint_internal', 'passcode_external',
  'pattern_external', 'none', 'all',
];

/** FIDO Registry 3.6.3 attachment hint names as MDS3 spells them. */
export const ATTACHMENT_HINTS: readonly string[] = ['internal', 'external', 'wired', 'wireless', 'nfc', 'bluetooth', 'network', 'ready', 'wifi_direct'];

/** MDS3 AuthenticatorStatus values that describe a certification level (FIDO MDS3 3.1.4). */
export const CERTIFICATION_STATUSES: readonly string[] = [
  'NOT_FIDO_CERTIFIED', 'FIDO_CERTIFIED', 'FIDO_CERTIFIED_L1', 'FIDO_CERTIFIED_L1plus', 'FIDO_CERTIFIED_L2',
  'FIDO_CERTIFIED_L2plus', 'FIDO_CERTIFIED_L3', 'FIDO_CERTIFIED_L3plus',
];

/** Lowercase hyphenated UUID, the only AAGUID spelling presets use. */
export const AAGUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The all-zero AAGUID (WebAuthn L3 6.5.1: sent when attestation is `none` or the model is unknown). */
export const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
