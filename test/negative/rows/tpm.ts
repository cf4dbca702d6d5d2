/**
 * `tpm` attestation statement mutations (WebAuthn L3 8.3 syntax and verification procedure, 8.3.1 AIK
 * certificate requirements; TPM 2.0 Part 2 10.12.8 TPMS_ATTEST, 12.2.4 TPMT_PUBLIC; Part 1 16 Names), on
 * the Windows Hello (hardware TPM) registration: RS256 credential key, RS1 statement, x5c = AIK
 * certificate + vendor test intermediate. certInfo is signed again by the AIK after each change, and
 * the certified Name follows pubArea unless the row is about the Name.
 * @module
 */
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  type TBSCertificate,
} from '@peculiar/asn1-x509';
import { signWith, type KeyPair } from '../../../packages/core/src/crypto/keyPair.js';
import { virtualTpm } from '../../../packages/core/src/attestation/tpm/virtualTpm.js';
import { editCoseKey, encodeAuthData, flipBit, sha256 } from '../authData.js';
import {
  AAGUID_OID,
  NameOid,
  SERVER_AUTH_OID,
  TcgOid,
  aaguidExtensionValue,
  reissue,
  removeExtension,
  setBasicConstraints,
  setCritical,
  setExtendedKeyUsage,
  setExtension,
  setNotAfter,
  setSubjectAttribute,
  setTpmSubjectAltName,
  setVersion,
} from '../certs.js';
import { SEED, type RegistrationBase } from '../fixtures.js';
import type { RegistrationDraft, RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { WHY } from './why.js';

const tpm = registrationRows('tpm');
type Stmt = Map<string, unknown>;

/** TPM_ALG_ID hash algorithms (TPM 2.0 Part 2, 6.3). */
const TpmHash: Record<number, string> = { 0x0004: 'sha1', 0x000b: 'sha256', 0x000c: 'sha384', 0x000d: 'sha512' };
const u16 = (n: number): Uint8Array => Uint8Array.of(n >>> 8, n & 0xff);
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const hash = (alg: string, ...parts: Uint8Array[]): Uint8Array => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** Name of an object (Part 1, 16): nameAlg || H_nameAlg(pubArea), nameAlg read from pubArea (or forced). */
function nameOf(pubArea: Uint8Array, nameAlg = ((pubArea[2] as number) << 8) | (pubArea[3] as number)): Uint8Array {
  return concat(u16(nameAlg), hash(TpmHash[nameAlg] ?? 'sha256', pubArea));
}

/** TPMS_ATTEST fields as byte ranges, for in-place edits. */
interface CertInfo {
  head: Uint8Array; // magic (4) | type (2)
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clockInfo: Uint8Array; // clock (8) | resetCount (4) | restartCount (4) | safe (1)
  firmwareVersion: Uint8Array; // 8
  name: Uint8Array;
  qualifiedName: Uint8Array;
}

function parseCertInfo(b: Uint8Array): CertInfo {
  let pos = 0;
  const take = (n: number): Uint8Array => b.slice(pos, (pos += n));
  const sized = (): Uint8Array => {
    const n = ((b[pos] as number) << 8) | (b[pos + 1] as number);
    pos += 2;
    return take(n);
  };
  const head = take(6);
  const qualifiedSigner = sized();
  const extraData = sized();
  const clockInfo = take(17);
  const firmwareVersion = take(8);
  const name = sized();
  const qualifiedName = sized();
  return { head, qualifiedSigner, extraData, clockInfo, firmwareVersion, name, qualifiedName };
}

const sized = (b: Uint8Array): Uint8Array => concat(u16(b.length), b);
const encodeCertInfo = (c: CertInfo): Uint8Array =>
  concat(c.head, sized(c.qualifiedSigner), sized(c.extraData), c.clockInfo, c.firmwareVersion, sized(c.name), sized(c.qualifiedName));

/** The virtual TPM's AIK, as an RS1 signer (the statement alg of the Windows Hello preset). */
async function aik(base: RegistrationBase, alg: -65535 | -257 = -65535): Promise<KeyPair> {
  const t = await virtualTpm(base.preset, base.aaguid, SEED);
  return { ...t.aik, alg };
}

/** Sets certInfo and has the AIK sign it again. */
async function setCertInfo(s: Stmt, base: RegistrationBase, certInfo: Uint8Array, alg: -65535 | -257 = -65535): Promise<void> {
  s.set('certInfo', certInfo);
  s.set('sig', signWith(await aik(base, alg), certInfo));
}

/** Edits the parsed certInfo, re-encodes it and has the AIK sign it again. */
const editCertInfo =
  (edit: (c: CertInfo, s: Stmt, d: RegistrationDraft) => void) =>
  async (s: Stmt, d: RegistrationDraft, base: RegistrationBase): Promise<void> => {
    const c = parseCertInfo(s.get('certInfo') as Uint8Array);
    edit(c, s, d);
    await setCertInfo(s, base, encodeCertInfo(c));
  };

/** Offsets into an RSA TPMT_PUBLIC with NULL symmetric and scheme (as Windows Hello credential keys have). */
function rsaOffsets(p: Uint8Array): { exponent: number; unique: number } {
  const policy = ((p[8] as number) << 8) | (p[9] as number);
  const params = 10 + policy; // symmetric (2) | scheme (2) | keyBits (2) | exponent (4) | unique
  return { exponent: params + 6, unique: params + 10 };
}

/** Replaces pubArea; certInfo's Name follows it (unless `keepName`), and the AIK signs certInfo again. */
const editPubArea =
  (edit: (pubArea: Uint8Array) => Uint8Array, keepName = false) =>
  async (s: Stmt, _d: RegistrationDraft, base: RegistrationBase): Promise<void> => {
    const pubArea = edit((s.get('pubArea') as Uint8Array).slice());
    s.set('pubArea', pubArea);
    const c = parseCertInfo(s.get('certInfo') as Uint8Array);
    if (!keepName) c.name = nameOf(pubArea);
    await setCertInfo(s, base, encodeCertInfo(c));
  };

const attToBeSigned = (d: RegistrationDraft): Uint8Array => concat(encodeAuthData(d.authData), sha256(d.clientDataJSON));

/** Changes one field of the AIK certificate; the vendor intermediate signs it again. */
const editAik =
  (edit: (tbs: TBSCertificate) => void) =>
  (s: Stmt, _d: RegistrationDraft, base: RegistrationBase): void => {
    const [leaf, ...chain] = s.get('x5c') as Uint8Array[];
    s.set('x5c', [reissue(leaf as Uint8Array, base.ca.intermediate.keyPair.privateKey, edit), ...chain]);
  };

const IDENTITY = { manufacturer: 'id:FFFFF1D0', model: 'vfido TEST vTPM', version: 'id:00010001' };

/** The three TCG attributes in one RDN (the other SAN layout seen in the field). */
function sanOneRdn(tbs: TBSCertificate): void {
  const atv = (type: string, value: string) => new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) });
  const rdn = new RelativeDistinguishedName([
    atv(TcgOid.manufacturer, IDENTITY.manufacturer),
    atv(TcgOid.model, IDENTITY.model),
    atv(TcgOid.version, IDENTITY.version),
  ]);
  const san = new SubjectAlternativeName([new GeneralName({ directoryName: new Name([rdn]) })]);
  const value = new Uint8Array(AsnConvert.serialize(san));
  setExtension(tbs, id_ce_subjectAltName, value, true);
}

