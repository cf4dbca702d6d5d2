/**
 * `packed` attestation statement mutations (WebAuthn L3 8.2 syntax and verification procedure, 8.2.1
 * certificate requirements, 6.5.6 signature format, 7.1 step 24 trust path), on the YubiKey 5 NFC
 * registration (x5c: batch certificate + vendor test intermediate) and on a self-attested one.
 * Certificates are changed one field at a time and signed again by their issuer.
 * @module
 */
import { sign } from 'node:crypto';
import { getPreset } from '@vfido/core';
import { batchAttestation } from '../../../packages/core/src/attestation/batchCertificate.js';
import { vendorCa } from '../../../packages/core/src/ca/testCa.js';
import { Flag, encodeAuthData, flipBit, sha256 } from '../authData.js';
import {
  AAGUID_OID,
  NameOid,
  aaguidExtensionValue,
  reissue,
  removeExtension,
  setBasicConstraints,
  setCritical,
  setExtension,
  setNotAfter,
  setNotBefore,
  setSubjectAttribute,
  setSubjectPublicKey,
  setVersion,
} from '../certs.js';
import { berSignature, negateS, toP1363 } from '../ecdsa.js';
import { SEED, type RegistrationBase } from '../fixtures.js';
import { OMIT, type RegistrationDraft, type RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { editClientData, setFlag } from './edit.js';
import { WHY } from './why.js';
import type { TBSCertificate } from '@peculiar/asn1-x509';

const packed = registrationRows('packed');
const self = registrationRows('packed-self');

type Stmt = Map<string, unknown>;
const x5cOf = (s: Stmt): Uint8Array[] => s.get('x5c') as Uint8Array[];
/** authenticatorData || clientDataHash, what packed signs (L3 8.2 signing procedure). */
const signedData = (d: RegistrationDraft): Uint8Array => new Uint8Array(Buffer.concat([encodeAuthData(d.authData), sha256(d.clientDataJSON)]));
const batchKey = async (base: RegistrationBase) => (await batchAttestation(base.preset, base.aaguid, -7, SEED)).keyPair;

/** Changes one field of the attestation certificate; the vendor intermediate signs it again (same subject key). */
const editLeaf =
  (edit: (tbs: TBSCertificate) => void) =>
  (s: Stmt, _d: RegistrationDraft, base: RegistrationBase): void => {
    const [leaf, ...chain] = x5cOf(s);
    s.set('x5c', [reissue(leaf as Uint8Array, base.ca.intermediate.keyPair.privateKey, edit), ...chain]);
  };

const alg = [
  packed('alg missing', 'L3 8.2 syntax (alg is required)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('alg') }),
  packed("alg is the text 'ES256'", 'L3 8.2 syntax (alg is a COSEAlgorithmIdentifier)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('alg', 'ES256') }),
  packed('alg -1234 (not a COSE algorithm the RP knows)', 'L3 8.2 verification (verify with alg)', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (s) => void s.set('alg', -1234) }),
  packed('alg RS256, sig is ES256', 'L3 8.2 verification step 2 (sig verifies with the attestnCert key using alg)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: (s) => void s.set('alg', -257),
    why: WHY.algOnlyPicksHash,
  }),
  packed('alg ES384, sig is ECDSA with SHA-256', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('alg', -35) }),
  packed('alg EdDSA, sig is ES256', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('alg', -8) }),
  packed('alg ES384 and sig is ECDSA with SHA-384 by the P-256 batch key', 'L3 8.2 verification step 2 (the P-256/ES256 pairing of 5.8.5 binds credential keys only)', 'accept', 'accept', {
    statement: async (s, d, base) => {
      s.set('alg', -35);
      s.set('sig', new Uint8Array(sign('sha384', signedData(d), (await batchKey(base)).privateKey)));
    },
  }),
];

