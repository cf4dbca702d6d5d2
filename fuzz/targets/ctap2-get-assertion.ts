/**
 * Fuzz target: authenticatorGetAssertion (0x02, CTAP 2.1 6.2) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorGetAssertion (0x02): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: ['public-key', 'up', 'uv', 'id', 'type', 'hmac-secret', 'credBlob', 'largeBlobKey', 'example.com', 'other.example'],
};

/** Send one mutated authenticatorGetAssertion request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x02, data);
}