const syntax = [
  tpm('ver missing', 'L3 8.3 syntax (ver: "2.0")', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('ver') }),
  tpm("ver '1.2'", 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('ver', '1.2') }),
  tpm('ver is the integer 2', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('ver', 2) }),
  tpm('alg missing', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('alg') }),
  tpm('alg -1234', 'L3 8.3 verification (sig with alg)', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (s) => void s.set('alg', -1234) }),
  tpm('alg RS256, extraData and sig still SHA-1', 'L3 8.3 verification (extraData is the hash of attToBeSigned with the hash of alg)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => void s.set('alg', -257),
  }),
  tpm('alg RS256 with SHA-256 extraData and an RS256 sig', 'L3 8.3 verification', 'accept', 'accept', {
    statement: async (s, d, base) => {
      s.set('alg', -257);
      const c = parseCertInfo(s.get('certInfo') as Uint8Array);
      c.extraData = hash('sha256', attToBeSigned(d));
      await setCertInfo(s, base, encodeCertInfo(c), -257);
    },
  }),
  tpm('alg ES256 over the RSA AIK (SHA-256 extraData, RSASSA sig)', 'L3 8.3 verification (sig verifies with the aikCert key using alg)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: async (s, d, base) => {
      s.set('alg', -7);
      const c = parseCertInfo(s.get('certInfo') as Uint8Array);
      c.extraData = hash('sha256', attToBeSigned(d));
      await setCertInfo(s, base, encodeCertInfo(c), -257);
    },
    why: WHY.algOnlyPicksHash,
  }),
  tpm('sig missing', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('sig') }),
  tpm('sig last bit flipped', 'L3 8.3 verification (sig over certInfo)', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', flipBit(s.get('sig') as Uint8Array, -1)) }),
  tpm('sig empty', 'L3 8.3 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: (s) => void s.set('sig', new Uint8Array(0)) }),
  tpm('certInfo missing', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('certInfo') }),
  tpm('pubArea missing', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('pubArea') }),
  tpm('x5c missing', 'L3 8.3 verification (verify that x5c is present)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('x5c') }),
  tpm('x5c empty', 'L3 8.3 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  tpm('x5c without the intermediate', 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: (s) => void s.set('x5c', (s.get('x5c') as Uint8Array[]).slice(0, 1)) }),
  tpm('x5c[0] is the intermediate (not an AIK certificate)', 'L3 8.3.1', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: (s) => void s.set('x5c', (s.get('x5c') as Uint8Array[]).slice(1)),
  }),
];