const sig = [
  packed('sig missing', 'L3 8.2 syntax (sig is required)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('sig') }),
  packed('sig empty', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', new Uint8Array(0)) }),
  packed('sig last bit flipped', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', flipBit(s.get('sig') as Uint8Array, -1)) }),
  packed('sig missing its last byte', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.set('sig', (s.get('sig') as Uint8Array).slice(0, -1)),
  }),
  packed('sig with one extra byte after the DER SEQUENCE', 'L3 6.5.6 (MUST be ASN.1 DER), 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'accept', {
    statement: (s) => void s.set('sig', new Uint8Array(Buffer.concat([s.get('sig') as Uint8Array, Buffer.of(0)]))),
    why: WHY.derTrailingBytes,
  }),
  packed('sig is a text string', 'L3 8.2 syntax (sig is bytes)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('sig', 'signature') }),
  packed('sig over authenticatorData alone', 'L3 8.2 verification step 2 (over authenticatorData || clientDataHash)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => void s.set('sig', new Uint8Array(sign('sha256', encodeAuthData(d.authData), (await batchKey(base)).privateKey))),
  }),
  packed('sig over authenticatorData || clientDataJSON (not its hash)', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) =>
      void s.set('sig', new Uint8Array(sign('sha256', Buffer.concat([encodeAuthData(d.authData), d.clientDataJSON]), (await batchKey(base)).privateKey))),
  }),
  packed('sig encoded as IEEE P1363 r||s instead of DER', 'L3 6.5.6 (ECDSA sig MUST be an ASN.1 DER Ecdsa-Sig-Value)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.set('sig', toP1363(s.get('sig') as Uint8Array)),
  }),
  packed('sig with the other S (n - s)', 'L3 6.5.6 (DER Ecdsa-Sig-Value; no low-S rule)', 'accept', 'accept', {
    statement: (s) => void s.set('sig', negateS(s.get('sig') as Uint8Array)),
  }),
  packed('sig as BER with a redundant leading zero in r', 'L3 6.5.6 (MUST be DER)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.set('sig', berSignature(s.get('sig') as Uint8Array)),
  }),
  packed('authenticator data changed after attestation (RFU1 set, not re-attested)', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => setFlag(d, Flag.RFU1, true),
    resign: false,
  }),
  packed('clientDataJSON re-serialized with an extra member, not re-attested', 'L3 7.1 step 12, 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.extra = 1)),
    resign: false,
  }),
];

const x5c = [
  packed('x5c missing (the batch signature is then checked as self attestation)', 'L3 8.2 verification step 3', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.delete('x5c'),
  }),
  packed('x5c empty', 'L3 8.2 syntax (x5c holds attestnCert first)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  packed('x5c is a byte string, not an array', 'L3 8.2 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', x5cOf(s)[0]) }),
  packed('x5c[0] is not a certificate', 'L3 8.2 syntax (X.509)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), ...x5cOf(s).slice(1)]) }),
  packed('x5c[0] is a text string', 'L3 8.2 syntax (x5c holds bytes)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', ['certificate', ...x5cOf(s).slice(1)]) }),
  packed('x5c without the intermediate', 'L3 7.1 step 24 (chain to an acceptable root)', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: (s) => void s.set('x5c', x5cOf(s).slice(0, 1)) }),
  packed('x5c ends with the root itself', 'L3 8.2 syntax (attestnCert and its chain), 7.1 step 24', 'accept', 'reject', {
    statement: (s, _d, base) => void s.set('x5c', [...x5cOf(s), base.ca.root.der]),
    why: WHY.x5cRootDuplicate,
  }),
  packed('x5c in reverse order (intermediate first)', 'L3 8.2 syntax (attestnCert MUST be the first element)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.set('x5c', [...x5cOf(s)].reverse()),
  }),
  packed('x5c carries an unrelated extra certificate', 'L3 8.2 syntax, 7.1 step 24', 'accept', 'accept', {
    statement: async (s) => void s.set('x5c', [...x5cOf(s), (await vendorCa('feitian', SEED)).intermediate.der]),
  }),
  packed("x5c[0] is another model's attestation certificate", 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s) => {
      const solokey = getPreset('solokey');
      const other = await batchAttestation(solokey, new Uint8Array(Buffer.from(solokey.aaguid.replace(/-/g, ''), 'hex')), -7, SEED);
      s.set('x5c', [other.x5c[0], ...x5cOf(s).slice(1)]);
    },
  }),
  packed("attestation certificate signed by another CA's key", 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: async (s) => {
      const [leaf, ...chain] = x5cOf(s);
      s.set('x5c', [reissue(leaf as Uint8Array, (await vendorCa('feitian', SEED)).intermediate.keyPair.privateKey, () => {}), ...chain]);
    },
  }),
  packed('attestation certificate expired', 'L3 7.1 step 24 (RFC 5280 6.1.3 validity)', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: editLeaf((tbs) => setNotAfter(tbs, new Date(Date.UTC(2025, 0, 1)))),
  }),
  packed('attestation certificate not yet valid', 'L3 7.1 step 24 (RFC 5280 6.1.3 validity)', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: editLeaf((tbs) => setNotBefore(tbs, new Date(Date.UTC(2045, 0, 1)))),
  }),
  packed('attestation certificate certifies another key', 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d, base) => editLeaf((tbs) => setSubjectPublicKey(tbs, (base.ca.root.keyPair.publicKey)))(s, d, base),
  }),
];

