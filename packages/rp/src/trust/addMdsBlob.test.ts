/**
 * TrustStore.addMdsBlob on BLOBs signed here with node:crypto in the real MDS3 shape (MDS 3.0 3.1.1-3.1.8):
 * ES256 / RS256 / PS256 JWS, x5c = [signer, intermediate] chained to a configured root, UAF and U2F entries
 * beside FIDO2 ones, status reports with dates and certificates.
 */
import { constants, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeCertificate, makeIntermediateCa, makeTestCa, Oid, toPem, type TestCertificate } from '../../test-utils/certificates.js';
import { generateKey, type TestKey } from '../../test-utils/keys.js';
import { isVerificationError, type VerificationErrorCodeValue } from '../errors.js';
import { summarizeStatus } from './authenticatorStatus.js';
import { TrustStore } from './trustStore.js';

const AAGUID = 'c5ef55ff-ad9a-4b9f-b580-adebafe026d0';
const OTHER = '08987058-cadc-4b81-b6e1-30de50dcbe96';
const at = new Date('2026-01-01T00:00:00Z');
const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
const mdsRoot = makeTestCa('test mds root');
const mdsInter = makeIntermediateCa(mdsRoot, 'test mds intermediate');
const attestationRoot = makeTestCa('test attestation root');

function signer(alg: number, issuer: TestCertificate = mdsInter): { key: TestKey; cert: TestCertificate } {
  const key = generateKey(alg);
  return { key, cert: makeCertificate({ subject: [[[Oid.CN, 'test blob signer']]], publicKey: key.publicKey, issuer }) };
}

