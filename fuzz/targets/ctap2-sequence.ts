/**
 * Fuzz target: a session of up to six whole CTAP2 requests (command byte + CBOR) sent to one
 * authenticator in order, so state carried between commands (pending assertions, PIN retries,
 * tokens, credentials made and deleted, reset) meets mutated requests. Each request is checked as
 * in harness/ctap2.ts; the command bytes include ones the device does not implement. The presets
 * offer no RS256 here (RSA key generation would dominate); ctap2-make-credential covers it.
 * @module
 */
import { splitParts } from '../engine/parts.js';
import type { TargetOptions } from '../engine/target.js';
import { checkedRequest, freshAuthenticator, selection } from '../harness/ctap2.js';
import type { VirtualAuthenticator } from '../../packages/core/src/index.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'sessions of up to six CTAP2 requests on one authenticator: every request checked',
  parts: ['bytes', 'ctap', 'ctap', 'ctap', 'ctap', 'ctap', 'ctap'],
  maxLen: 16384,
  dictionary: [Uint8Array.of(0x01), Uint8Array.of(0x02), Uint8Array.of(0x04), Uint8Array.of(0x06), Uint8Array.of(0x07), Uint8Array.of(0x08), Uint8Array.of(0x09), Uint8Array.of(0x0a), Uint8Array.of(0x0b), Uint8Array.of(0x0c), Uint8Array.of(0x0d), Uint8Array.of(0x41)],
  quickSeconds: 4,
  timeoutMs: 10_000, // six requests, some makeCredentials, on a loaded machine
};

/** Send the requests of one session in order. */
export async function fuzz(data: Buffer): Promise<void> {
  const [selector, ...requests] = splitParts(data, 7) as Uint8Array[];
  const sel = selection(selector?.[0] ?? 0);
  const authenticator = await freshAuthenticator(sel, { rsa: false });
  const sent: Uint8Array[] = [];
  const replay = async (): Promise<VirtualAuthenticator> => {
    const twin = await freshAuthenticator(sel, { rsa: false });
    for (const r of sent.slice(0, -1)) await twin.handle(r);
    return twin;
  };
  for (const request of requests) {
    if (request.length === 0) continue;
    sent.push(request);
    await checkedRequest(authenticator, request, sel, replay);
  }
}
