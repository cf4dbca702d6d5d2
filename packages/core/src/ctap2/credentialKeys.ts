/**
 * Credential ids and keys: random, or derived from the authenticator seed so parallel CI shards
 * that register the same user get the same credential without sharing a store.
 * @module
 */
import { createKeyPair, createKeyPairAsync, keyPairFromPkcs8, type KeyPair } from '../crypto/keyPair.js';
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import { deriveBytes } from '../crypto/seed.js';
import type { StoredCredential } from '../store/types.js';
import { countCredentials } from '../store/countCredentials.js';
import type { AuthenticatorState } from './command.js';

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/** A new credential's id and key pair. */
export interface NewCredentialKey {
  readonly id: Uint8Array;
  readonly keyPair: KeyPair;
}

/**
 * A new credential id and key pair. With a seed, the n-th registration of (rpId, userHandle) on a
 * preset always yields the same id and key. RSA keys are made off the event loop (crypto/rsaKeyPool.ts),
 * so they come as a promise; other keys are made at once (no promise, no microtask hop).
 */
export function newCredentialKey(
  state: AuthenticatorState,
  rpId: string,
  userHandle: Uint8Array,
  alg: CredentialAlgorithm,
): NewCredentialKey | Promise<NewCredentialKey> {
  const existing = countCredentials(state.store, { rpId, userHandle }); // indexed: no scan of the RP's credentials
  const label = `credential/${state.preset.id}/${rpId}/${b64u(userHandle)}/${alg}/${existing}`;
  const id = deriveBytes(state.seed, `${label}/id`, state.preset.credentialIdLength);
  const bits = state.preset.rsaBits ?? 2048;
  if (alg === -257) return createKeyPairAsync(alg, state.seed, `${label}/key`, bits).then((keyPair) => ({ id, keyPair }));
  return { id, keyPair: createKeyPair(alg, state.seed, `${label}/key`, bits) };
}

/** The key pair of a stored credential, parsed once and cached. */
export function credentialKeyPair(state: AuthenticatorState, credential: StoredCredential): KeyPair {
  let pair = state.keys.get(credential);
  if (!pair) {
    pair = keyPairFromPkcs8(credential.alg, credential.privateKey);
    state.keys.set(credential, pair);
  }
  return pair;
}
