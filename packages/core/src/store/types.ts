/**
 * Credential records and the store interface the authenticator keeps them in.
 * @module
 */
import type { CredentialAlgorithm } from '../crypto/algorithms.js';

/** One credential as the authenticator holds it (CTAP 2.1 6.1.2 step 17, plus vfido bookkeeping). */
export interface StoredCredential {
  /** Credential id bytes. */
  id: Uint8Array;
  /** RP id the credential is scoped to; `u2f-appid-sha256:<hex>` for a CTAP1/U2F registration (ctap1/u2fCredentials.ts). */
  rpId: string;
  /** RP name as given at registration. */
  rpName?: string;
  /** User handle (WebAuthn user.id); present for every credential vfido makes except U2F registrations (U2F has no user). */
  userHandle?: Uint8Array;
  /** User name (e.g. an email). */
  userName?: string;
  /** User display name. */
  userDisplayName?: string;
  /** COSE algorithm of the key. */
  alg: CredentialAlgorithm;
  /** PKCS#8 DER private key. Never logged. */
  privateKey: Uint8Array;
  /** Signature counter last returned for this credential. */
  signCount: number;
  /** Discoverable (resident) credential. */
  discoverable: boolean;
  /** Backup eligibility flag (BE) for this credential. */
  backupEligible: boolean;
  /** Backup state flag (BS) for this credential. */
  backupState: boolean;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  /** Preset id that made it, when made by vfido. */
  preset?: string;
  /** Transports reported at registration. */
  transports?: string[];
  /** credProtect level (CTAP 2.1 12.1): 1 userVerificationOptional (default), 2 ...WithCredentialIDList, 3 userVerificationRequired. */
  credProtect?: 1 | 2 | 3;
  /** credBlob stored at registration (CTAP 2.1 12.2). */
  credBlob?: Uint8Array;
  /** largeBlobKey, 32 bytes (CTAP 2.1 12.3). Secret: never logged. */
  largeBlobKey?: Uint8Array;
  /** hmac-secret CredRandoms, 32 bytes each (CTAP 2.1 12.5). Secret: never logged. */
  hmacSecret?: { withUv: Uint8Array; withoutUv: Uint8Array };
}

/** A JSON value, for authenticator-wide settings a store persists (PIN state, config, large-blob array). */
export type StoreSettingValue = string | number | boolean | null | StoreSettingValue[] | { [key: string]: StoreSettingValue };

/** Which credentials {@link CredentialStore.count} counts; every given member must match. */
export interface CredentialCountFilter {
  /** Only this RP's credentials. */
  rpId?: string;
  /** Only credentials of this user handle (byte-wise equal). */
  userHandle?: Uint8Array;
  /** Only discoverable (true) or only non-discoverable (false) credentials. */
  discoverable?: boolean;
}

/**
 * Where an authenticator keeps credentials. Implementations must be safe against partial writes:
 * a failed `put` leaves the previous content intact.
 */
export interface CredentialStore {
  /** All credentials, or those of one RP, newest first. */
  list(filter?: { rpId?: string }): StoredCredential[];
  /** The credential with this id, if any. */
  get(id: Uint8Array): StoredCredential | undefined;
  /** Insert or replace (same id) a credential. */
  put(credential: StoredCredential): void;
  /** Remove a credential; true when it existed. */
  delete(id: Uint8Array): boolean;
  /**
   * Optional: how many credentials match `filter` (the number filtering `list` would give), without
   * listing them. Indexed stores answer in constant time; the authenticator scans `list` when a store
   * has no `count` (see countCredentials).
   */
  count?(filter?: CredentialCountFilter): number;
  /** Set a credential's signature counter. */
  setSignCount(id: Uint8Array, signCount: number): void;
  /** Authenticator-wide counters (e.g. the global signature counter), persisted with the credentials. */
  counter(name: string): number;
  /** Set an authenticator-wide counter. */
  setCounter(name: string, value: number): void;
  /** An authenticator-wide setting (e.g. the PIN state), persisted with the credentials. */
  setting(name: string): StoreSettingValue | undefined;
  /** Set (or, with undefined, remove) an authenticator-wide setting. */
  setSetting(name: string, value: StoreSettingValue | undefined): void;
  /** Remove every credential, counter and setting (authenticatorReset). */
  clear(): void;
}
