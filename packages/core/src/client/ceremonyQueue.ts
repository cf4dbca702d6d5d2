/**
 * One WebAuthn ceremony at a time per authenticator. A ceremony is several CTAP commands
 * (getInfo, clientPIN, makeCredential / getAssertion, largeBlobs) tied together by state on the
 * authenticator (its one pinUvAuthToken, CTAP 2.1 6.5.2.1) and by the scripted user, so ceremonies
 * started concurrently on the same authenticator, from one client or several, run one after the
 * other, as a browser's request queue does with one security key.
 * @module
 */
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { WebAuthnError } from './webAuthnError.js';

/** The end of each authenticator's queue. */
const tails = new WeakMap<VirtualAuthenticator, Promise<void>>();

/** Settles when `previous` does, or rejects with AbortError when `signal` aborts first. */
function waitTurn(previous: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous;
  if (signal.aborted) return Promise.reject(new WebAuthnError('AbortError', 'the ceremony was aborted before it started', { cause: signal.reason }));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new WebAuthnError('AbortError', 'the ceremony was aborted while waiting for the authenticator', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Run `ceremony` once every ceremony queued earlier on `authenticator` has finished.
 * @param signal - aborting it while waiting rejects with AbortError and gives up the turn
 */
export async function runExclusively<T>(authenticator: VirtualAuthenticator, signal: AbortSignal | undefined, ceremony: () => Promise<T>): Promise<T> {
  const previous = tails.get(authenticator) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  tails.set(authenticator, previous.then(() => done));
  try {
    await waitTurn(previous, signal);
    return await ceremony();
  } finally {
    release();
  }
}
