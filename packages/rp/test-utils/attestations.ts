/**
 * Test-only attestation statement builders for every format (WebAuthn L3 8.2-8.8), each signed by a test CA
 * chain, with knobs to break one requirement at a time.
 * @module
 */
import { createHash, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AuthorizationList, IntegerSet, KeyDescription } from '@peculiar/asn1-android';
import {
  aaguidExtension,
  basicConstraints,
  extendedKeyUsage,
  makeCertificate,
  Oid,
  subjectAltNameDirectory,
  subjectAltNameDns,
  type TestCertificate,
  type TestExtension,
  type TestName,
} from './certificates.js';
import { AAGUID } from './ceremony.js';
import { generateKey, signWith, type TestKey } from './keys.js';

type Statement = { fmt: string; attStmt: Map<string, unknown> };
type Attest = (authData: Uint8Array, clientDataHash: Uint8Array, key: TestKey) => Statement;

/** The subject L3 8.2.1 requires of a packed attestation certificate. */
export const PACKED_SUBJECT: TestName = [
  [[Oid.C, 'US']],
  [[Oid.O, 'vfido tests']],
  [[Oid.OU, 'Authenticator Attestation']],
  [[Oid.CN, 'vfido batch 1']],
];

/** Options of {@link packedFull}. */
export interface PackedFullOptions {
  subject?: TestName;
  extensions?: TestExtension[];
  version?: number;
  attestationKey?: TestKey;
  /** Extra CA certificates placed after the leaf in x5c. */
  chain?: TestCertificate[];
  notBefore?: Date;
  notAfter?: Date;
}

/** Packed full attestation with an attestation certificate issued by `ca`. */
export function packedFull(ca: TestCertificate, o: PackedFullOptions = {}): Attest {
  const attKey = o.attestationKey ?? generateKey(-7);
  const leaf = makeCertificate({
    subject: o.subject ?? PACKED_SUBJECT,
    publicKey: attKey.publicKey,
    issuer: ca,
    extensions: o.extensions ?? [aaguidExtension(AAGUID), basicConstraints(false)],
    version: o.version,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
  });
  return (authData, clientDataHash) => ({
    fmt: 'packed',
    attStmt: new Map<string, unknown>([
      ['alg', attKey.alg],
      ['sig', signWith(attKey, Buffer.concat([authData, clientDataHash]))],
      ['x5c', [leaf.der, ...(o.chain ?? []).map((c) => c.der)]],
    ]),
  });
}

/** fido-u2f attestation: the cert key signs 0x00 || rpIdHash || clientDataHash || credId || 0x04 || x || y. */
export function fidoU2f(ca: TestCertificate, o: { attestationKey?: TestKey; extraCerts?: Uint8Array[] } = {}): Attest {
  const attKey = o.attestationKey ?? generateKey(-7);
  const leaf = makeCertificate({ subject: [[[Oid.CN, 'vfido u2f']]], publicKey: attKey.publicKey, issuer: ca });
  return (authData, clientDataHash, key) => {
    const idLen = Buffer.from(authData).readUInt16BE(53);
    const credentialId = authData.subarray(55, 55 + idLen);
    const jwk = key.publicKey.export({ format: 'jwk' });
    const data = Buffer.concat([
      Buffer.of(0),
      authData.subarray(0, 32),
      clientDataHash,
      credentialId,
      Buffer.of(4),
      Buffer.from(jwk.x ?? '', 'base64url'),
      Buffer.from(jwk.y ?? '', 'base64url'),
    ]);
    return {
      fmt: 'fido-u2f',
      attStmt: new Map<string, unknown>([['sig', signWith(attKey, data, -7)], ['x5c', [leaf.der, ...(o.extraCerts ?? [])]]]),
    };
  };
}

/** DER of Apple's nonce extension value: SEQUENCE { [1] EXPLICIT OCTET STRING nonce }. */
function appleNonce(nonce: Uint8Array): Uint8Array {
  return new Uint8Array([0x30, nonce.byteLength + 4, 0xa1, nonce.byteLength + 2, 0x04, nonce.byteLength, ...nonce]);
}

