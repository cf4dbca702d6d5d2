/**
 * Fuzz target: authenticatorSelection (0x0b, CTAP 2.1 6.9) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorSelection (0x0b): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0xa0)],
};

/** Send one mutated authenticatorSelection request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x0b, data);
}
