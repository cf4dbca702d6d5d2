/**
 * Credential ids and keys: random, or derived from the authenticator seed so parallel CI shards
 * that register the same user get the same credential without sharing a store.
 * @module
 */
import { createKeyPairAsync, keyPairFromPkcs8, type KeyPair } from '../crypto/keyPair.js';
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import { deriveBytes } from '../crypto/seed.js';
import type { StoredCredential } from '../store/types.js';
import { countCredentials } from '../store/countCredentials.js';
import type { AuthenticatorState } from './command.js';

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/**
 * A new credential id and key pair. With a seed, the n-th registration of (rpId, userHandle) on a
 * preset always yields the same id and key. RSA keys are made off the event loop (crypto/rsaKeyPool.ts).
 */
export async function newCredentialKey(
  state: AuthenticatorState,
  rpId: string,
  userHandle: Uint8Array,
  alg: CredentialAlgorithm,
): Promise<{ id: Uint8Array; keyPair: KeyPair }> {
  const existing = countCredentials(state.store, { rpId, userHandle }); // indexed: no scan of the RP's credentials
  const label = `credential/${state.preset.id}/${rpId}/${b64u(userHandle)}/${alg}/${existing}`;
  const id = deriveBytes(state.seed, `${label}/id`, state.preset.credentialIdLength);
  const keyPair = await createKeyPairAsync(alg, state.seed, `${label}/key`, state.preset.rsaBits ?? 2048);
  return { id, keyPair };
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
