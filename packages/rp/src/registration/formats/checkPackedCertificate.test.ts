/**
 * Packed attestation certificate requirements (L3 8.2.1): Subject-C is an ISO 3166 code, which X.520
 * countryName restricts to the two-letter (alpha-2) form.
 */
import { describe, expect, it } from 'vitest';
import { makeTestCa, Oid } from '../../../test-utils/certificates.js';
import { PACKED_SUBJECT, packedFull } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';

const ca = makeTestCa('vfido packed country root');
const withCountry = (c: string): typeof PACKED_SUBJECT => PACKED_SUBJECT.map((rdn) => (rdn[0]?.[0] === Oid.C ? [[Oid.C, c]] : rdn)) as typeof PACKED_SUBJECT;

describe('checkPackedCertificate: Subject-C', () => {
  it('accepts a two-letter country code', async () => {
    await expect(verifyCrafted({ attest: packedFull(ca, { subject: withCountry('SE') }) })).resolves.toBeDefined();
  });

  it.each(['SWE', 'S', 'se', '752'])('rejects %j, which is not an ISO 3166 alpha-2 code', async (c) => {
    const e = await expectCode(verifyCrafted({ attest: packedFull(ca, { subject: withCountry(c) }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/two-letter ISO 3166 code/);
  });
});