/** Apple anonymous attestation: credCert certifies the credential key and carries the nonce. */
export function apple(ca: TestCertificate, o: { nonce?: Uint8Array; certKey?: TestKey } = {}): Attest {
  return (authData, clientDataHash, key) => {
    const nonce = o.nonce ?? createHash('sha256').update(authData).update(clientDataHash).digest();
    const cert = makeCertificate({
      subject: [[[Oid.CN, 'vfido apple credential']]],
      publicKey: (o.certKey ?? key).publicKey,
      issuer: ca,
      extensions: [{ oid: '1.2.840.113635.100.8.2', value: appleNonce(nonce) }],
    });
    return { fmt: 'apple', attStmt: new Map<string, unknown>([['x5c', [cert.der, ca.der]]]) };
  };
}

/** Knobs of {@link androidKey}. */
export interface AndroidKeyOptions {
  challenge?: Uint8Array;
  tee?: Partial<AuthorizationList>;
  software?: Partial<AuthorizationList>;
  certKey?: TestKey;
}

/** android-key attestation: the credential key signs; its certificate carries a KeyDescription. */
export function androidKey(ca: TestCertificate, o: AndroidKeyOptions = {}): Attest {
  return (authData, clientDataHash, key) => {
    const description = new KeyDescription({
      attestationVersion: 3,
      attestationSecurityLevel: 1,
      keymasterVersion: 4,
      keymasterSecurityLevel: 1,
      attestationChallenge: new OctetString(o.challenge ?? clientDataHash),
      uniqueId: new OctetString(0),
      softwareEnforced: new AuthorizationList(o.software ?? {}),
      teeEnforced: new AuthorizationList({ purpose: new IntegerSet([2]), origin: 0, ...o.tee }),
    });
    const cert = makeCertificate({
      subject: [[[Oid.CN, 'Android Keystore Key']]],
      publicKey: (o.certKey ?? key).publicKey,
      issuer: ca,
      extensions: [{ oid: '1.3.6.1.4.1.11129.2.1.17', value: new Uint8Array(AsnConvert.serialize(description)) }],
    });
    return {
      fmt: 'android-key',
      attStmt: new Map<string, unknown>([
        ['alg', key.alg],
        ['sig', signWith(key, Buffer.concat([authData, clientDataHash]))],
        ['x5c', [cert.der, ca.der]],
      ]),
    };
  };
}

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const tpm2b = (b: Uint8Array): Buffer => Buffer.concat([u16(b.byteLength), b]);

/** TPMT_PUBLIC for an RSA or P-256 credential key (nameAlg SHA-256, no symmetric, scheme NULL). */
export function tpmPubArea(key: TestKey): Buffer {
  const jwk = key.publicKey.export({ format: 'jwk' });
  const head = (type: number): Buffer => Buffer.concat([u16(type), u16(0x000b), Buffer.from('00060472', 'hex'), tpm2b(new Uint8Array(0))]);
  if (jwk.kty === 'RSA') {
    const e = Buffer.from(jwk.e ?? '', 'base64url');
    const exponent = Buffer.alloc(4);
    exponent.writeUInt32BE(e.readUIntBE(0, e.length));
    const n = Buffer.from(jwk.n ?? '', 'base64url');
    return Buffer.concat([head(0x0001), u16(0x0010), u16(0x0010), u16(n.length * 8), exponent, tpm2b(n)]);
  }
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  return Buffer.concat([head(0x0023), u16(0x0010), u16(0x0010), u16(0x0003), u16(0x0010), tpm2b(x), tpm2b(y)]);
}

/** Knobs of {@link tpm}: corrupt one field of certInfo or the AIK certificate. */
export interface TpmOptions {
  alg?: number;
  magic?: number;
  type?: number;
  extraData?: Uint8Array;
  name?: Uint8Array;
  pubArea?: Uint8Array;
  aikSubject?: TestName;
  aikExtensions?: TestExtension[];
}

/** The TCG SAN a Windows AIK certificate carries (one RDN per attribute). */
export const TPM_SAN: TestName = [[['2.23.133.2.1', 'id:53544D20']], [['2.23.133.2.2', 'ST33HTPxAHA6']], [['2.23.133.2.3', 'id:00470004']]];

