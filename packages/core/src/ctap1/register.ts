/**
 * U2F_REGISTER (INS 0x01): a new P-256 credential for an application parameter, attested with the
 * preset's fido-u2f batch key (FIDO U2F Raw Message Formats v1.2, "Registration Messages").
 * @module
 */
import { aaguidBytes, batchAttestation } from '../attestation/batchCertificate.js';
import { createKeyPair, pkcs8Of, signWith, type KeyPair } from '../crypto/keyPair.js';
import { deriveBytes } from '../crypto/seed.js';
import type { AuthenticatorState } from '../ctap2/command.js';
import type { StoredCredential } from '../store/types.js';
import type { CommandApdu } from './apdu.js';
import { Ctap1Error, StatusWord } from './status.js';
import { u2fRpId } from './u2fCredentials.js';
import { testOfUserPresence } from './userPresence.js';
import { publicJwkOf } from '../crypto/publicJwk.js';

/** Reserved first byte of a registration response (legacy reasons). */
export const REGISTER_RESERVED_BYTE = 0x05;
/** Longest key handle U2F can carry: its length is one byte. */
export const MAX_KEY_HANDLE_LENGTH = 255;

/** The 65-byte uncompressed point 0x04 || x || y of a P-256 public key (U2F's user public key). */
export function uncompressedPoint(pair: KeyPair): Uint8Array {
  const jwk = publicJwkOf(pair.publicKey);
  if (jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) throw new RangeError('a U2F user key is a P-256 key');
  const out = new Uint8Array(65);
  out[0] = 0x04;
  out.set(Buffer.from(jwk.x, 'base64url'), 1);
  out.set(Buffer.from(jwk.y, 'base64url'), 33);
  return out;
}

/**
 * A fresh key handle and key for `appParam`. With a seed, the n-th registration for an application
 * on a preset always gets the same key handle and key (as authenticatorMakeCredential does).
 */
function newU2fKey(state: AuthenticatorState, appParam: Uint8Array, rpId: string): { id: Uint8Array; keyPair: KeyPair } {
  const length = Math.min(state.preset.credentialIdLength, MAX_KEY_HANDLE_LENGTH);
  for (let n = state.store.list({ rpId }).length; ; n++) {
    const label = `u2f/${state.preset.id}/${Buffer.from(appParam).toString('hex')}/${n}`;
    const id = deriveBytes(state.seed, `${label}/id`, length);
    if (state.store.get(id)) continue; // a deleted registration left a gap: never overwrite a live one
    return { id, keyPair: createKeyPair(-7, state.seed, `${label}/key`) };
  }
}

/**
 * Handle U2F_REGISTER. Request data: challenge parameter (32) || application parameter (32).
 * Response: 0x05 || user public key (65) || key handle length || key handle || attestation
 * certificate (DER) || ECDSA signature over 0x00 || application parameter || challenge parameter ||
 * key handle || user public key. The certificate and key are those of the preset's `fido-u2f`
 * statements (attestation/fidoU2f.ts): the batch key, its certificate issued by the vendor TEST root.
 * @throws Ctap1Error SW_WRONG_LENGTH (data not 64 bytes), SW_CONDITIONS_NOT_SATISFIED (no touch)
 */
export async function register(state: AuthenticatorState, apdu: CommandApdu): Promise<Uint8Array> {
  if (apdu.data.length !== 64) {
    throw new Ctap1Error(StatusWord.SW_WRONG_LENGTH, `U2F_REGISTER data is challenge parameter (32 bytes) || application parameter (32 bytes), got ${apdu.data.length} bytes`);
  }
  const challengeParam = apdu.data.subarray(0, 32);
  const appParam = apdu.data.slice(32, 64);
  testOfUserPresence(state, 'U2F_REGISTER');

  const rpId = u2fRpId(appParam);
  const { id, keyPair } = newU2fKey(state, appParam, rpId);
  const point = uncompressedPoint(keyPair);
  // U2F attestation keys are P-256 and x5c holds one certificate: the root-issued batch leaf.
  const batch = await batchAttestation(state.preset, aaguidBytes(state.preset.aaguid), -7, state.seed, 'root');
  const certificate = batch.x5c[0]!;
  const signed = new Uint8Array(1 + 32 + 32 + id.length + 65);
  signed[0] = 0x00; // reserved byte
  signed.set(appParam, 1);
  signed.set(challengeParam, 33);
  signed.set(id, 65);
  signed.set(point, 65 + id.length);
  const signature = signWith(batch.keyPair, signed);

  const record: StoredCredential = {
    id,
    rpId,
    alg: -7,
    privateKey: pkcs8Of(keyPair),
    signCount: 0, // U2F registrations carry no counter
    discoverable: false,
    backupEligible: state.preset.backup.eligible,
    backupState: state.preset.backup.state,
    createdAt: Date.now(),
    preset: state.preset.id,
    transports: [...state.preset.transports],
  };
  state.store.put(record);
  state.keys.set(record, keyPair);

  const out = new Uint8Array(1 + 65 + 1 + id.length + certificate.length + signature.length);
  out[0] = REGISTER_RESERVED_BYTE;
  out.set(point, 1);
  out[66] = id.length;
  out.set(id, 67);
  out.set(certificate, 67 + id.length);
  out.set(signature, 67 + id.length + certificate.length);
  return out;
}
