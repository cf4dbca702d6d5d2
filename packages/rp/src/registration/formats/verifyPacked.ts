/**
 * `packed` attestation (WebAuthn L3 8.2): full (x5c) or self attestation over authenticatorData || clientDataHash.
 * @module
 */
import { coseAlgorithmName } from '../../cose/algorithms.js';
import { keyFitsAlgorithm, verifySignature } from '../../crypto/verifySignature.js';
import { concatBytes } from '../../encoding/bytes.js';
import { badSignature, hasX5c, malformed, stmtAlg, stmtBytes, stmtX5c } from './attStmtFields.js';
import { checkPackedCertificate } from './checkPackedCertificate.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'packed';

/**
 * Verifies a `packed` attestation statement.
 * @returns type `basic` with the x5c trust path (Basic and AttCA cannot be told apart without metadata), or `self`
 * @throws VerificationError ERR_ATTESTATION_MALFORMED, ERR_ATTESTATION_SIGNATURE, ERR_ATTESTATION_UNSUPPORTED
 */
export function verifyPacked({ attStmt, authData, attested, credentialKey, clientDataHash }: AttestationInput): AttestationOutput {
  const algorithm = stmtAlg(FORMAT, attStmt);
  const sig = stmtBytes(FORMAT, attStmt, 'sig');
  const signed = concatBytes(authData.raw, clientDataHash);

  if (hasX5c(attStmt)) {
    const x5c = stmtX5c(FORMAT, attStmt);
    const [leaf] = x5c;
    if (!keyFitsAlgorithm(leaf.publicKey, algorithm)) {
      throw malformed(FORMAT, `attestation certificate key (${leaf.publicKey.asymmetricKeyType}) cannot verify ${coseAlgorithmName(algorithm.alg)}`);
    }
    if (!verifySignature(algorithm, leaf.publicKey, signed, sig)) {
      throw badSignature(FORMAT, 'signature does not verify with the attestation certificate key');
    }
    checkPackedCertificate(FORMAT, leaf, attested.aaguid);
    return { type: 'basic', trustPath: x5c };
  }

  // Self attestation: alg must be the credential key's alg, and the credential key signs.
  if (algorithm.alg !== credentialKey.alg) {
    throw malformed(FORMAT, `self attestation alg ${coseAlgorithmName(algorithm.alg)} differs from credential key alg ${coseAlgorithmName(credentialKey.alg)}`);
  }
  if (!verifySignature(algorithm, credentialKey.keyObject, signed, sig)) {
    throw badSignature(FORMAT, 'self attestation signature does not verify with the credential public key');
  }
  return { type: 'self', trustPath: [] };
}
