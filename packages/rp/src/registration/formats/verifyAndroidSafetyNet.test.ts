/**
 * android-safetynet attestation (L3 8.5): crafted ES256 JWS responses (no real-device fixture is available).
 */
import { describe, expect, it } from 'vitest';
import { makeTestCa, toPem } from '../../../test-utils/certificates.js';
import { safetyNet } from '../../../test-utils/attestations.js';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { TrustStore } from '../../trust/trustStore.js';
import { FORMAT } from './verifyAndroidSafetyNet.js';

const ca = makeTestCa('vfido safetynet root');
const now = new Date('2026-03-01T12:00:00Z');

describe('verifyAndroidSafetyNet', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('android-safetynet'));

  it('verifies a fresh response and is trusted with its root', async () => {
    const r = await verifyCrafted({ attest: safetyNet(ca, { now }) }, { now, trustStore: new TrustStore().addRoots(toPem(ca.der), { format: FORMAT }) });
    expect(r.credential.attestation).toMatchObject({ fmt: FORMAT, type: 'basic', trusted: true });
    expect(r.credential.attestation.trustPath).toHaveLength(2);
  });

  it('rejects a JWS whose signature does not verify', async () => {
    await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, badSignature: true }) }, { now }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('rejects a nonce that is not base64(SHA-256(authData || clientDataHash))', async () => {
    await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, nonce: 'AAAA' }) }, { now }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('rejects ctsProfileMatch false', async () => {
    const e = await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, ctsProfileMatch: false }) }, { now }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/CTS profile/);
  });

  it('rejects a signing certificate not issued to attest.android.com', async () => {
    const e = await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, hostname: 'attest.example.com' }) }, { now }), 'ERR_ATTESTATION_MALFORMED');
    expect(e.message).toMatch(/attest\.android\.com/);
  });

  it('rejects stale and future timestamps', async () => {
    await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, timestampMs: now.getTime() - 120_000 }) }, { now }), 'ERR_ATTESTATION_MALFORMED');
    await expectCode(verifyCrafted({ attest: safetyNet(ca, { now, timestampMs: now.getTime() + 120_000 }) }, { now }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('rejects a response that is not a compact JWS', async () => {
    await expectCode(
      verifyCrafted({ attest: () => ({ fmt: FORMAT, attStmt: new Map<string, unknown>([['ver', '1'], ['response', new TextEncoder().encode('a.b')]]) }) }),
      'ERR_ATTESTATION_MALFORMED',
    );
  });
});