/** TPM attestation: an RSA AIK signs TPMS_ATTEST (TPM_ST_ATTEST_CERTIFY) over the credential's pubArea. */
export function tpm(ca: TestCertificate, o: TpmOptions = {}): Attest {
  const aik = generateKey(o.alg ?? -257);
  const aikCert = makeCertificate({
    subject: o.aikSubject ?? [],
    publicKey: aik.publicKey,
    issuer: ca,
    extensions: o.aikExtensions ?? [
      subjectAltNameDirectory(TPM_SAN, true),
      extendedKeyUsage(['2.23.133.8.3']),
      basicConstraints(false),
      aaguidExtension(AAGUID),
    ],
  });
  return (authData, clientDataHash, key) => {
    const alg = o.alg ?? -257;
    const hash = alg === -65535 ? 'sha1' : 'sha256';
    const pubArea = o.pubArea ?? tpmPubArea(key);
    const name = o.name ?? Buffer.concat([u16(0x000b), createHash('sha256').update(pubArea).digest()]);
    const extraData = o.extraData ?? createHash(hash).update(authData).update(clientDataHash).digest();
    const magic = Buffer.alloc(4);
    magic.writeUInt32BE(o.magic ?? 0xff544347);
    const certInfo = Buffer.concat([
      magic,
      u16(o.type ?? 0x8017),
      tpm2b(Buffer.concat([u16(0x000b), Buffer.alloc(32, 7)])), // qualifiedSigner
      tpm2b(extraData),
      Buffer.alloc(17, 0), // clockInfo
      Buffer.alloc(8, 0), // firmwareVersion
      tpm2b(name),
      tpm2b(Buffer.concat([u16(0x000b), Buffer.alloc(32, 9)])), // qualifiedName
    ]);
    return {
      fmt: 'tpm',
      attStmt: new Map<string, unknown>([
        ['ver', '2.0'],
        ['alg', alg],
        ['x5c', [aikCert.der, ca.der]],
        ['sig', signWith(aik, certInfo, alg)],
        ['certInfo', certInfo],
        ['pubArea', pubArea],
      ]),
    };
  };
}

/** Knobs of {@link safetyNet}. */
export interface SafetyNetOptions {
  now: Date;
  timestampMs?: number;
  ctsProfileMatch?: boolean;
  nonce?: string;
  hostname?: string;
  /** Corrupt the signature. */
  badSignature?: boolean;
}

/** android-safetynet attestation: an ES256 JWS from a certificate for attest.android.com. */
export function safetyNet(ca: TestCertificate, o: SafetyNetOptions): Attest {
  const jwsKey = generateKey(-7);
  const leaf = makeCertificate({
    subject: [[[Oid.O, 'Google LLC']], [[Oid.CN, o.hostname ?? 'attest.android.com']]],
    publicKey: jwsKey.publicKey,
    issuer: ca,
    extensions: [subjectAltNameDns([o.hostname ?? 'attest.android.com'])],
  });
  return (authData, clientDataHash) => {
    const header = { alg: 'ES256', x5c: [leaf.der, ca.der].map((d) => Buffer.from(d).toString('base64')) };
    const payload = {
      nonce: o.nonce ?? createHash('sha256').update(authData).update(clientDataHash).digest('base64'),
      timestampMs: o.timestampMs ?? o.now.getTime(),
      apkPackageName: 'com.google.android.gms',
      ctsProfileMatch: o.ctsProfileMatch ?? true,
      basicIntegrity: true,
    };
    const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const signingInput = `${enc(header)}.${enc(payload)}`;
    const sig = sign('sha256', Buffer.from(signingInput), { key: jwsKey.privateKey, dsaEncoding: 'ieee-p1363' });
    if (o.badSignature) sig[5] = (sig[5] ?? 0) ^ 1;
    const jws = `${signingInput}.${sig.toString('base64url')}`;
    return { fmt: 'android-safetynet', attStmt: new Map<string, unknown>([['ver', '2330000'], ['response', new TextEncoder().encode(jws)]]) };
  };
}