const certInfo = [
  tpm('certInfo.magic is not TPM_GENERATED_VALUE', 'L3 8.3 verification (magic)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCertInfo((c) => void (c.head = concat(Uint8Array.of(0xff, 0x54, 0x43, 0x48), c.head.subarray(4)))),
  }),
  tpm('certInfo.type is TPM_ST_ATTEST_QUOTE', 'L3 8.3 verification (type is TPM_ST_ATTEST_CERTIFY)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCertInfo((c) => void (c.head = concat(c.head.subarray(0, 4), u16(0x8018)))),
  }),
  tpm('certInfo.extraData hashes other data', 'L3 8.3 verification (extraData)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: editCertInfo((c) => void (c.extraData = hash('sha1', Uint8Array.of(1, 2, 3)))),
  }),
  tpm('certInfo.extraData is SHA-256 while alg is RS1', 'L3 8.3 verification (hash of alg)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: editCertInfo((c, _s, d) => void (c.extraData = hash('sha256', attToBeSigned(d)))),
  }),
  tpm('certInfo.extraData empty', 'L3 8.3 verification', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: editCertInfo((c) => void (c.extraData = new Uint8Array(0))) }),
  tpm('certInfo.attested.name digest last bit flipped', 'L3 8.3 verification (name is the Name of pubArea)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCertInfo((c) => void (c.name = flipBit(c.name, -1))),
  }),
  tpm('certInfo.attested.name computed with SHA-1 while pubArea.nameAlg is SHA-256', 'L3 8.3 verification (Name with the nameAlg in pubArea, Part 1 16)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCertInfo((c, s) => void (c.name = nameOf(s.get('pubArea') as Uint8Array, 0x0004))),
  }),
  tpm('certInfo.qualifiedSigner changed', 'L3 8.3 verification note (qualifiedSigner is ignored)', 'accept', 'accept', {
    statement: editCertInfo((c) => void (c.qualifiedSigner = flipBit(c.qualifiedSigner, -1))),
  }),
  tpm('certInfo.clockInfo changed', 'L3 8.3 verification note (clockInfo is ignored)', 'accept', 'accept', { statement: editCertInfo((c) => void (c.clockInfo = flipBit(c.clockInfo, 0))) }),
  tpm('certInfo.firmwareVersion changed', 'L3 8.3 verification note (firmwareVersion is ignored)', 'accept', 'accept', {
    statement: editCertInfo((c) => void (c.firmwareVersion = flipBit(c.firmwareVersion, 0))),
  }),
  tpm('certInfo has one trailing byte', 'L3 8.3 syntax (certInfo is a TPMS_ATTEST, Part 2 10.12.8)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: async (s, _d, base) => setCertInfo(s, base, concat(s.get('certInfo') as Uint8Array, Uint8Array.of(0))),
    why: WHY.tpmTrailing,
  }),
  tpm('certInfo truncated (qualifiedName cut)', 'L3 8.3 syntax (certInfo is a TPMS_ATTEST)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: async (s, _d, base) => setCertInfo(s, base, (s.get('certInfo') as Uint8Array).slice(0, -4)),
    why: WHY.tpmTrailing,
  }),
  tpm('certInfo changed without a new signature (clock)', 'L3 8.3 verification (sig over certInfo)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: (s) => {
      const c = parseCertInfo(s.get('certInfo') as Uint8Array);
      c.clockInfo = flipBit(c.clockInfo, 0);
      s.set('certInfo', encodeCertInfo(c));
    },
  }),
];

