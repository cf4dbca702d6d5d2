/**
 * The `shim` backend contract every driver shares: the {@link ShimSession} answers every ceremony from the vfido
 * store and the scripted user, so store and user changes need no push to the browser; a driver adds only how it
 * stops putting its channel and page script into new documents.
 * @module
 */
import type { Backend, ConditionalChoice } from './types.js';
import type { ShimSession } from './shimSession.js';

/** A driver's `shim` backend: everything but {@link SessionBackend.stop}. */
export abstract class SessionBackend implements Backend {
  readonly name = 'shim' as const;
  /** The session answering this attachment's ceremonies. */
  protected readonly session: ShimSession;

  protected constructor(session: ShimSession) {
    this.session = session;
  }

  /** The store is read on every ceremony: nothing to push. */
  async credentialAdded(): Promise<void> {}

  /** The store is read on every ceremony: nothing to push. */
  async credentialRemoved(): Promise<void> {}

  /** The scripted user carries the state: nothing to push. */
  async userChanged(): Promise<void> {}

  /** Every page is served as it appears: nothing to wait for. */
  async ready(): Promise<void> {}

  /** Answer (or dismiss) pending conditional requests; resolves with how many were answered. */
  async completeConditional(choice: ConditionalChoice): Promise<number> {
    return this.session.completeConditional(choice);
  }

  /** Close the session (pending requests end with AbortError, documents already loaded get "passthrough"), then {@link stop}. */
  async detach(): Promise<void> {
    this.session.close();
    await this.stop();
  }

  /** Stop serving new documents (remove the driver's page script and channel where the protocol allows). */
  protected abstract stop(): Promise<void>;
}
