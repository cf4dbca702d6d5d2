/**
 * `packed` attestation statement format (WebAuthn L3 8.2): self attestation, or basic/AttCA
 * attestation with a batch certificate from the vendor's vfido TEST CA.
 *
 * attStmt (8.2 syntax): `{ alg, sig }` for self attestation, `{ alg, sig, x5c }` otherwise,
 * where sig signs authenticatorData || clientDataHash.
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { signWith } from '../crypto/keyPair.js';
import { AttestationBuildError } from './attestationBuildError.js';
import { batchAttestation } from './batchCertificate.js';
import type { AttestationBuilder, AttestationRequest } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'packed';

/** authData is at least rpIdHash (32) + flags (1) + signCount (4) (WebAuthn L3 6.1). */
const MIN_AUTH_DATA = 37;

/**
 * authenticatorData || clientDataHash, the bytes every signing format signs (WebAuthn L3 6.5.4).
 * @param request - the attestation request
 * @throws AttestationBuildError `ERR_ATTESTATION_MALFORMED` on short authData or a bad clientDataHash
 */
export function attToBeSigned(request: AttestationRequest): Uint8Array {
  if (request.authData.length < MIN_AUTH_DATA) {
    throw new AttestationBuildError('ERR_ATTESTATION_MALFORMED', `authData is ${request.authData.length} bytes, need at least ${MIN_AUTH_DATA}`);
  }
  if (request.clientDataHash.length !== 32) {
    throw new AttestationBuildError('ERR_ATTESTATION_MALFORMED', `clientDataHash must be 32 bytes, got ${request.clientDataHash.length}`);
  }
  const out = new Uint8Array(request.authData.length + 32);
  out.set(request.authData);
  out.set(request.clientDataHash, request.authData.length);
  return out;
}

/**
 * Build a `packed` statement. Self attestation (`preset.attestation.type === 'self'`) signs with
 * the credential key and reports its algorithm. Basic, AttCA and AnonCA sign with the preset's
 * batch attestation key (ES256 unless `preset.attestation.statementAlg` says otherwise) and send
 * `x5c: [batch certificate, vendor intermediate]`; the certificate's AAGUID extension carries
 * `request.aaguid`, so it always matches authData (8.2.2 verification step).
 * @throws AttestationBuildError `ERR_ATTESTATION_UNSUPPORTED` for attestation type `none`,
 *   `ERR_ATTESTATION_MALFORMED` on malformed request data
 */
export const buildPacked: AttestationBuilder = async (request) => {
  const data = attToBeSigned(request);
  const { type, statementAlg } = request.preset.attestation;
  if (type === 'self' && request.enterpriseSerial === undefined) {
    const attStmt: CborMap = new Map<string, CborValue>([
      ['alg', request.credentialKey.alg],
      ['sig', signWith(request.credentialKey, data)],
    ]);
    return { fmt: FORMAT, attStmt };
  }
  if (type === 'none') {
    throw new AttestationBuildError('ERR_ATTESTATION_UNSUPPORTED', 'packed attestation needs type self, basic, attca or anonca, not none');
  }
  if (request.aaguid.length !== 16) {
    throw new AttestationBuildError('ERR_ATTESTATION_MALFORMED', `aaguid must be 16 bytes, got ${request.aaguid.length}`);
  }
  const batch = await batchAttestation(request.preset, request.aaguid, statementAlg ?? -7, request.seed, 'intermediate', request.enterpriseSerial);
  const attStmt: CborMap = new Map<string, CborValue>([
    ['alg', batch.keyPair.alg],
    ['sig', signWith(batch.keyPair, data)],
    ['x5c', batch.x5c],
  ]);
  return { fmt: FORMAT, attStmt };
};
