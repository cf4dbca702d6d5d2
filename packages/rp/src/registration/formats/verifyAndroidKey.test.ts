/**
 * android-key attestation (L3 8.4): crafted KeyDescription extensions that break one requirement each.
 */
import { IntegerSet } from '@peculiar/asn1-android';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../test-utils/keys.js';
import { makeTestCa, toPem } from '../../../test-utils/certificates.js';
import { androidKey } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { TrustStore } from '../../trust/trustStore.js';
import { FORMAT } from './verifyAndroidKey.js';

const ca = makeTestCa('vfido android root');

describe('verifyAndroidKey', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('android-key'));

  it('verifies a TEE-generated signing key and is trusted with its root', async () => {
    const r = await verifyCrafted({ attest: androidKey(ca) }, { trustStore: new TrustStore().addRoots(toPem(ca.der), { format: 'android-key' }) });
    expect(r.credential.attestation).toMatchObject({ fmt: 'android-key', type: 'basic', trusted: true });
  });

  it('rejects an attestationChallenge that is not the clientDataHash', async () => {
    await expectCode(verifyCrafted({ attest: androidKey(ca, { challenge: new Uint8Array(32) }) }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('rejects a certificate for another key than the credential key', async () => {
    const e = await expectCode(verifyCrafted({ attest: androidKey(ca, { certKey: generateKey(-7) }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/not the credential public key/);
  });

  it('rejects allApplications in either authorization list', async () => {
    const e1 = await expectCode(verifyCrafted({ attest: androidKey(ca, { software: { allApplications: null } }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e1.message).toMatch(/allApplications/);
    await expectCode(verifyCrafted({ attest: androidKey(ca, { tee: { allApplications: null } }) }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('rejects a key not generated in the TEE (origin imported)', async () => {
    const e = await expectCode(verifyCrafted({ attest: androidKey(ca, { tee: { origin: 2 } }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/KM_ORIGIN_GENERATED/);
  });

  it('rejects a key whose TEE purpose is not sign-only', async () => {
    const e = await expectCode(verifyCrafted({ attest: androidKey(ca, { tee: { purpose: new IntegerSet([2, 0]) } }) }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/KM_PURPOSE_SIGN/);
  });

  it('ignores origin and purpose in softwareEnforced (only teeEnforced counts)', async () => {
    const e = await expectCode(
      verifyCrafted({ attest: androidKey(ca, { tee: { origin: undefined, purpose: undefined }, software: { origin: 0, purpose: new IntegerSet([2]) } }) }),
      'ERR_ATTESTATION_MALFORMED',
    );
    expect(e.message).toMatch(/teeEnforced origin/);
  });
});
