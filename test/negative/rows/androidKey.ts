/**
 * `android-key` attestation statement mutations (WebAuthn L3 8.4 verification procedure, 8.4.1 key
 * attestation extension; Android KeyMint `KeyDescription` schema), on the Microsoft Authenticator
 * (Android) registration: ES256 credential key signs, x5c = [credCert, intermediate, root].
 * @module
 */
import { sign } from 'node:crypto';
import { OctetString } from '@peculiar/asn1-schema';
import { IntegerSet, id_ce_keyDescription } from '@peculiar/asn1-android';
import type { TBSCertificate } from '@peculiar/asn1-x509';
import { vendorCa } from '../../../packages/core/src/ca/testCa.js';
import { Flag, encodeAuthData, flipBit, sha256 } from '../authData.js';
import { editKeyDescription, reissue, removeExtension, setExtension, setNotAfter, setSubjectPublicKey } from '../certs.js';
import { SEED, type RegistrationBase } from '../fixtures.js';
import type { RegistrationDraft, RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { setFlag } from './edit.js';
import { WHY } from './why.js';

const android = registrationRows('android-key');
type Stmt = Map<string, unknown>;
const x5cOf = (s: Stmt): Uint8Array[] => s.get('x5c') as Uint8Array[];

/** Keymaster/KeyMint constants (KeyOrigin, KeyPurpose). */
const KM = { ORIGIN_GENERATED: 0, ORIGIN_IMPORTED: 2, PURPOSE_SIGN: 2, PURPOSE_VERIFY: 3 } as const;

/** Changes one field of credCert; the vendor intermediate signs it again. */
const editCredCert =
  (edit: (tbs: TBSCertificate) => void) =>
  (s: Stmt, _d: RegistrationDraft, base: RegistrationBase): void => {
    const [leaf, ...chain] = x5cOf(s);
    s.set('x5c', [reissue(leaf as Uint8Array, base.ca.intermediate.keyPair.privateKey, edit), ...chain]);
  };

const signed = (d: RegistrationDraft): Uint8Array => new Uint8Array(Buffer.concat([encodeAuthData(d.authData), sha256(d.clientDataJSON)]));

/** Every android-key row. */
export const androidKeyRows: RegistrationRow[] = [
  android('alg missing', 'L3 8.4 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('alg') }),
  android('alg -1234', 'L3 8.4 verification (sig with alg)', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (s) => void s.set('alg', -1234) }),
  android('alg RS256, sig is ES256', 'L3 8.4 verification (sig verifies with the credCert key using alg)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: (s) => void s.set('alg', -257),
    why: WHY.algOnlyPicksHash,
  }),
  android('alg ES384, sig is ECDSA with SHA-256', 'L3 8.4 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('alg', -35) }),
  android('sig missing', 'L3 8.4 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('sig') }),
  android('sig last bit flipped', 'L3 8.4 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', flipBit(s.get('sig') as Uint8Array, -1)) }),
  android('sig made by another key', 'L3 8.4 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s, d, base) => void s.set('sig', new Uint8Array(sign('sha256', signed(d), base.ca.intermediate.keyPair.privateKey))),
  }),
  android('authenticator data changed after attestation (UV set, not re-signed)', 'L3 8.4 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => setFlag(d, Flag.UV, true),
    resign: false,
  }),
  android('x5c missing', 'L3 8.4 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('x5c') }),
  android('x5c empty', 'L3 8.4 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  android('credCert certifies another key', 'L3 8.4 verification (credCert key matches credentialPublicKey)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: (s, d, base) => editCredCert((tbs) => setSubjectPublicKey(tbs, base.ca.root.keyPair.publicKey))(s, d, base),
  }),
  android('attestationChallenge is not the clientDataHash', 'L3 8.4 verification (attestationChallenge identical to clientDataHash)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.attestationChallenge = new OctetString(sha256('another challenge'))))),
  }),
  android('attestationChallenge empty', 'L3 8.4 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.attestationChallenge = new OctetString(new Uint8Array(0))))),
  }),
  android('softwareEnforced.allApplications present', 'L3 8.4 verification (allApplications not present on either list)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.softwareEnforced.allApplications = null))),
  }),
  android('teeEnforced.allApplications present', 'L3 8.4 verification', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.teeEnforced.allApplications = null))),
  }),
  android('teeEnforced.origin is KM_ORIGIN_IMPORTED', 'L3 8.4 verification (origin equal to KM_ORIGIN_GENERATED)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.teeEnforced.origin = KM.ORIGIN_IMPORTED))),
    why: WHY.androidAuthorizations,
  }),
  android('origin absent from both authorization lists', 'L3 8.4 verification', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void delete kd.teeEnforced.origin)),
    why: WHY.androidAuthorizations,
  }),
  android('teeEnforced.purpose is KM_PURPOSE_VERIFY', 'L3 8.4 verification (purpose equal to KM_PURPOSE_SIGN)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.teeEnforced.purpose = new IntegerSet([KM.PURPOSE_VERIFY])))),
    why: WHY.androidAuthorizations,
  }),
  android('teeEnforced.purpose is { SIGN, VERIFY }', 'L3 8.4 verification (purpose equal to KM_PURPOSE_SIGN)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.teeEnforced.purpose = new IntegerSet([KM.PURPOSE_SIGN, KM.PURPOSE_VERIFY])))),
    why: WHY.androidAuthorizations,
  }),
  android('a key description field the RP does not check changes (osVersion)', 'L3 8.4 verification (only the listed fields are checked)', 'accept', 'accept', {
    statement: editCredCert((tbs) => editKeyDescription(tbs, (kd) => void (kd.teeEnforced.osVersion = 140000))),
  }),
  android('key description extension missing', 'L3 8.4 verification, 8.4.1', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs) => removeExtension(tbs, id_ce_keyDescription)),
  }),
  android('key description extension is not a KeyDescription', 'L3 8.4.1', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs) => setExtension(tbs, id_ce_keyDescription, Uint8Array.of(0x04, 0x02, 0x01, 0x02))),
  }),
  android('x5c stops at the intermediate (root left out)', 'L3 7.1 step 24 (the chain reaches an acceptable root)', 'accept', 'reject', {
    statement: (s) => void s.set('x5c', x5cOf(s).slice(0, 2)),
    why: 'SimpleWebAuthn android-key treats the last x5c certificate as the root and requires it to be one of the configured roots (compared as PEM text); a chain that stops below the root fails even though it chains to one',
  }),
  android('x5c holds credCert alone', 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: (s) => void s.set('x5c', x5cOf(s).slice(0, 1)) }),
  android("credCert signed by another CA's key", 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: async (s) => {
      const [leaf, ...chain] = x5cOf(s);
      s.set('x5c', [reissue(leaf as Uint8Array, (await vendorCa('feitian', SEED)).intermediate.keyPair.privateKey, () => {}), ...chain]);
    },
  }),
  android('credCert expired', 'L3 7.1 step 24 (RFC 5280 6.1.3)', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: editCredCert((tbs) => setNotAfter(tbs, new Date(Date.UTC(2025, 0, 1)))) }),
];
