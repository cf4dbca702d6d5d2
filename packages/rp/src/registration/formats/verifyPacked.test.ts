/**
 * packed attestation (L3 8.2) and its certificate requirements (8.2.1), with crafted statements.
 */
import { describe, expect, it } from 'vitest';
import { coseKey, generateKey, signWith } from '../../../test-utils/keys.js';
import { AAGUID } from '../../../test-utils/ceremony.js';
import { aaguidExtension, basicConstraints, makeCertificate, makeTestCa, Oid } from '../../../test-utils/certificates.js';
import { PACKED_SUBJECT, packedFull } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { FORMAT } from './verifyPacked.js';

const ca = makeTestCa('vfido packed root');
const otherAaguid = new Uint8Array(16).fill(0x42);

describe('verifyPacked', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('packed'));

  it('verifies full attestation and returns the x5c trust path', async () => {
    const r = await verifyCrafted({ attest: packedFull(ca, { chain: [ca] }) });
    expect(r.credential.attestation.type).toBe('basic');
    expect(r.credential.attestation.trustPath).toHaveLength(2);
    expect(Buffer.from(r.credential.attestation.trustPath[1]!).equals(Buffer.from(ca.der))).toBe(true);
  });

  it('accepts an attestation certificate without the optional aaguid extension', async () => {
    await expect(verifyCrafted({ attest: packedFull(ca, { extensions: [basicConstraints(false)] }) })).resolves.toBeDefined();
  });

  it('8.2.1: rejects a non-v3 certificate', async () => {
    const e = await expectCode(verifyCrafted({ attest: packedFull(ca, { version: 1 }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/v1; v3 required/);
  });

  it.each([
    ['C', PACKED_SUBJECT.filter((rdn) => rdn[0]?.[0] !== Oid.C)],
    ['O', PACKED_SUBJECT.filter((rdn) => rdn[0]?.[0] !== Oid.O)],
    ['CN', PACKED_SUBJECT.filter((rdn) => rdn[0]?.[0] !== Oid.CN)],
    ['OU', PACKED_SUBJECT.filter((rdn) => rdn[0]?.[0] !== Oid.OU)],
    ['OU value', PACKED_SUBJECT.map((rdn) => (rdn[0]?.[0] === Oid.OU ? [[Oid.OU, 'Security Keys']] : rdn)) as typeof PACKED_SUBJECT],
  ])('8.2.1: rejects a subject without the required %s', async (what, subject) => {
    const e = await expectCode(verifyCrafted({ attest: packedFull(ca, { subject }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toContain(what === 'OU value' ? "OU must be 'Authenticator Attestation'" : `no ${what} `);
  });

  it('8.2.1: rejects a critical aaguid extension and an aaguid that differs from authData', async () => {
    const c = await expectCode(verifyCrafted({ attest: packedFull(ca, { extensions: [aaguidExtension(AAGUID, true)] }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(c.message).toMatch(/must not be critical/);
    const e = await expectCode(verifyCrafted({ attest: packedFull(ca, { extensions: [aaguidExtension(otherAaguid)] }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/does not match authenticator data aaguid/);
  });

  it('8.2.1: rejects an attestation certificate that is a CA', async () => {
    const e = await expectCode(verifyCrafted({ attest: packedFull(ca, { extensions: [basicConstraints(true)] }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/must not be a CA/);
  });

  it('rejects an alg the attestation certificate key cannot produce', async () => {
    const attest = packedFull(ca);
    await expectCode(
      verifyCrafted({
        attest: (a, h, k) => {
          const s = attest(a, h, k);
          s.attStmt.set('alg', -257);
          return s;
        },
      }),
      'ERR_ATTESTATION_MALFORMED',
    );
  });

  it('rejects a signature from a key other than the attestation certificate', async () => {
    const attest = packedFull(ca);
    const other = generateKey(-7);
    await expectCode(
      verifyCrafted({
        attest: (a, h, k) => {
          const s = attest(a, h, k);
          s.attStmt.set('sig', signWith(other, Buffer.concat([a, h])));
          return s;
        },
      }),
      'ERR_ATTESTATION_SIGNATURE',
    );
  });

  it('self attestation: rejects an alg that differs from the credential key', async () => {
    await expectCode(
      verifyCrafted({ attest: (a, h, k) => ({ fmt: 'packed', attStmt: new Map<string, unknown>([['alg', -35], ['sig', signWith(k, Buffer.concat([a, h]))]]) }) }),
      'ERR_ATTESTATION_MALFORMED',
    );
  });

  it('rejects statement syntax errors: missing sig, empty x5c, garbage certificate, unknown alg', async () => {
    const stmt = (entries: [string, unknown][]) => () => ({ fmt: 'packed', attStmt: new Map<string, unknown>(entries) });
    await expectCode(verifyCrafted({ attest: stmt([['alg', -7]]) }), 'ERR_ATTESTATION_MALFORMED');
    await expectCode(verifyCrafted({ attest: stmt([['alg', -7], ['sig', new Uint8Array(70)], ['x5c', []]]) }), 'ERR_ATTESTATION_MALFORMED');
    await expectCode(verifyCrafted({ attest: stmt([['alg', -7], ['sig', new Uint8Array(70)], ['x5c', [new Uint8Array(10)]]]) }), 'ERR_ATTESTATION_MALFORMED');
    await expectCode(verifyCrafted({ attest: stmt([['alg', -999], ['sig', new Uint8Array(70)]]) }), 'ERR_ATTESTATION_UNSUPPORTED');
  });

  it('a certificate whose key is the credential key still needs the 8.2.1 subject', async () => {
    const key = generateKey(-7);
    const cert = makeCertificate({ subject: [[[Oid.CN, 'no ou']]], publicKey: key.publicKey, signer: key });
    await expectCode(
      verifyCrafted({
        key,
        publicKey: coseKey(key),
        attest: (a, h) => ({ fmt: 'packed', attStmt: new Map<string, unknown>([['alg', -7], ['sig', signWith(key, Buffer.concat([a, h]))], ['x5c', [cert.der]]]) }),
      }),
      'ERR_ATTESTATION_MALFORMED',
    );
  });
});
