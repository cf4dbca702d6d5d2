/**
 * The `tpm` attestation statement format (WebAuthn L3 8.3), as Windows Hello produces it:
 * the credential key's TPMT_PUBLIC (`pubArea`), a TPMS_ATTEST from TPM2_Certify of that key by the
 * AIK (`certInfo`, extraData = hash of authData || clientDataHash), the AIK's signature over
 * certInfo (`sig`), and `x5c` = [AIK certificate, vendor test CA intermediate].
 *
 * ```
 * attStmt = { ver: "2.0", alg, x5c: [aikCert, intermediate], sig, certInfo, pubArea }
 * ```
 * `alg` is the preset's `statementAlg` (Windows Hello: -65535, RSASSA-PKCS1-v1_5 with SHA-1),
 * defaulting to -257 (SHA-256); it picks both the extraData hash and the signature hash.
 * @module
 */
import { createHash } from 'node:crypto';
import { signWith } from '../../crypto/keyPair.js';
import { CtapError, CtapStatus } from '../../ctap2/status.js';
import type { CborMap, CborValue } from '../../cbor/types.js';
import type { AttestationBuilder } from '../types.js';
import { buildCertInfo } from './certInfo.js';
import { buildPubArea } from './pubArea.js';
import { qualifiedName, tpmName } from './tpmName.js';
import { clockFor, virtualTpm } from './virtualTpm.js';

/** Attestation statement format identifier (WebAuthn L3 8.3). */
export const FORMAT = 'tpm';

/**
 * Build a `tpm` attestation statement for a new credential.
 * @param request - authData, clientDataHash, credential key, preset (statementAlg, vendor) and seed
 * @returns `{ fmt: 'tpm', attStmt }` with attStmt keys in CTAP2 canonical order
 * @throws CtapError CTAP2_ERR_UNSUPPORTED_ALGORITHM when the credential key is not RSA or P-256,
 *   or the preset's statementAlg is neither -65535 nor -257
 * @see https://www.w3.org/TR/webauthn-3/#sctn-tpm-attestation
 */
export const buildTpm: AttestationBuilder = async (request) => {
  const alg = request.preset.attestation.statementAlg ?? -257;
  if (alg !== -65535 && alg !== -257) {
    throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM, `tpm: statement alg ${alg} not supported, use -65535 or -257`);
  }
  const hash = alg === -65535 ? 'sha1' : 'sha256'; // RS1 / RS256
  const pubArea = buildPubArea(request.credentialKey.publicKey);
  const tpm = await virtualTpm(request.preset, request.aaguid, request.seed);
  const name = tpmName(pubArea);
  // WebAuthn L3 8.3.2: extraData = hash_alg(attToBeSigned), attToBeSigned = authData || clientDataHash
  const extraData = new Uint8Array(createHash(hash).update(request.authData).update(request.clientDataHash).digest());
  const certInfo = buildCertInfo({
    qualifiedSigner: tpm.aikQualifiedName,
    extraData,
    clockInfo: {
      clock: clockFor(tpm, request.credentialId),
      resetCount: tpm.resetCount,
      restartCount: tpm.restartCount,
      safe: true,
    },
    firmwareVersion: tpm.firmwareVersion,
    name,
    qualifiedName: qualifiedName(tpm.srkQualifiedName, name),
  });
  const sig = signWith({ ...tpm.aik, alg }, certInfo);
  const attStmt: CborMap = new Map<string, CborValue>([
    ['alg', alg],
    ['sig', sig],
    ['ver', '2.0'],
    ['x5c', [tpm.aikCertificate, tpm.intermediate]],
    ['pubArea', pubArea],
    ['certInfo', certInfo],
  ]);
  return { fmt: FORMAT, attStmt };
};
