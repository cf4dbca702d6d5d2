/**
 * Attestation statement format registry (WebAuthn L3 7.1 step 21: "Determine the attestation statement format
 * by performing a USASCII case-sensitive match on fmt against the set of supported ... identifiers").
 * @module
 */
import * as androidKey from './verifyAndroidKey.js';
import * as androidSafetyNet from './verifyAndroidSafetyNet.js';
import * as apple from './verifyApple.js';
import * as fidoU2f from './verifyFidoU2f.js';
import * as none from './verifyNone.js';
import * as packed from './verifyPacked.js';
import * as tpm from './verifyTpm.js';
import type { AttestationVerifier } from './types.js';

const registry: ReadonlyMap<string, AttestationVerifier> = new Map<string, AttestationVerifier>([
  [packed.FORMAT, packed.verifyPacked],
  [tpm.FORMAT, tpm.verifyTpm],
  [androidKey.FORMAT, androidKey.verifyAndroidKey],
  [androidSafetyNet.FORMAT, androidSafetyNet.verifyAndroidSafetyNet],
  [fidoU2f.FORMAT, fidoU2f.verifyFidoU2f],
  [apple.FORMAT, apple.verifyApple],
  [none.FORMAT, none.verifyNone],
]);

/** The verification procedure for `fmt` (case-sensitive), or `undefined` when the format is not supported. */
export function attestationVerifierFor(fmt: string): AttestationVerifier | undefined {
  return registry.get(fmt);
}

/** Identifiers of every supported attestation statement format. */
export const SUPPORTED_FORMATS: readonly string[] = [...registry.keys()];
