import { describe, expect, it } from 'vitest';
import { createKeyPair, pkcs8Of } from '../crypto/keyPair.js';
import { fromCdpCredential, fromPlaywrightCredential, toCdpCredential, toPlaywrightCredential, algorithmOfPkcs8 } from './interchange.js';
import type { StoredCredential } from './types.js';

const base = (alg: -7 | -8 | -35 | -257): StoredCredential => ({
  id: Uint8Array.of(1, 2, 3, 250),
  rpId: 'example.com',
  userHandle: Uint8Array.of(9, 8, 7),
  userName: 'ada',
  alg,
  privateKey: pkcs8Of(createKeyPair(alg, 'interchange', String(alg))),
  signCount: 5,
  discoverable: true,
  backupEligible: true,
  backupState: true,
  createdAt: 1,
});

describe('credential interchange', () => {
  it.each([-7, -8, -35, -257] as const)('detects the algorithm of a %s PKCS#8 key', (alg) => {
    expect(algorithmOfPkcs8(base(alg).privateKey)).toBe(alg);
  });

  it('round-trips through the Chromium CDP shape (standard base64)', () => {
    const c = base(-7);
    const cdp = toCdpCredential(c);
    expect(cdp.credentialId).toBe(Buffer.from(c.id).toString('base64'));
    expect(cdp).toMatchObject({ isResidentCredential: true, backupEligibility: true, backupState: true, signCount: 5 });
    const back = fromCdpCredential(cdp);
    expect({ ...back, createdAt: 1 }).toEqual(c);
  });

  it('round-trips through the Playwright context.credentials shape (base64url)', () => {
    const c = base(-7);
    const pw = toPlaywrightCredential(c);
    expect(pw.id).toBe(Buffer.from(c.id).toString('base64url'));
    const back = fromPlaywrightCredential(pw);
    expect(Buffer.from(back.privateKey)).toEqual(Buffer.from(c.privateKey));
    expect(back.signCount).toBe(5);
  });

  it('rejects a Playwright credential whose public key is not its private key', () => {
    const pw = toPlaywrightCredential(base(-7));
    pw.publicKey = toPlaywrightCredential({ ...base(-7), privateKey: pkcs8Of(createKeyPair(-7, 'other', 'x')) }).publicKey;
    expect(() => fromPlaywrightCredential(pw)).toThrow(expect.objectContaining({ code: 'ERR_CREDENTIAL_INVALID' }));
    expect(() => fromCdpCredential({ ...toCdpCredential(base(-7)), privateKey: 'AAAA' })).toThrow(expect.objectContaining({ code: 'ERR_CREDENTIAL_INVALID' }));
  });
});
