/**
 * `fido-u2f` attestation statement mutations (WebAuthn L3 8.6 verification procedure; FIDO U2F Raw
 * Message Formats 4.3), on a YubiKey 5 NFC registering over CTAP1: zero AAGUID, x5c = [attestation
 * certificate issued by the vendor test root], sig by the batch key over
 * 0x00 || rpIdHash || clientDataHash || credentialId || 0x04 || x || y.
 * @module
 */
import { sign } from 'node:crypto';
import { decodeCbor } from '@vfido/core';
import { aaguidBytes, batchAttestation } from '../../../packages/core/src/attestation/batchCertificate.js';
import { vendorCa } from '../../../packages/core/src/ca/testCa.js';
import { createKeyPair } from '../../../packages/core/src/crypto/keyPair.js';
import { Flag, coseKeyOf, flipBit, sha256 } from '../authData.js';
import { reissue, setSubjectPublicKey } from '../certs.js';
import { SEED, type RegistrationBase } from '../fixtures.js';
import type { RegistrationDraft, RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { setFlag } from './edit.js';
import { WHY } from './why.js';

const u2f = registrationRows('fido-u2f');
type Stmt = Map<string, unknown>;
const x5cOf = (s: Stmt): Uint8Array[] => s.get('x5c') as Uint8Array[];

/** The batch key the builder signs with (same cache entry as the authenticator's). */
const batch = (base: RegistrationBase) => batchAttestation(base.preset, aaguidBytes(base.preset.aaguid), -7, SEED, 'root');

/** The U2F registration signature's input (L3 8.6 step 5), with parts overridable. */
function verificationData(d: RegistrationDraft, over: { reserved?: Uint8Array; rpIdHash?: Uint8Array; clientDataHash?: Uint8Array; credentialId?: Uint8Array } = {}): Uint8Array {
  const a = d.authData.attested!;
  const cose = decodePoint(a.publicKey);
  return new Uint8Array(
    Buffer.concat([
      over.reserved ?? Uint8Array.of(0x00),
      over.rpIdHash ?? d.authData.rpIdHash,
      over.clientDataHash ?? sha256(d.clientDataJSON),
      over.credentialId ?? a.credentialId,
      Uint8Array.of(0x04),
      cose.x,
      cose.y,
    ]),
  );
}

/** x and y of an EC2 COSE key (any size). */
function decodePoint(coseKey: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const map = decodeCbor(coseKey) as unknown as Map<number, Uint8Array>;
  return { x: map.get(-2) as Uint8Array, y: map.get(-3) as Uint8Array };
}

/** Signs with the batch key over `data` (ECDSA P-256, SHA-256). */
const batchSign = async (s: Stmt, base: RegistrationBase, data: Uint8Array): Promise<void> => {
  s.set('sig', new Uint8Array(sign('sha256', data, (await batch(base)).keyPair.privateKey)));
};

/** Every fido-u2f row. */
export const fidoU2fRows: RegistrationRow[] = [
  u2f('x5c holds two certificates', 'L3 8.6 step 2 (x5c has exactly one element)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: (s, _d, base) => void s.set('x5c', [...x5cOf(s), base.ca.intermediate.der]),
    why: WHY.u2fX5cLength,
  }),
  u2f('x5c missing', 'L3 8.6 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('x5c') }),
  u2f('x5c empty', 'L3 8.6 step 2', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  u2f('sig missing', 'L3 8.6 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('sig') }),
  u2f('sig last bit flipped', 'L3 8.6 step 6', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', flipBit(s.get('sig') as Uint8Array, -1)) }),
  u2f('sig over verificationData without the 0x00 reserved byte', 'L3 8.6 step 5', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => batchSign(s, base, verificationData(d, { reserved: new Uint8Array(0) })),
  }),
  u2f('sig over another rpIdHash', 'L3 8.6 steps 3, 5', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => batchSign(s, base, verificationData(d, { rpIdHash: sha256('example.org') })),
  }),
  u2f('sig over another clientDataHash', 'L3 8.6 step 5', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => batchSign(s, base, verificationData(d, { clientDataHash: sha256('another client data') })),
  }),
  u2f('sig over another credential id', 'L3 8.6 steps 3, 5', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => batchSign(s, base, verificationData(d, { credentialId: flipBit(d.authData.attested!.credentialId, 0) })),
  }),
  u2f('attestation certificate key on P-384 (it signs the verificationData)', 'L3 8.6 step 2 (certificate key MUST be EC P-256)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: async (s, d, base) => {
      const p384 = createKeyPair(-35, SEED, 'negative/u2f-p384');
      s.set('x5c', [reissue(x5cOf(s)[0] as Uint8Array, base.ca.root.keyPair.privateKey, (tbs) => setSubjectPublicKey(tbs, p384.publicKey))]);
      s.set('sig', new Uint8Array(sign('sha256', verificationData(d), p384.privateKey)));
    },
    why: WHY.u2fCurve,
  }),
  u2f('credential key on P-384 (x and y are 48 bytes)', 'L3 8.6 step 4 (x and y MUST be 32 bytes)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    mutate: (d) => void (d.authData.attested!.publicKey = coseKeyOf(createKeyPair(-35, SEED, 'negative/u2f-credential-p384').publicKey, -35)),
    resign: false,
    statement: async (s, d, base) => batchSign(s, base, verificationData(d)),
    why: 'SimpleWebAuthn does not check that the credential key is ES256 with 32-byte coordinates (L3 8.6 step 4); it builds the 0x04||x||y point from any EC2 key',
  }),
  u2f('AAGUID not zero', 'L3 8.6 (the verification procedure does not read the AAGUID)', 'accept', 'reject', {
    mutate: (d, base) => void (d.authData.attested!.aaguid = aaguidBytes(base.preset.aaguid)),
    why: WHY.u2fAaguid,
  }),
  u2f("attestation certificate signed by another CA's key", 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: async (s) => void s.set('x5c', [reissue(x5cOf(s)[0] as Uint8Array, (await vendorCa('feitian', SEED)).root.keyPair.privateKey, () => {})]),
  }),
  u2f('flags changed after attestation (UV set, not re-attested)', 'L3 8.6 step 5 (flags are not in verificationData)', 'accept', 'accept', {
    mutate: (d) => setFlag(d, Flag.UV, true),
    resign: false,
  }),
  u2f('signCount changed after attestation (not re-attested)', 'L3 8.6 step 5 (signCount is not in verificationData)', 'accept', 'accept', {
    mutate: (d) => void (d.authData.signCount = 7),
    resign: false,
  }),
  u2f('rpIdHash of another RP, consistently signed', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('example.org')) }),
];