/** Signs `payload` as a compact JWS with `alg` (RFC 7515 / 7518). */
function jws(payload: unknown, alg: 'ES256' | 'RS256' | 'PS256' = 'ES256', s = signer(alg === 'ES256' ? -7 : -257)): string {
  const header = { alg, typ: 'JWT', x5c: [b64(s.cert.der), b64(mdsInter.der)] };
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  const options =
    alg === 'ES256'
      ? { key: s.key.privateKey, dsaEncoding: 'ieee-p1363' as const }
      : alg === 'PS256'
        ? { key: s.key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : { key: s.key.privateKey };
  return `${input}.${sign('sha256', Buffer.from(input), options).toString('base64url')}`;
}

const payload = (statusReports: unknown[] = [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-05-12' }]) => ({
  legalHeader: 'test',
  no: 78,
  nextUpdate: '2030-07-01',
  entries: [
    { aaid: '4e4e#4005', metadataStatement: { description: 'uaf', attestationRootCertificates: [] }, statusReports: [] },
    { attestationCertificateKeyIdentifiers: ['f4b64a68c334e901b8e23c6e66e6866c31931f5d'], metadataStatement: { description: 'u2f' }, statusReports: [] },
    {
      aaguid: AAGUID,
      metadataStatement: {
        legalHeader: 'x', aaguid: AAGUID, description: 'YubiKey 5 Series with Lightning', authenticatorVersion: 328706, protocolFamily: 'fido2',
        schema: 3, upv: [{ major: 1, minor: 0 }], attestationTypes: ['basic_full'], attestationRootCertificates: [b64(attestationRoot.der)],
        authenticatorGetInfo: { versions: ['FIDO_2_0'], aaguid: AAGUID.replace(/-/g, '') },
      },
      statusReports,
      timeOfLastStatusChange: '2020-05-12',
    },
    { aaguid: OTHER.toUpperCase(), metadataStatement: { description: 'no roots' }, statusReports: [{ status: 'NOT_FIDO_CERTIFIED' }] },
  ],
});

function expectCode(fn: () => unknown, code: VerificationErrorCodeValue) {
  try {
    fn();
    expect.unreachable(`expected ${code}`);
  } catch (e) {
    expect(isVerificationError(e, code), String(e)).toBe(true);
  }
}

describe('TrustStore.addMdsBlob', () => {
  it.each(['ES256', 'RS256', 'PS256'] as const)('loads a %s BLOB: AAGUID and U2F key-id entries (not UAF), roots scoped to their AAGUID', (alg) => {
    const store = new TrustStore();
    expect(store.addMdsBlob(jws(payload(), alg), { roots: toPem(mdsRoot.der), now: at })).toEqual({ no: 78, nextUpdate: '2030-07-01', entries: 3, stale: false });
    expect(store.metadataStatementForKeyId('F4B64A68C334E901B8E23C6E66E6866C31931F5D')).toMatchObject({ description: 'u2f', attestationRootCertificates: [] });
    expect(store.size).toBe(1);
    expect(store.anchorsFor({ aaguid: AAGUID.replace(/-/g, '').toUpperCase(), format: 'packed' })).toHaveLength(1);
    expect(store.anchorsFor({ aaguid: OTHER, format: 'packed' })).toHaveLength(0);
    expect(store.metadataStatement(AAGUID)).toMatchObject({ description: 'YubiKey 5 Series with Lightning', authenticatorVersion: 328706, upv: [{ major: 1, minor: 0 }] });
    expect(store.metadataStatement(OTHER)?.attestationRootCertificates).toEqual([]);
    expect(store.authenticatorStatus(AAGUID)).toEqual({
      latest: 'FIDO_CERTIFIED_L1', revoked: false, reports: [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-05-12' }],
    });
  });

  it('replaces the previous BLOB and reports a past nextUpdate as stale (not an error)', () => {
    const store = new TrustStore().addRoots(toPem(mdsRoot.der));
    store.addMdsBlob(jws(payload()), { roots: toPem(mdsRoot.der), now: at });
    const summary = store.addMdsBlob(jws(payload()), { roots: [toPem(mdsRoot.der)], now: new Date('2031-01-01T00:00:00Z') });
    expect(summary.stale).toBe(true);
    expect(store.size).toBe(2);
  });

  it('refuses a chain to another root, an expired chain, and a chain with the root missing', () => {
    const blob = jws(payload());
    expectCode(() => new TrustStore().addMdsBlob(blob, { roots: toPem(makeTestCa('other').der), now: at }), 'ERR_MDS_UNTRUSTED_CHAIN');
    expectCode(() => new TrustStore().addMdsBlob(blob, { roots: toPem(mdsRoot.der), now: new Date('2040-01-01T00:00:00Z') }), 'ERR_MDS_UNTRUSTED_CHAIN');
    expectCode(() => new TrustStore().addMdsBlob(blob, { roots: [], now: at }), 'ERR_TRUST_ANCHOR_INVALID');
    expectCode(() => new TrustStore().addMdsBlob(blob, { roots: 'junk', now: at }), 'ERR_TRUST_ANCHOR_INVALID');
  });

  it('refuses a bad signature, a signer of the wrong curve, and malformed BLOBs; the store stays empty', () => {
    const store = new TrustStore();
    const [h, p, s] = jws(payload()).split('.') as [string, string, string];
    const sig = Buffer.from(s, 'base64url');
    sig[5] = (sig[5] ?? 0) ^ 1;
    expectCode(() => store.addMdsBlob(`${h}.${p}.${sig.toString('base64url')}`, { roots: toPem(mdsRoot.der), now: at }), 'ERR_MDS_SIGNATURE');
    expectCode(() => store.addMdsBlob(jws(payload(), 'ES256', signer(-35)), { roots: toPem(mdsRoot.der), now: at }), 'ERR_MDS_SIGNATURE');
    const header = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const bad of [
      'a.b',
      `${header({ alg: 'none', x5c: [b64(mdsInter.der)] })}.${p}.${s}`,
      `${header({ alg: 'HS256', x5c: [b64(mdsInter.der)] })}.${p}.${s}`,
      `${header({ alg: 'ES256' })}.${p}.${s}`,
      `${header({ alg: 'ES256', x5c: ['!!'] })}.${p}.${s}`,
      `${h}.not-json.${s}`,
      jws({ ...payload(), entries: {} }),
      jws({ ...payload(), no: 'x' }),
      jws({ ...payload(), entries: [{ aaguid: 'zz', metadataStatement: { description: 'x' }, statusReports: [] }] }),
      jws({ ...payload(), entries: [{ aaguid: AAGUID, metadataStatement: { description: 'x', attestationRootCertificates: ['AAAA'] }, statusReports: [] }] }),
      jws({ ...payload(), entries: [{ aaguid: AAGUID, metadataStatement: { description: 'x' }, statusReports: [{}] }] }),
      jws({ ...payload(), entries: [{ attestationCertificateKeyIdentifiers: ['not hex'], metadataStatement: { description: 'x' }, statusReports: [] }] }),
      jws({ ...payload(), entries: [{ attestationCertificateKeyIdentifiers: [], metadataStatement: { description: 'x' }, statusReports: [] }] }),
      jws({ ...payload(), entries: [{ attestationCertificateKeyIdentifiers: 'abcd', metadataStatement: { description: 'x' }, statusReports: [] }] }),
      jws({ ...payload(), entries: [{ attestationCertificateKeyIdentifiers: ['abcd'], metadataStatement: { description: 'x' } }] }),
      jws({ ...payload(), entries: [{ attestationCertificateKeyIdentifiers: ['abcd'], metadataStatement: { description: 'x', attestationRootCertificates: ['AAAA'] }, statusReports: [] }] }),
    ]) {
      expectCode(() => store.addMdsBlob(bad, { roots: toPem(mdsRoot.der), now: at }), 'ERR_MDS_MALFORMED');
    }
    expect(store.size).toBe(0);
  });
});

describe('authenticator status (MDS 3.0 3.1.4)', () => {
  it.each([
    [[{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }, { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2023-01-01' }], 'USER_VERIFICATION_BYPASS', true],
    [[{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2022-01-01' }, { status: 'UPDATE_AVAILABLE', effectiveDate: '2023-01-01' }], 'UPDATE_AVAILABLE', false],
    [[{ status: 'FIDO_CERTIFIED', effectiveDate: '2023-01-01' }, { status: 'REVOKED', effectiveDate: '2023-01-01' }], 'REVOKED', true],
    [[{ status: 'USER_KEY_REMOTE_COMPROMISE' }], 'USER_KEY_REMOTE_COMPROMISE', true],
    [[{ status: 'USER_KEY_PHYSICAL_COMPROMISE', effectiveDate: '2024-02-02' }, { status: 'NOT_FIDO_CERTIFIED' }], 'USER_KEY_PHYSICAL_COMPROMISE', true],
  ])('%j -> %s (revoked %s)', (reports, latest, revoked) => {
    expect(summarizeStatus(reports)).toEqual({ latest, revoked, reports });
    const store = new TrustStore();
    store.addMdsBlob(jws(payload(reports)), { roots: toPem(mdsRoot.der), now: at });
    expect(store.authenticatorStatus(AAGUID)).toMatchObject({ latest, revoked });
  });

  it('has no summary for an entry without reports', () => {
    expect(summarizeStatus([])).toBeUndefined();
  });
});
