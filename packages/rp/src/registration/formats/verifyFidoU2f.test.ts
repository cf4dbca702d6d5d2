/**
 * fido-u2f attestation (L3 8.6): crafted U2F registration signatures.
 */
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../test-utils/keys.js';
import { makeTestCa } from '../../../test-utils/certificates.js';
import { fidoU2f } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { FORMAT } from './verifyFidoU2f.js';

const ca = makeTestCa('vfido u2f root');

describe('verifyFidoU2f', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('fido-u2f'));

  it('verifies the U2F verification data layout', async () => {
    const r = await verifyCrafted({ attest: fidoU2f(ca) });
    expect(r.credential.attestation).toMatchObject({ fmt: 'fido-u2f', type: 'basic' });
  });

  it('rejects an x5c with more than one certificate', async () => {
    await expectCode(verifyCrafted({ attest: fidoU2f(ca, { extraCerts: [ca.der] }) }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('rejects an attestation certificate whose key is not P-256', async () => {
    const e = await expectCode(verifyCrafted({ attest: fidoU2f(ca, { attestationKey: generateKey(-35) }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/P-256/);
  });

  it('rejects a credential key that is not ES256', async () => {
    await expectCode(verifyCrafted({ alg: -35, attest: fidoU2f(ca) }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('rejects a signature over other data (another rpIdHash)', async () => {
    const attest = fidoU2f(ca);
    await expectCode(
      verifyCrafted({
        attest: (authData, hash, key) => {
          const other = Buffer.from(authData);
          other[0] = (other[0] ?? 0) ^ 1;
          return attest(other, hash, key);
        },
      }),
      'ERR_ATTESTATION_SIGNATURE',
    );
  });
});
