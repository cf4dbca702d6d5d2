/**
 * Fuzz target: authenticatorClientPIN (0x06, CTAP 2.1 6.5) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorClientPIN (0x06): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0x01, 0x01), Uint8Array.of(0x01, 0x02), Uint8Array.of(0x02, 0x01), Uint8Array.of(0x02, 0x02), Uint8Array.of(0x02, 0x09), Uint8Array.of(0x09, 0x01), Uint8Array.of(0x0a), 'rpId'],
};

/** Send one mutated authenticatorClientPIN request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x06, data);
}
