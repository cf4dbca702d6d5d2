/**
 * `tpm` attestation (WebAuthn L3 8.3): the AIK signs certInfo (TPMS_ATTEST), which certifies pubArea
 * (TPMT_PUBLIC, the credential key) and binds extraData = hash(authenticatorData || clientDataHash).
 * @module
 */
import { coseAlgorithmName } from '../../cose/algorithms.js';
import type { CosePublicKey } from '../../cose/parseCoseKey.js';
import { digest } from '../../crypto/hash.js';
import { keyFitsAlgorithm, verifySignature } from '../../crypto/verifySignature.js';
import { bytesEqual, concatBytes } from '../../encoding/bytes.js';
import { badSignature, malformed, stmtAlg, stmtBytes, stmtText, stmtX5c } from './attStmtFields.js';
import { checkAaguidExtension } from './checkPackedCertificate.js';
import { checkAikCertificate } from './tpm/checkAikCertificate.js';
import { TPM_ECC_TO_COSE_CURVE, TPM_GENERATED_VALUE, TPM_HASH, TPM_ST_ATTEST_CERTIFY } from './tpm/constants.js';
import { parseCertInfo, type TpmCertInfo } from './tpm/parseCertInfo.js';
import { parsePubArea, type TpmPublicArea } from './tpm/parsePubArea.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'tpm';

/**
 * Verifies a `tpm` attestation statement (RS1, i.e. alg -65535, is accepted here as Windows Hello uses it).
 * @returns type `attca` with the x5c trust path
 * @throws VerificationError ERR_ATTESTATION_MALFORMED, ERR_ATTESTATION_SIGNATURE, ERR_ATTESTATION_UNSUPPORTED
 */
export function verifyTpm({ attStmt, authData, attested, credentialKey, clientDataHash }: AttestationInput): AttestationOutput {
  if (stmtText(FORMAT, attStmt, 'ver') !== '2.0') throw malformed(FORMAT, "attStmt.ver must be '2.0'");
  const algorithm = stmtAlg(FORMAT, attStmt);
  if (!algorithm.hash) throw malformed(FORMAT, `alg ${coseAlgorithmName(algorithm.alg)} has no hash for extraData`);
  const sig = stmtBytes(FORMAT, attStmt, 'sig');
  const pubAreaBytes = stmtBytes(FORMAT, attStmt, 'pubArea');
  const certInfoBytes = stmtBytes(FORMAT, attStmt, 'certInfo');

  let pubArea: TpmPublicArea;
  let certInfo: TpmCertInfo;
  try {
    pubArea = parsePubArea(pubAreaBytes);
    certInfo = parseCertInfo(certInfoBytes);
  } catch (cause) {
    throw malformed(FORMAT, cause instanceof Error ? cause.message : 'pubArea or certInfo is malformed', cause);
  }
  // The key in pubArea is the credential public key.
  checkPubAreaMatches(pubArea, credentialKey);

  // certInfo: magic, type, extraData, attested name.
  if (certInfo.magic !== TPM_GENERATED_VALUE) throw malformed(FORMAT, 'certInfo.magic is not TPM_GENERATED_VALUE');
  if (certInfo.type !== TPM_ST_ATTEST_CERTIFY) throw malformed(FORMAT, 'certInfo.type is not TPM_ST_ATTEST_CERTIFY');
  const attToBeSigned = concatBytes(authData.raw, clientDataHash);
  if (!bytesEqual(certInfo.extraData, digest(algorithm.hash, attToBeSigned))) {
    throw badSignature(FORMAT, `certInfo.extraData is not the ${algorithm.hash} of authenticatorData || clientDataHash`);
  }
  const nameHash = TPM_HASH[pubArea.nameAlg];
  if (!nameHash) throw malformed(FORMAT, `pubArea.nameAlg 0x${pubArea.nameAlg.toString(16)} is not supported`);
  const expectedName = concatBytes(pubAreaBytes.subarray(2, 4), digest(nameHash, pubAreaBytes));
  if (!bytesEqual(certInfo.attestedName, expectedName)) throw malformed(FORMAT, 'certInfo.attested.name is not the name of pubArea');

  // AIK certificate and the signature over certInfo.
  const x5c = stmtX5c(FORMAT, attStmt);
  const [aikCert] = x5c;
  checkAikCertificate(aikCert);
  checkAaguidExtension(FORMAT, aikCert, attested.aaguid, false);
  if (!keyFitsAlgorithm(aikCert.publicKey, algorithm)) {
    throw malformed(FORMAT, `AIK certificate key cannot verify ${coseAlgorithmName(algorithm.alg)}`);
  }
  if (!verifySignature(algorithm, aikCert.publicKey, certInfoBytes, sig)) {
    throw badSignature(FORMAT, 'signature over certInfo does not verify with the AIK certificate key');
  }
  return { type: 'attca', trustPath: x5c };
}

function checkPubAreaMatches(pubArea: TpmPublicArea, key: CosePublicKey): void {
  const { key: tpmKey } = pubArea;
  if (tpmKey.type === 'rsa') {
    const e = key.e ? Number(BigInt(`0x${Buffer.from(key.e).toString('hex')}`)) : NaN;
    if (key.kty !== 3 || !key.n || !bytesEqual(tpmKey.modulus, key.n) || tpmKey.exponent !== e) {
      throw malformed(FORMAT, 'pubArea RSA key is not the credential public key');
    }
    return;
  }
  if (
    key.kty !== 2 ||
    TPM_ECC_TO_COSE_CURVE[tpmKey.curveId] !== key.crv ||
    !key.x ||
    !key.y ||
    !bytesEqual(tpmKey.x, key.x) ||
    !bytesEqual(tpmKey.y, key.y)
  ) {
    throw malformed(FORMAT, 'pubArea ECC key is not the credential public key');
  }
}
