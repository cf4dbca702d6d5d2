/**
 * `android-key` attestation (WebAuthn L3 8.4, 8.4.1; Android Key Attestation schema, extension
 * 1.3.6.1.4.1.11129.2.1.17 `KeyDescription`).
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { KeyDescription, id_ce_keyDescription, type AuthorizationList } from '@peculiar/asn1-android';
import { findExtension } from '../../cert/parseCertificate.js';
import { coseAlgorithmName } from '../../cose/algorithms.js';
import { keyFitsAlgorithm, verifySignature } from '../../crypto/verifySignature.js';
import { bytesEqual, concatBytes } from '../../encoding/bytes.js';
import { badSignature, malformed, stmtAlg, stmtBytes, stmtX5c } from './attStmtFields.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'android-key';

/** Keymaster/KeyMint `KeyOrigin.GENERATED`: the key was generated inside the secure environment. */
export const KM_ORIGIN_GENERATED = 0;
/** Keymaster/KeyMint `KeyPurpose.SIGN`. */
export const KM_PURPOSE_SIGN = 2;

/**
 * Verifies an `android-key` attestation statement.
 * Origin and purpose are read from `teeEnforced` (KeyMint: `hardwareEnforced`) only, so keys that are not
 * hardware-backed are rejected.
 * @returns type `basic` with the x5c trust path
 * @throws VerificationError ERR_ATTESTATION_MALFORMED, ERR_ATTESTATION_SIGNATURE, ERR_ATTESTATION_UNSUPPORTED
 */
export function verifyAndroidKey({ attStmt, authData, credentialKey, clientDataHash }: AttestationInput): AttestationOutput {
  const algorithm = stmtAlg(FORMAT, attStmt);
  const sig = stmtBytes(FORMAT, attStmt, 'sig');
  const x5c = stmtX5c(FORMAT, attStmt);
  const [credCert] = x5c;

  // The first certificate's key is the credential key, and it signs authenticatorData || clientDataHash.
  if (!credCert.publicKey.equals(credentialKey.keyObject)) {
    throw malformed(FORMAT, 'attestation certificate public key is not the credential public key');
  }
  if (!keyFitsAlgorithm(credCert.publicKey, algorithm)) {
    throw malformed(FORMAT, `attestation certificate key cannot verify ${coseAlgorithmName(algorithm.alg)}`);
  }
  if (!verifySignature(algorithm, credCert.publicKey, concatBytes(authData.raw, clientDataHash), sig)) {
    throw badSignature(FORMAT, 'signature does not verify with the credential public key');
  }

  const ext = findExtension(credCert, id_ce_keyDescription);
  if (!ext) throw malformed(FORMAT, `attestation certificate has no key description extension ${id_ce_keyDescription}`);
  let description: KeyDescription;
  try {
    description = AsnConvert.parse(ext.value, KeyDescription);
  } catch (cause) {
    throw malformed(FORMAT, 'key description extension is malformed', cause);
  }
  if (!bytesEqual(new Uint8Array(description.attestationChallenge.buffer), clientDataHash)) {
    throw badSignature(FORMAT, 'attestationChallenge is not the clientDataHash');
  }
  const { softwareEnforced, teeEnforced } = description;
  if (softwareEnforced.allApplications !== undefined || teeEnforced.allApplications !== undefined) {
    throw malformed(FORMAT, 'key is usable by all applications (allApplications present); it must be scoped to the RP');
  }
  checkTeeEnforced(teeEnforced);
  return { type: 'basic', trustPath: x5c };
}

function checkTeeEnforced(tee: AuthorizationList): void {
  if (tee.origin !== KM_ORIGIN_GENERATED) {
    throw malformed(FORMAT, `teeEnforced origin is ${String(tee.origin)}; KM_ORIGIN_GENERATED (0) required (key not generated in the TEE)`);
  }
  const purposes = tee.purpose ? [...tee.purpose] : [];
  if (purposes.length === 0 || purposes.some((p) => p !== KM_PURPOSE_SIGN)) {
    throw malformed(FORMAT, `teeEnforced purpose is [${purposes.join(', ')}]; KM_PURPOSE_SIGN (2) required`);
  }
}