const certificate = [
  packed('attestation certificate is X.509 v1', 'L3 8.2.1 (Version MUST be 3)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setVersion(tbs, 1)) }),
  packed("subject OU is 'Authenticator attestation' (case differs)", "L3 8.2.1 (OU: literal 'Authenticator Attestation')", 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.OU, 'Authenticator attestation')),
  }),
  packed('subject OU missing', 'L3 8.2.1', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.OU, undefined)) }),
  packed('subject O missing', 'L3 8.2.1', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.O, undefined)) }),
  packed('subject CN missing', 'L3 8.2.1', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.CN, undefined)) }),
  packed('subject C missing', 'L3 8.2.1', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.C, undefined)) }),
  packed("subject C is 'SWE' (not a two-letter ISO 3166 code)", 'L3 8.2.1 (Subject-C: ISO 3166 code, PrintableString; X.520 countryName is SIZE(2))', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editLeaf((tbs) => setSubjectAttribute(tbs, NameOid.C, 'SWE', 'printableString')),
  }),
  packed('basic constraints cA true', 'L3 8.2.1 (CA component MUST be false)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editLeaf((tbs) => setBasicConstraints(tbs, true)) }),
  packed('AAGUID extension names another AAGUID', 'L3 8.2 verification step 2, 8.2.1', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editLeaf((tbs) => setExtension(tbs, AAGUID_OID, aaguidExtensionValue(sha256('another model').subarray(0, 16)))),
  }),
  packed('AAGUID extension marked critical', 'L3 8.2.1 (MUST NOT be marked critical)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editLeaf((tbs) => setCritical(tbs, AAGUID_OID, true)),
    why: WHY.aaguidCritical,
  }),
  packed('AAGUID extension absent', 'L3 8.2 verification step 2 (check it only if present)', 'accept', 'accept', { statement: editLeaf((tbs) => removeExtension(tbs, AAGUID_OID)) }),
  packed('AAGUID extension is the bare 16 bytes (one OCTET STRING wrapper missing)', 'L3 8.2.1 (AAGUID wrapped in two OCTET STRINGs)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: (s, d, base) => editLeaf((tbs) => setExtension(tbs, AAGUID_OID, base.aaguid))(s, d, base),
  }),
];

const selfAttestation = [
  self('alg RS256, sig is ES256 by the credential key', 'L3 8.2 verification step 3 (alg matches the credential key alg)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: (s) => void s.set('alg', -257),
    why: WHY.selfAlgNotCompared,
  }),
  self('alg ES384, sig is ES256 by the credential key', 'L3 8.2 verification step 3', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('alg', -35) }),
  self('alg missing', 'L3 8.2 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('alg') }),
  self('sig missing', 'L3 8.2 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('sig') }),
  self('sig last bit flipped', 'L3 8.2 verification step 3', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', flipBit(s.get('sig') as Uint8Array, -1)) }),
  self('sig made by another key (a batch attestation key)', 'L3 8.2 verification step 3', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s, d) => {
      const yubikey = getPreset('yubikey-5-nfc');
      const batch = await batchAttestation(yubikey, new Uint8Array(16), -7, SEED);
      s.set('sig', new Uint8Array(sign('sha256', signedData(d), batch.keyPair.privateKey)));
    },
  }),
  self("x5c added (a batch certificate) while sig is the credential key's", 'L3 8.2 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: async (s) => {
      const yubikey = getPreset('yubikey-5-nfc');
      const batch = await batchAttestation(yubikey, new Uint8Array(16), -7, SEED);
      s.set('x5c', batch.x5c);
    },
  }),
  self('sig with the other S (n - s)', 'L3 6.5.6', 'accept', 'accept', { statement: (s) => void s.set('sig', negateS(s.get('sig') as Uint8Array)) }),
  self('authenticator data changed after attestation (UV set, not re-attested)', 'L3 8.2 verification step 3', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => setFlag(d, Flag.UV, true),
    resign: false,
  }),
  self('attStmt missing', 'L3 6.5.4', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.attStmt = OMIT) }),
];

/** Every packed row. */
export const packedRows: RegistrationRow[] = [...alg, ...sig, ...x5c, ...certificate, ...selfAttestation];
