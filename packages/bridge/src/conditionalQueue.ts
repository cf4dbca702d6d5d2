/**
 * Conditional mediation (WebAuthn L3 5.1.4, `mediation: 'conditional'`, passkey autofill): the request
 * waits until the simulated user picks a passkey from the autofill list, or the page aborts.
 * @module
 */
import { WebAuthnError, type PublicKeyCredentialRequestOptionsJSON } from '@vfido/core';
import type { ConditionalChoice } from './types.js';

interface Waiting {
  options: PublicKeyCredentialRequestOptionsJSON;
  resolve(options: PublicKeyCredentialRequestOptionsJSON): void;
  reject(error: WebAuthnError): void;
}

/** Pending conditional requests, answered by the test. */
export class ConditionalQueue {
  readonly #mode: 'manual' | 'immediate';
  readonly #waiting = new Set<Waiting>();

  /** @param mode - `immediate` answers at once, `manual` waits for {@link ConditionalQueue.complete} */
  constructor(mode: 'manual' | 'immediate') {
    this.#mode = mode;
  }

  /** How many requests are waiting. */
  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Wait for the user's pick.
   * @returns the request options to run (narrowed to the picked credential, if any)
   * @throws WebAuthnError AbortError when the page aborts
   */
  wait(options: PublicKeyCredentialRequestOptionsJSON, signal: AbortSignal): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (signal.aborted) return Promise.reject(new WebAuthnError('AbortError', 'the conditional request was aborted'));
    if (this.#mode === 'immediate') return Promise.resolve(options);
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        options,
        resolve: (o) => {
          signal.removeEventListener('abort', onAbort);
          resolve(o);
        },
        reject,
      };
      const onAbort = (): void => {
        this.#waiting.delete(entry);
        reject(new WebAuthnError('AbortError', 'the conditional request was aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.add(entry);
    });
  }

  /**
   * Answer every waiting request: the simulated user picks `credentialId` (or the first match).
   * With `dismiss`, requests stay pending, as when the user ignores the autofill list.
   * @returns how many requests were answered
   */
  complete(choice: ConditionalChoice = {}): number {
    if (choice.dismiss) return 0;
    const all = [...this.#waiting];
    this.#waiting.clear();
    for (const w of all) {
      const options = choice.credentialId ? { ...w.options, allowCredentials: [{ type: 'public-key', id: choice.credentialId }] } : w.options;
      w.resolve(options);
    }
    return all.length;
  }

  /** Reject every waiting request (detach). */
  abortAll(): void {
    for (const w of this.#waiting) w.reject(new WebAuthnError('AbortError', 'vfido was detached'));
    this.#waiting.clear();
  }
}
