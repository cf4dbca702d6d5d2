/**
 * Signature counter per the preset's counter mode (WebAuthn L3 6.1.1).
 * @module
 */
import type { AuthenticatorState } from './command.js';
import type { StoredCredential } from '../store/types.js';

const MAX = 0xffffffff;

/**
 * The counter value for the next signature by `credential` (undefined: a credential being created),
 * persisted in the store before it is returned so a crash never lets a counter go backwards.
 */
export function nextSignCount(state: AuthenticatorState, credential: StoredCredential | undefined): number {
  switch (state.preset.counter) {
    case 'zero':
      return 0;
    case 'global': {
      const value = Math.min(state.store.counter('global') + 1, MAX);
      state.store.setCounter('global', value);
      return value;
    }
    case 'timestamp': {
      // Chrome on Mac reports Unix seconds; kept strictly increasing so fast tests do not look like clones.
      const previous = credential?.signCount ?? 0;
      return Math.min(Math.max(Math.floor(Date.now() / 1000), previous + 1), MAX);
    }
    case 'per-credential':
      return credential ? Math.min(credential.signCount + 1, MAX) : 0;
  }
}
