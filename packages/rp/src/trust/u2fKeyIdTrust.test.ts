/**
 * U2F models in FIDO MDS3: entries keyed by `attestationCertificateKeyIdentifiers` instead of `aaguid` (MDS 3.0 3.1.1;
 * Metadata Statement 3.0 section 4: hex key identifiers, RFC 5280 4.2.1.2 method 1). The attestation certificates
 * are built here with @peculiar/x509; the BLOB is signed with node:crypto. Zero-AAGUID attestations find their
 * entry by the leaf's key identifier; its roots anchor the chain and its status reports can revoke the model.
 */
import 'reflect-metadata';
import { createHash, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIntermediateCa, makeTestCa, makeCertificate, Oid, toPem } from '../../test-utils/certificates.js';
import { generateKey } from '../../test-utils/keys.js';
import { expectThrowCode } from '../../test-utils/expectCode.js';
import { parseCertificate, type ParsedCertificate } from '../cert/parseCertificate.js';
import { assessTrust } from '../registration/assessTrust.js';
import { TrustStore } from './trustStore.js';

const ZERO = '00000000-0000-0000-0000-000000000000';
const YUBI = 'c5ef55ff-ad9a-4b9f-b580-adebafe026d0';
const at = new Date('2026-01-01T00:00:00Z');
const b64 = (der: ArrayBuffer | Uint8Array) => Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
const mdsRoot = makeTestCa('u2f test mds root');
const mdsInter = makeIntermediateCa(mdsRoot, 'u2f test mds intermediate');
const blobKey = generateKey(-7);
const blobSigner = makeCertificate({ subject: [[[Oid.CN, 'u2f test blob signer']]], publicKey: blobKey.publicKey, issuer: mdsInter });

