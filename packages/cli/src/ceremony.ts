/**
 * What `vfido create` and `vfido get` share: the authenticator and its credential store.
 * @module
 */
import { FileCredentialStore, MemoryCredentialStore, VirtualAuthenticator, type CredentialStore } from '@vfido/core';

/** Open the `--store` file, or an in-memory store when none is given. */
export function openStore(path: string | undefined): CredentialStore {
  return path === undefined ? new MemoryCredentialStore() : new FileCredentialStore(path);
}

/** The virtual authenticator for a ceremony. */
export function authenticatorFor(preset: string, store: CredentialStore, seed: string | undefined): VirtualAuthenticator {
  return new VirtualAuthenticator({ preset, store, ...(seed === undefined ? {} : { seed }) });
}