const pubArea = [
  tpm('pubArea modulus last bit flipped', 'L3 8.3 verification (pubArea key is the credentialPublicKey)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editPubArea((p) => flipBit(p, -1)),
  }),
  tpm('pubArea exponent 3', 'L3 8.3 verification (parameters and unique are the credentialPublicKey)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editPubArea((p) => {
      new DataView(p.buffer, p.byteOffset).setUint32(rsaOffsets(p).exponent, 3);
      return p;
    }),
  }),
  tpm('pubArea type TPM_ALG_ECC on RSA parameters', 'L3 8.3 syntax (TPMT_PUBLIC)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editPubArea((p) => {
      p.set(u16(0x0023), 0);
      return p;
    }),
  }),
  tpm('pubArea nameAlg SHA-1 (Name computed with SHA-1)', 'L3 8.3 verification (Name with the nameAlg in pubArea)', 'accept', 'reject', {
    statement: editPubArea((p) => {
      p.set(u16(0x0004), 2);
      return p;
    }),
    why: WHY.tpmNameAlgSha1,
  }),
  tpm('pubArea nameAlg SHA-384 (Name computed with SHA-384)', 'L3 8.3 verification', 'accept', 'accept', {
    statement: editPubArea((p) => {
      p.set(u16(0x000c), 2);
      return p;
    }),
  }),
  tpm('pubArea objectAttributes changed (Name follows)', 'L3 8.3 verification (only the key is compared)', 'accept', 'accept', {
    statement: editPubArea((p) => flipBit(p, 7, 0x20)),
  }),
  tpm('pubArea has one trailing byte (Name follows)', 'L3 8.3 syntax (pubArea is a TPMT_PUBLIC, Part 2 12.2.4)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editPubArea((p) => concat(p, Uint8Array.of(0))),
    why: WHY.tpmTrailing,
  }),
  tpm('pubArea objectAttributes changed, certified Name left as it was', 'L3 8.3 verification (name is the Name of pubArea)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editPubArea((p) => flipBit(p, 7, 0x20), true),
  }),
  tpm('credential public key n last bit flipped (pubArea keeps the real key)', 'L3 8.3 verification', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(-1, flipBit(k.get(-1) as Uint8Array, -1))),
  }),
];

