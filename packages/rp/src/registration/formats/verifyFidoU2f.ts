/**
 * `fido-u2f` attestation (WebAuthn L3 8.6; FIDO U2F Raw Message Formats 4.3): the attestation certificate's
 * P-256 key signs 0x00 || rpIdHash || clientDataHash || credentialId || 0x04 || x || y.
 * @module
 */
import { coseAlgorithm } from '../../cose/algorithms.js';
import { verifySignature } from '../../crypto/verifySignature.js';
import { concatBytes } from '../../encoding/bytes.js';
import { badSignature, malformed, stmtBytes, stmtX5c } from './attStmtFields.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'fido-u2f';

const ES256 = coseAlgorithm(-7)!;

/**
 * Verifies a `fido-u2f` attestation statement.
 * @returns type `basic` with the single-certificate trust path
 * @throws VerificationError ERR_ATTESTATION_MALFORMED, ERR_ATTESTATION_SIGNATURE
 */
export function verifyFidoU2f({ attStmt, authData, attested, credentialKey, clientDataHash }: AttestationInput): AttestationOutput {
  const sig = stmtBytes(FORMAT, attStmt, 'sig');
  const x5c = stmtX5c(FORMAT, attStmt, 1); // step 2: exactly one element
  const [cert] = x5c;
  const details = cert.publicKey.asymmetricKeyDetails;
  if (cert.publicKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw malformed(FORMAT, 'attestation certificate key must be EC P-256');
  }
  // Step 4: the credential key must be ES256 on P-256 with 32-byte coordinates.
  const { x, y } = credentialKey;
  if (credentialKey.alg !== -7 || credentialKey.crv !== 1 || x?.byteLength !== 32 || y?.byteLength !== 32) {
    throw malformed(FORMAT, 'credential public key must be ES256 on P-256');
  }
  // Step 5: verificationData.
  const data = concatBytes(
    Uint8Array.of(0x00),
    authData.rpIdHash,
    clientDataHash,
    attested.credentialId,
    Uint8Array.of(0x04),
    x,
    y,
  );
  if (!verifySignature(ES256, cert.publicKey, data, sig)) {
    throw badSignature(FORMAT, 'signature over the U2F registration data does not verify');
  }
  return { type: 'basic', trustPath: x5c };
}