/** Signs `payload` as an ES256 compact JWS (RFC 7515) whose x5c chains to `mdsRoot`. */
function jws(payload: unknown): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'ES256', typ: 'JWT', x5c: [b64(blobSigner.der), b64(mdsInter.der)] })}.${enc(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: blobKey.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const keys = () => webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;

/** A self-signed attestation root (CA:true). */
async function makeRoot(name: string) {
  const pair = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${name}`, notBefore: new Date('2024-01-01'), notAfter: new Date('2049-12-31'), keys: pair, signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), await x509.SubjectKeyIdentifierExtension.create(pair.publicKey)],
  });
  return { pair, cert };
}

/** A U2F attestation certificate issued by `root`: with a method-1 SKI, without one, or with some other SKI value. */
async function makeLeaf(root: Awaited<ReturnType<typeof makeRoot>>, ski: 'method1' | 'none' | string) {
  const pair = await keys();
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, true)];
  if (ski === 'method1') extensions.push(await x509.SubjectKeyIdentifierExtension.create(pair.publicKey));
  else if (ski !== 'none') extensions.push(new x509.SubjectKeyIdentifierExtension(ski));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: 'CN=U2F test attestation', issuer: root.cert.subject, notBefore: new Date('2024-01-01'), notAfter: new Date('2049-12-31'),
    publicKey: pair.publicKey, signingKey: root.pair.privateKey, signingAlgorithm: ALG, extensions,
  });
  // RFC 5280 4.2.1.2 method 1, computed independently: SHA-1 of the P-256 point (the BIT STRING's value, the SPKI's last 65 bytes).
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { cert, parsed: parseCertificate(new Uint8Array(cert.rawData)), method1: createHash('sha1').update(spki.subarray(spki.length - 65)).digest('hex') };
}

const entry = (keyIds: string[], roots: x509.X509Certificate[], statusReports: unknown[] = [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-11-19' }]) => ({
  attestationCertificateKeyIdentifiers: keyIds,
  metadataStatement: {
    description: 'Test U2F key', protocolFamily: 'u2f', attestationCertificateKeyIdentifiers: keyIds, attestationTypes: ['basic_full'],
    attestationRootCertificates: roots.map((r) => b64(r.rawData)),
  },
  statusReports,
  timeOfLastStatusChange: '2020-11-19',
});
const blob = (entries: unknown[]) => jws({ legalHeader: 'test', no: 1, nextUpdate: '2030-01-01', entries });
const loaded = (entries: unknown[]) => {
  const store = new TrustStore();
  store.addMdsBlob(blob(entries), { roots: toPem(mdsRoot.der), now: at });
  return store;
};
const trust = (store: TrustStore, leaf: ParsedCertificate, aaguid = ZERO, fmt = 'fido-u2f') =>
  assessTrust({ type: 'basic', trustPath: [leaf] }, store, { fmt, aaguid, now: at });

let root: Awaited<ReturnType<typeof makeRoot>>;
let otherRoot: Awaited<ReturnType<typeof makeRoot>>;
let withSki: Awaited<ReturnType<typeof makeLeaf>>;
let noSki: Awaited<ReturnType<typeof makeLeaf>>;
let oddSki: Awaited<ReturnType<typeof makeLeaf>>;
beforeAll(async () => {
  [root, otherRoot] = await Promise.all([makeRoot('U2F test root'), makeRoot('another U2F test root')]);
  [withSki, noSki, oddSki] = await Promise.all([makeLeaf(root, 'method1'), makeLeaf(root, 'none'), makeLeaf(root, '0102030405060708090a0b0c0d0e0f1011121314')]);
});

describe('U2F entries by attestationCertificateKeyIdentifiers', () => {
  it('a zero-AAGUID attestation whose leaf key id is listed chains to the entry\'s roots: trusted', () => {
    expect(withSki.cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toBe(withSki.method1);
    const store = loaded([entry([withSki.method1.toUpperCase()], [root.cert])]);
    expect(trust(store, withSki.parsed)).toBe(true);
    // Any format with a zero AAGUID (e.g. packed from a U2F-era key), not only fido-u2f.
    expect(trust(store, withSki.parsed, ZERO, 'packed')).toBe(true);
    expect(store.metadataStatementForKeyId(withSki.method1)?.description).toBe('Test U2F key');
    expect(store.authenticatorStatusForKeyId(withSki.method1)).toMatchObject({ latest: 'FIDO_CERTIFIED_L1', revoked: false });
    expect(store.metadataStatement(ZERO)).toBeUndefined();
  });

  it('a leaf without an SKI extension is found by method 1 (SHA-1 of its subjectPublicKey bits)', () => {
    expect(noSki.cert.getExtension(x509.SubjectKeyIdentifierExtension)).toBeNull();
    expect(trust(loaded([entry([noSki.method1], [root.cert])]), noSki.parsed)).toBe(true);
  });

  it('a leaf whose SKI extension is not method 1 is found by method 1, and by its extension value', () => {
    expect(oddSki.method1).not.toBe('0102030405060708090a0b0c0d0e0f1011121314');
    expect(trust(loaded([entry([oddSki.method1], [root.cert])]), oddSki.parsed)).toBe(true);
    expect(trust(loaded([entry(['0102030405060708090a0b0c0d0e0f1011121314'], [root.cert])]), oddSki.parsed)).toBe(true);
  });

  it('a listed key id whose chain does not reach the entry\'s roots: ERR_ATTESTATION_UNTRUSTED with the key ids', () => {
    const store = loaded([entry([withSki.method1], [otherRoot.cert])]);
    expectThrowCode(() => trust(store, withSki.parsed), 'ERR_ATTESTATION_UNTRUSTED');
    try {
      trust(store, withSki.parsed);
    } catch (e) {
      expect(e).toMatchObject({ details: { aaguid: ZERO, fmt: 'fido-u2f', keyIds: [withSki.method1] } });
    }
  });

  it('an unlisted key id, or a non-zero AAGUID, does not use the U2F entry: untrusted, no error', () => {
    const store = loaded([entry([noSki.method1], [root.cert])]);
    expect(trust(store, withSki.parsed)).toBe(false);
    expect(trust(loaded([entry([withSki.method1], [root.cert])]), withSki.parsed, YUBI, 'packed')).toBe(false);
  });

  it('a revoking status report on the entry rejects the registration: ERR_AUTHENTICATOR_REVOKED', () => {
    const reports = [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }, { status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2023-01-01' }];
    const store = loaded([entry([withSki.method1], [root.cert], reports)]);
    expect(store.authenticatorStatusForKeyId(withSki.method1)).toMatchObject({ latest: 'ATTESTATION_KEY_COMPROMISE', revoked: true });
    expectThrowCode(() => trust(store, withSki.parsed), 'ERR_AUTHENTICATOR_REVOKED');
    try {
      trust(store, withSki.parsed);
    } catch (e) {
      expect(e).toMatchObject({ details: { aaguid: ZERO, status: 'ATTESTATION_KEY_COMPROMISE', keyId: withSki.method1 } });
    }
    // The same leaf under a non-zero AAGUID is not that U2F model.
    expect(trust(store, withSki.parsed, YUBI, 'packed')).toBe(false);
  });

  it('addRoots takes a keyId scope (hex, any case) and rejects a malformed one', () => {
    const pem = toPem(new Uint8Array(root.cert.rawData));
    const store = new TrustStore().addRoots(pem, { keyId: withSki.method1.toUpperCase() });
    expect(store.anchorsFor({ aaguid: ZERO, keyIds: [withSki.method1] })).toHaveLength(1);
    expect(store.anchorsFor({ aaguid: ZERO, keyIds: [noSki.method1] })).toHaveLength(0);
    expect(trust(store, withSki.parsed)).toBe(true);
    expectThrowCode(() => new TrustStore().addRoots(pem, { keyId: 'xyz' }), 'ERR_TRUST_ANCHOR_INVALID');
  });
});
