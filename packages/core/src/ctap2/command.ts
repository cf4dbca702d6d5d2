/**
 * CTAP2 command bytes (CTAP 2.1 section 6) and the handler contract shared by the command files.
 * @module
 */
import type { CborMap } from '../cbor/types.js';
import type { KeyPair } from '../crypto/keyPair.js';
import type { Preset } from '../presets/types.js';
import type { CredentialStore, StoredCredential } from '../store/types.js';
import type { ScriptedUser } from '../user/scriptedUser.js';
import type { PinUvRuntime } from './pinUv/pinUvAuthToken.js';

/** Authenticator API command bytes (CTAP 2.1 6, 6.x tables). */
export const CtapCommand = {
  MakeCredential: 0x01,
  GetAssertion: 0x02,
  GetInfo: 0x04,
  ClientPIN: 0x06,
  Reset: 0x07,
  GetNextAssertion: 0x08,
  BioEnrollment: 0x09,
  CredentialManagement: 0x0a,
  Selection: 0x0b,
  LargeBlobs: 0x0c,
  Config: 0x0d,
} as const;

/** How the platform reached the authenticator for this call (vfido-specific, not on the wire). */
export interface CallOptions {
  /** `hybrid` for a cross-device (FIDO CDA) ceremony with a phone preset. */
  via?: 'direct' | 'hybrid';
}

/** Assertions left to hand out with authenticatorGetNextAssertion (CTAP 2.1 6.3). */
export interface PendingAssertions {
  rpId: string;
  clientDataHash: Uint8Array;
  credentials: StoredCredential[];
  flags: { up: boolean; uv: boolean };
  extensions: CborMap | undefined;
  expiresAt: number;
  total: number;
}

/** The mutable state every command handler works on. */
export interface AuthenticatorState {
  readonly preset: Preset;
  readonly aaguid: Uint8Array;
  readonly store: CredentialStore;
  readonly user: ScriptedUser;
  readonly seed: string | undefined;
  /**
   * Parsed private keys per stored credential record, so signing never re-parses PKCS#8. Keyed by
   * the record object: replacing a credential in the store (same id, new key) cannot hit a stale key.
   */
  readonly keys: WeakMap<StoredCredential, KeyPair>;
  /** When the authenticator was last powered up (ms), for the reset window (CTAP 2.1 6.6). */
  poweredUpAt: number;
  pending: PendingAssertions | undefined;
  /** Volatile PIN/UV state (key agreement, pinUvAuthToken, consecutive failures): new at every power-up. */
  pinUv: PinUvRuntime;
}

/**
 * A command handler: decoded parameters in, response map out (undefined for an empty response).
 * A handler that never waits (e.g. for an account chooser) may answer synchronously, sparing the
 * hot path a promise; failures are thrown (or rejected) as CtapError either way.
 */
export type CommandHandler = (
  state: AuthenticatorState,
  params: CborMap,
  options: CallOptions,
) => CborMap | undefined | Promise<CborMap | undefined>;
