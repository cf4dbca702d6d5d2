/**
 * apple anonymous attestation (L3 8.8): crafted credential certificates.
 */
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../test-utils/keys.js';
import { makeCertificate, makeTestCa, Oid } from '../../../test-utils/certificates.js';
import { apple } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { FORMAT } from './verifyApple.js';

const ca = makeTestCa('vfido apple root', -35);

describe('verifyApple', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('apple'));

  it('verifies an anonymous attestation', async () => {
    const r = await verifyCrafted({ attest: apple(ca) });
    expect(r.credential.attestation).toMatchObject({ fmt: 'apple', type: 'anonca', trusted: false });
  });

  it('rejects a nonce that is not SHA-256(authData || clientDataHash)', async () => {
    await expectCode(verifyCrafted({ attest: apple(ca, { nonce: new Uint8Array(32) }) }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('rejects a credential certificate for another key', async () => {
    await expectCode(verifyCrafted({ attest: apple(ca, { certKey: generateKey(-7) }) }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('rejects a credential certificate without the nonce extension', async () => {
    await expectCode(
      verifyCrafted({
        attest: (_a, _h, key) => ({
          fmt: 'apple',
          attStmt: new Map([['x5c', [makeCertificate({ subject: [[[Oid.CN, 'x']]], publicKey: key.publicKey, issuer: ca }).der]]]),
        }),
      }),
      'ERR_ATTESTATION_MALFORMED',
    );
  });
});
