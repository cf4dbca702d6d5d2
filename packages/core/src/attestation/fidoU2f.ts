/**
 * `fido-u2f` attestation statement format (WebAuthn L3 8.6): what a CTAP1/U2F authenticator's
 * registration response becomes. attStmt is `{ sig, x5c: [attestation certificate] }`, where sig
 * is the U2F registration signature (FIDO U2F Raw Message Formats 4.3) over
 * 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F.
 *
 * The caller must put a zero AAGUID in authData (U2F has no AAGUID; 8.6 verification reads it as
 * zero). The attestation key is the preset's batch key, as on real YubiKeys whose U2F and FIDO2
 * attestation share one key, and its certificate carries the model's AAGUID extension (as the real
 * Yubico U2F certificate does). Because x5c must hold exactly one certificate (8.6 syntax; verifiers
 * such as webauthn-rs and libfido2 reject more), that certificate is issued directly by the vendor's
 * TEST root, so it chains to `attestationRootsPem(vendor, seed)`.
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { publicJwkOfPair, signWith } from '../crypto/keyPair.js';
import { AttestationBuildError } from './attestationBuildError.js';
import { aaguidBytes, batchAttestation } from './batchCertificate.js';
import { attToBeSigned } from './packed.js';
import type { AttestationBuilder, AttestationRequest } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'fido-u2f';

/**
 * The 65-byte uncompressed P-256 point 0x04 || x || y of an ES256 credential (8.6 step 4).
 * @param request - the attestation request
 * @throws AttestationBuildError `ERR_ATTESTATION_UNSUPPORTED` for a non-ES256 credential
 */
export function publicKeyU2F(request: AttestationRequest): Uint8Array {
  const jwk = publicJwkOfPair(request.credentialKey);
  if (request.credentialKey.alg !== -7 || jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) {
    throw new AttestationBuildError('ERR_ATTESTATION_UNSUPPORTED', 'fido-u2f attestation needs an ES256 (P-256) credential key');
  }
  const out = new Uint8Array(65);
  out[0] = 0x04;
  out.set(Buffer.from(jwk.x, 'base64url'), 1);
  out.set(Buffer.from(jwk.y, 'base64url'), 33);
  return out;
}

/**
 * Build a `fido-u2f` statement signed by the preset's P-256 batch attestation key.
 * @throws AttestationBuildError `ERR_ATTESTATION_UNSUPPORTED` for a non-ES256 credential,
 *   `ERR_ATTESTATION_MALFORMED` on malformed request data
 */
export const buildFidoU2f: AttestationBuilder = async (request) => {
  attToBeSigned(request); // validates authData and clientDataHash lengths
  const point = publicKeyU2F(request);
  const rpIdHash = request.authData.subarray(0, 32);
  const id = request.credentialId;
  const verificationData = new Uint8Array(1 + 32 + 32 + id.length + 65);
  verificationData[0] = 0x00; // reserved byte (U2F 4.3)
  verificationData.set(rpIdHash, 1);
  verificationData.set(request.clientDataHash, 33);
  verificationData.set(id, 65);
  verificationData.set(point, 65 + id.length);
  // U2F attestation keys are always P-256 (8.6 verification step 2), whatever statementAlg says.
  const batch = await batchAttestation(request.preset, aaguidBytes(request.preset.aaguid), -7, request.seed, 'root');
  const leaf = batch.x5c[0];
  if (leaf === undefined) throw new AttestationBuildError('ERR_ATTESTATION_MALFORMED', 'batch certificate missing');
  const attStmt: CborMap = new Map<string, CborValue>([
    ['sig', signWith(batch.keyPair, verificationData)],
    ['x5c', [leaf]],
  ]);
  return { fmt: FORMAT, attStmt };
};
