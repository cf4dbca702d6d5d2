/**
 * Pieces every client ceremony shares: strict base64url input, the ceremony timeout, and the
 * channel that sends CTAP2 commands to the authenticator for one ceremony, racing its deadline and
 * AbortSignal and mapping failures to DOMException names.
 * @module
 */
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import type { CallOptions } from '../ctap2/command.js';
import type { CtapError } from '../ctap2/status.js';
import type { Ctap1Outcome } from '../ctap1/dispatch.js';
import { WebAuthnError, webAuthnErrorFromCtap } from './webAuthnError.js';

const B64U = /^[A-Za-z0-9_-]*$/;

/** Whether `value` is a base64url string (RFC 4648 section 5, no padding) as WebAuthn L3 JSON uses. */
export function isB64u(value: unknown): value is string {
  return typeof value === 'string' && B64U.test(value) && value.length % 4 !== 1;
}

/**
 * Decode a base64url member of the options.
 * @throws WebAuthnError TypeError naming the member when it is not base64url
 */
export function b64uField(value: unknown, member: string): Uint8Array {
  if (!isB64u(value)) throw new WebAuthnError('TypeError', `${member} must be a base64url string`);
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** Encode bytes as base64url. */
export function b64u(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** WebAuthn L3 5.4.1/5.5: clamp `timeout` to a sane range; browsers use minutes by default. */
export function effectiveTimeout(timeout: unknown): number {
  const DEFAULT = 300_000;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) return DEFAULT;
  return Math.min(Math.max(timeout, 15_000), 600_000);
}

/** A CTAP2 answer as the channel hands it back: status, decoded map (empty for an empty body) and the error detail. */
export interface CtapAnswer {
  status: number;
  body: CborMap;
  error: CtapError | undefined;
}

/**
 * The client's connection to the authenticator for one ceremony: every command of the ceremony
 * (getInfo, clientPIN, makeCredential/getAssertion, largeBlobs) shares one deadline and one
 * AbortSignal (WebAuthn L3 5.1.3 step 20 lifetimeTimer, 5.1.4.1 step 18). Call
 * {@link CtapChannel.close} when the ceremony ends.
 */
export class CtapChannel {
  readonly #authenticator: VirtualAuthenticator;
  readonly #ceremony: 'create' | 'get';
  readonly #call: CallOptions;
  readonly #signal: AbortSignal | undefined;
  readonly #stop: Promise<never>;
  #timer: NodeJS.Timeout | undefined;
  #onAbort: (() => void) | undefined;

  /**
   * @param authenticator - the authenticator
   * @param ceremony - which ceremony, for error messages
   * @param limits - ceremony timeout (ms), AbortSignal and how the authenticator is reached
   * @throws WebAuthnError AbortError when the signal is already aborted
   */
  constructor(authenticator: VirtualAuthenticator, ceremony: 'create' | 'get', limits: { timeoutMs: number; signal?: AbortSignal | undefined; call: CallOptions }) {
    this.#authenticator = authenticator;
    this.#ceremony = ceremony;
    this.#call = limits.call;
    const { signal } = limits;
    this.#signal = signal;
    if (signal?.aborted) throw new WebAuthnError('AbortError', 'the ceremony was aborted before it started', { cause: signal.reason });
    this.#stop = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => reject(new WebAuthnError('NotAllowedError', `the ceremony timed out after ${limits.timeoutMs} ms`)), limits.timeoutMs);
      this.#timer.unref?.();
      if (signal) {
        this.#onAbort = () => reject(new WebAuthnError('AbortError', 'the ceremony was aborted', { cause: signal.reason }));
        signal.addEventListener('abort', this.#onAbort, { once: true });
      }
    });
    // The deadline may pass while no command is in flight; the next exchange reports it.
    this.#stop.catch(() => undefined);
  }

  /**
   * Send one command and return its status and decoded body without judging the status.
   * @throws WebAuthnError AbortError or NotAllowedError (timeout); UnknownError for a body that is not a CBOR map
   */
  async exchange(command: number, params?: CborMap): Promise<CtapAnswer> {
    if (this.#signal?.aborted) throw new WebAuthnError('AbortError', 'the ceremony was aborted', { cause: this.#signal.reason });
    let request: Uint8Array;
    if (params) {
      const body = encodeCbor(params);
      request = new Uint8Array(body.length + 1);
      request.set(body, 1);
    } else {
      request = new Uint8Array(1);
    }
    request[0] = command;
    const outcome = await Promise.race([this.#authenticator.request(request, this.#call), this.#stop]);
    if (outcome.status !== 0 || outcome.body.length === 0) return { status: outcome.status, body: new Map(), error: outcome.error };
    const decoded = decodeCbor(outcome.body);
    if (!(decoded instanceof Map)) throw new WebAuthnError('UnknownError', 'authenticator response is not a CBOR map');
    return { status: 0, body: decoded, error: undefined };
  }

  /**
   * Send one CTAP1/U2F command APDU (CTAP 2.1 section 10: how a client talks to a U2F-only authenticator),
   * racing the same deadline and AbortSignal; the status word is returned, not judged.
   * @throws WebAuthnError AbortError or NotAllowedError (timeout)
   */
  async exchangeU2f(apdu: Uint8Array): Promise<Ctap1Outcome> {
    if (this.#signal?.aborted) throw new WebAuthnError('AbortError', 'the ceremony was aborted', { cause: this.#signal.reason });
    return Promise.race([this.#authenticator.requestU2f(apdu), this.#stop]);
  }

  /**
   * Send one command; a failure status becomes the DOMException a browser would raise.
   * @throws WebAuthnError mapped from the CTAP status, AbortError or NotAllowedError (timeout)
   */
  async send(command: number, params?: CborMap): Promise<CborMap> {
    const answer = await this.exchange(command, params);
    if (answer.status !== 0) throw this.failure(answer);
    return answer.body;
  }

  /** The DOMException-style error for a failed answer, optionally with a clearer description than the authenticator's. */
  failure(answer: CtapAnswer, detail?: string): WebAuthnError {
    return webAuthnErrorFromCtap(answer.status, detail ?? answer.error?.message, this.#ceremony, answer.error);
  }

  /** End the ceremony: stop the timer and the abort listener. */
  close(): void {
    clearTimeout(this.#timer);
    if (this.#signal && this.#onAbort) this.#signal.removeEventListener('abort', this.#onAbort);
  }
}
