/**
 * Pieces every client ceremony shares: strict base64url input, timeout and AbortSignal racing, and
 * sending a CTAP2 command to the authenticator with its error mapped to a DOMException name.
 * @module
 */
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import type { CallOptions } from '../ctap2/command.js';
import { WebAuthnError, webAuthnErrorFromCtap } from './webAuthnError.js';

const B64U = /^[A-Za-z0-9_-]*$/;

/**
 * Decode a base64url member of the options.
 * @throws WebAuthnError TypeError naming the member when it is not base64url
 */
export function b64uField(value: unknown, member: string): Uint8Array {
  if (typeof value !== 'string' || !B64U.test(value) || value.length % 4 === 1) {
    throw new WebAuthnError('TypeError', `${member} must be a base64url string`);
  }
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

/**
 * Send one CTAP2 command and decode its response map, racing the ceremony timeout and the abort signal.
 * @throws WebAuthnError AbortError, NotAllowedError (timeout or CTAP failure) or the mapped DOMException
 */
export async function callAuthenticator(
  authenticator: VirtualAuthenticator,
  command: number,
  params: CborMap,
  ceremony: 'create' | 'get',
  limits: { timeoutMs: number; signal?: AbortSignal | undefined; call: CallOptions },
): Promise<CborMap> {
  const { signal } = limits;
  if (signal?.aborted) throw new WebAuthnError('AbortError', 'the ceremony was aborted before it started', { cause: signal.reason });
  const body = encodeCbor(params);
  const request = new Uint8Array(body.length + 1);
  request[0] = command;
  request.set(body, 1);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WebAuthnError('NotAllowedError', `the ceremony timed out after ${limits.timeoutMs} ms`)), limits.timeoutMs);
    timer.unref?.();
    if (signal) {
      onAbort = () => reject(new WebAuthnError('AbortError', 'the ceremony was aborted', { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    const outcome = await Promise.race([authenticator.request(request, limits.call), stop]);
    if (outcome.status !== 0) throw webAuthnErrorFromCtap(outcome.status, outcome.error?.message, ceremony, outcome.error);
    const decoded = decodeCbor(outcome.body);
    if (!(decoded instanceof Map)) throw new WebAuthnError('UnknownError', 'authenticator response is not a CBOR map');
    return decoded;
  } finally {
    clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The user-verification option for CTAP from the RP's requirement and the model (WebAuthn L3 5.1.3 step 20). */
export function wantUserVerification(requirement: unknown, capable: boolean, byDefault: boolean, ceremony: 'create' | 'get'): boolean {
  const req = requirement ?? 'preferred';
  if (req === 'required') {
    if (!capable) {
      throw new WebAuthnError('NotAllowedError', `userVerification is required but this authenticator cannot verify users (no ${ceremony === 'create' ? 'registration' : 'sign-in'} possible)`);
    }
    return true;
  }
  if (req === 'discouraged') return false;
  return capable && byDefault;
}
