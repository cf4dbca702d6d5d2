/**
 * tpm attestation (L3 8.3) and AIK certificate requirements (8.3.1): crafted TPMS_ATTEST/TPMT_PUBLIC
 * statements that break one field each, plus tampering with a real Windows Hello statement.
 */
import { readFileSync } from 'node:fs';
import { Decoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { verifyRegistration } from '../../index.js';
import { encodeCbor } from '../../../test-utils/cbor.js';
import { generateKey } from '../../../test-utils/keys.js';
import { basicConstraints, extendedKeyUsage, makeTestCa, Oid, subjectAltNameDirectory, toPem } from '../../../test-utils/certificates.js';
import { tpm, TPM_SAN, tpmPubArea } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { TrustStore } from '../../trust/trustStore.js';
import { FORMAT } from './verifyTpm.js';
import { parseCertInfo } from './tpm/parseCertInfo.js';
import { parsePubArea } from './tpm/parsePubArea.js';
import { REAL_DEVICE_DIR } from '../../../../../test/vectors/realDevices.js';

const ca = makeTestCa('vfido tpm root', -257);
const aikExtensions = (over: { san?: boolean; eku?: string[]; ca?: boolean; sanCritical?: boolean; sanName?: typeof TPM_SAN }) => [
  ...(over.san === false ? [] : [subjectAltNameDirectory(over.sanName ?? TPM_SAN, over.sanCritical ?? true)]),
  extendedKeyUsage(over.eku ?? ['2.23.133.8.3']),
  basicConstraints(over.ca ?? false),
];

describe('verifyTpm', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('tpm'));

  it.each([
    ['RS256 AIK, RSA credential key', -257, -257],
    ['RS1 (-65535) AIK, RSA credential key', -65535, -257],
    ['RS256 AIK, P-256 credential key', -257, -7],
  ])('verifies %s and is trusted with its root', async (_name, aikAlg, credAlg) => {
    const r = await verifyCrafted({ alg: credAlg, attest: tpm(ca, { alg: aikAlg }) }, { trustStore: new TrustStore().addRoots(toPem(ca.der), { format: 'tpm' }) });
    expect(r.credential.attestation).toMatchObject({ fmt: 'tpm', type: 'attca', trusted: true });
  });

  it('parses pubArea and certInfo fields as the builder wrote them', () => {
    const key = generateKey(-7);
    const pub = parsePubArea(tpmPubArea(key));
    const jwk = key.publicKey.export({ format: 'jwk' });
    expect(pub.nameAlg).toBe(0x000b);
    expect(pub.key).toMatchObject({ type: 'ecc', curveId: 3 });
    expect(Buffer.from(pub.key.type === 'ecc' ? pub.key.x : new Uint8Array()).toString('base64url')).toBe(jwk.x);
  });

  it('rejects a certInfo whose magic is not TPM_GENERATED_VALUE', async () => {
    const e = await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { magic: 0xff544348 }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/magic/);
  });

  it('rejects a certInfo whose type is not TPM_ST_ATTEST_CERTIFY', async () => {
    const e = await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { type: 0x8018 }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/type/);
  });

  it('rejects extraData that is not the hash of authenticatorData || clientDataHash', async () => {
    await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { extraData: new Uint8Array(32) }) }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('rejects an attested name that is not the name of pubArea', async () => {
    const e = await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { name: new Uint8Array(34) }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/name/);
  });

  it('rejects a pubArea that holds another key than the credential key', async () => {
    const e = await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { pubArea: tpmPubArea(generateKey(-257)) }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/pubArea RSA key/);
  });

  it('8.3.1: rejects an AIK certificate with a subject', async () => {
    const e = await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikSubject: [[[Oid.CN, 'aik']]] }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/subject must be empty/);
  });

  it('8.3.1: rejects an AIK certificate without a critical SAN carrying the TPM attributes', async () => {
    const code = 'ERR_ATTESTATION_MALFORMED';
    expect((await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ san: false }) }) }), code)).message).toMatch(/no subject alternative name/);
    expect((await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ sanCritical: false }) }) }), code)).message).toMatch(/must be critical/);
    const noModel = TPM_SAN.filter((rdn) => rdn[0]?.[0] !== '2.23.133.2.2');
    expect((await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ sanName: noModel }) }) }), code)).message).toMatch(/lacks tpm model/);
  });

  it('8.3.1: accepts the single-RDN SAN layout some TPMs use', async () => {
    const oneRdn = [TPM_SAN.flat()] as typeof TPM_SAN;
    await expect(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ sanName: oneRdn }) }) })).resolves.toBeDefined();
  });

  it('8.3.1: rejects an AIK certificate without the tcg-kp-AIKCertificate EKU, or that is a CA', async () => {
    const code = 'ERR_ATTESTATION_MALFORMED';
    expect((await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ eku: ['1.3.6.1.5.5.7.3.2'] }) }) }), code)).message).toMatch(/2\.23\.133\.8\.3/);
    expect((await expectCode(verifyCrafted({ alg: -257, attest: tpm(ca, { aikExtensions: aikExtensions({ ca: true }) }) }), code)).message).toMatch(/must not be a CA/);
  });

  it('rejects ver other than 2.0 and a truncated certInfo', async () => {
    const attest = tpm(ca);
    const edit = (key: string, value: unknown) => (a: Uint8Array, h: Uint8Array, k: Parameters<typeof attest>[2]) => {
      const s = attest(a, h, k);
      s.attStmt.set(key, value);
      return s;
    };
    await expectCode(verifyCrafted({ alg: -257, attest: edit('ver', '1.2') }), 'ERR_ATTESTATION_MALFORMED');
    await expectCode(verifyCrafted({ alg: -257, attest: edit('certInfo', new Uint8Array(20)) }), 'ERR_ATTESTATION_MALFORMED');
  });

  describe('real Windows Hello statement (tpm-windows-hello.json, first entry)', () => {
    const fx = JSON.parse(readFileSync(`${REAL_DEVICE_DIR}tpm-windows-hello.json`, 'utf8')).fixtures[0];
    const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
    const ao = decoder.decode(Buffer.from(fx.attestationObject, 'base64url')) as Map<string, unknown>;
    const attStmt = ao.get('attStmt') as Map<string, unknown>;
    const authData = ao.get('authData') as Buffer;
    const id = authData.subarray(55, 55 + authData.readUInt16BE(53)).toString('base64url');
    const run = (stmt: Map<string, unknown>) =>
      verifyRegistration({
        response: {
          id,
          rawId: id,
          type: 'public-key',
          response: { clientDataJSON: fx.clientDataJSON, attestationObject: Buffer.from(encodeCbor(new Map<string, unknown>([['fmt', 'tpm'], ['attStmt', stmt], ['authData', authData]]))).toString('base64url') },
        },
        expectedChallenge: fx.expectedChallenge,
        expectedOrigin: fx.expectedOrigin,
        expectedRpId: fx.expectedRPID,
      });
    const withField = (key: string, mutate: (b: Buffer) => void) => {
      const copy = Buffer.from(attStmt.get(key) as Uint8Array);
      mutate(copy);
      return new Map(attStmt).set(key, copy);
    };

    it('parses its certInfo: magic, type and a SHA-1 extraData (alg RS1)', () => {
      const info = parseCertInfo(attStmt.get('certInfo') as Uint8Array);
      expect(info.magic).toBe(0xff544347);
      expect(info.type).toBe(0x8017);
      expect(info.extraData.byteLength).toBe(20);
      expect(attStmt.get('alg')).toBe(-65535);
    });

    it('re-encoded unchanged, it verifies', async () => {
      await expect(run(attStmt)).resolves.toMatchObject({ credential: { attestation: { type: 'attca' } } });
    });

    it('a flipped signature bit fails the AIK signature', async () => {
      await expectCode(run(withField('sig', (b) => (b[10] = (b[10] ?? 0) ^ 1))), 'ERR_ATTESTATION_SIGNATURE');
    });

    it('a changed magic byte is rejected', async () => {
      await expectCode(run(withField('certInfo', (b) => (b[0] = 0))), 'ERR_ATTESTATION_MALFORMED');
    });

    it('a changed modulus byte in pubArea no longer matches the credential key', async () => {
      await expectCode(run(withField('pubArea', (b) => (b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 1))), 'ERR_ATTESTATION_MALFORMED');
    });
  });
});
