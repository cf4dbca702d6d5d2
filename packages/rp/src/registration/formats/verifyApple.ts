/**
 * `apple` anonymous attestation (WebAuthn L3 8.8): credCert carries nonce = SHA-256(authenticatorData ||
 * clientDataHash) in extension 1.2.840.113635.100.8.2 as SEQUENCE { [1] EXPLICIT OCTET STRING }, and its
 * subject public key is the credential public key.
 * @module
 */
import { DerTag, readOnlyDer } from '../../cert/der.js';
import { findExtension } from '../../cert/parseCertificate.js';
import { sha256 } from '../../crypto/hash.js';
import { bytesEqual } from '../../encoding/bytes.js';
import { badSignature, malformed, stmtX5c } from './attStmtFields.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'apple';

/** OID of Apple's anonymous attestation nonce extension. */
export const APPLE_NONCE_OID = '1.2.840.113635.100.8.2';

/**
 * Verifies an `apple` attestation statement.
 * @returns type `anonca` with the x5c trust path
 * @throws VerificationError ERR_ATTESTATION_MALFORMED (missing nonce, key mismatch), ERR_ATTESTATION_SIGNATURE (wrong nonce)
 */
export function verifyApple({ attStmt, authData, credentialKey, clientDataHash }: AttestationInput): AttestationOutput {
  const x5c = stmtX5c(FORMAT, attStmt);
  const [credCert] = x5c;
  const ext = findExtension(credCert, APPLE_NONCE_OID);
  if (!ext) throw malformed(FORMAT, `credCert has no nonce extension ${APPLE_NONCE_OID}`);
  let nonce: Uint8Array;
  try {
    const seq = readOnlyDer(ext.value, DerTag.SEQUENCE);
    nonce = readOnlyDer(readOnlyDer(seq, DerTag.CONTEXT_1), DerTag.OCTET_STRING);
  } catch (cause) {
    throw malformed(FORMAT, 'credCert nonce extension is malformed', cause);
  }
  // Steps 2-4.
  if (!bytesEqual(nonce, sha256(authData.raw, clientDataHash))) {
    throw badSignature(FORMAT, 'credCert nonce is not SHA-256(authenticatorData || clientDataHash)');
  }
  // Step 5.
  if (!credCert.publicKey.equals(credentialKey.keyObject)) {
    throw malformed(FORMAT, 'credCert public key is not the credential public key');
  }
  return { type: 'anonca', trustPath: x5c };
}