const aikCertificate = [
  tpm('AIK certificate is X.509 v1', 'L3 8.3.1 (Version MUST be 3)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editAik((tbs) => setVersion(tbs, 1)) }),
  tpm('AIK certificate subject not empty', 'L3 8.3.1 (Subject MUST be empty)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editAik((tbs) => setSubjectAttribute(tbs, NameOid.CN, 'vfido TEST AIK')),
  }),
  tpm('AIK certificate without subject alternative name', 'L3 8.3.1 (SAN per TCG EK profile 3.2.9)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editAik((tbs) => removeExtension(tbs, id_ce_subjectAltName)),
  }),
  tpm('AIK certificate SAN not critical', 'L3 8.3.1 via TCG EK profile 3.2.9 (critical when the subject is empty; RFC 5280 4.2.1.6)', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: editAik((tbs) => setCritical(tbs, id_ce_subjectAltName, false)),
    why: WHY.tpmSanCritical,
  }),
  tpm('AIK certificate SAN without tcg-at-tpmModel', 'L3 8.3.1, TCG EK profile 3.2.9', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editAik((tbs) => setTpmSubjectAltName(tbs, { manufacturer: IDENTITY.manufacturer, version: IDENTITY.version })),
  }),
  tpm("AIK certificate SAN manufacturer 'id:12345678' (not in the TCG vendor registry)", 'L3 8.3.1 (no registry check required)', 'accept', 'reject', {
    statement: editAik((tbs) => setTpmSubjectAltName(tbs, { ...IDENTITY, manufacturer: 'id:12345678' })),
    why: WHY.tpmManufacturer,
  }),
  tpm('AIK certificate SAN with all three attributes in one RDN', 'L3 8.3.1, TCG EK profile 3.2.9', 'accept', 'accept', { statement: editAik(sanOneRdn) }),
  tpm('AIK certificate without extended key usage', 'L3 8.3.1 (EKU MUST contain 2.23.133.8.3)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editAik((tbs) => removeExtension(tbs, id_ce_extKeyUsage)),
  }),
  tpm('AIK certificate EKU serverAuth only', 'L3 8.3.1', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editAik((tbs) => setExtendedKeyUsage(tbs, [SERVER_AUTH_OID])) }),
  tpm('AIK certificate EKU serverAuth then tcg-kp-AIKCertificate', 'L3 8.3.1 (EKU MUST contain the OID)', 'accept', 'reject', {
    statement: editAik((tbs) => setExtendedKeyUsage(tbs, [SERVER_AUTH_OID, TcgOid.aikCertificate])),
    why: WHY.tpmEkuFirst,
  }),
  tpm('AIK certificate basic constraints cA true', 'L3 8.3.1 (CA component MUST be false)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: editAik((tbs) => setBasicConstraints(tbs, true)) }),
  tpm('AIK certificate AAGUID extension names another AAGUID', 'L3 8.3 verification (id-fido-gen-ce-aaguid must match)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editAik((tbs) => setExtension(tbs, AAGUID_OID, aaguidExtensionValue(sha256('another model').subarray(0, 16)))),
  }),
  tpm('AIK certificate AAGUID extension absent', 'L3 8.3 verification (checked only if present)', 'accept', 'accept', { statement: editAik((tbs) => removeExtension(tbs, AAGUID_OID)) }),
  tpm('AIK certificate expired', 'L3 7.1 step 24 (RFC 5280 6.1.3)', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: editAik((tbs) => setNotAfter(tbs, new Date(Date.UTC(2025, 0, 1)))) }),
];

/** Every tpm row. */
export const tpmRows: RegistrationRow[] = [...syntax, ...certInfo, ...pubArea, ...aikCertificate];
