import { describe, expect, it } from 'vitest';
import { MemoryCredentialStore, WebAuthnError, type StoredCredential } from '@vfido/core';
import { applySignal, parseSignal } from './signalCredentials.js';

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
function credential(id: number, rpId: string, user: number): StoredCredential {
  return {
    id: new Uint8Array([id, id, id]), rpId, userHandle: new Uint8Array([user]), userName: 'ada', userDisplayName: 'Ada', alg: -7,
    privateKey: new Uint8Array(32), signCount: 0, discoverable: true, backupEligible: false, backupState: false, createdAt: 0,
  } as StoredCredential;
}
function store(): MemoryCredentialStore {
  const s = new MemoryCredentialStore();
  s.put(credential(1, 'localhost', 9));
  s.put(credential(2, 'localhost', 9));
  s.put(credential(3, 'localhost', 8));
  s.put(credential(4, 'a.localhost', 9));
  return s;
}
const ids = (s: MemoryCredentialStore) => s.list().map((c) => c.id[0]).sort();
const ORIGIN = 'http://localhost:8080';

describe('Signal API on the store (WebAuthn L3 5.1.10-5.1.12)', () => {
  it('signalUnknownCredential removes that credential of that RP only', () => {
    const s = store();
    expect(applySignal(s, ORIGIN, parseSignal('unknown', { rpId: 'localhost', credentialId: b64u(new Uint8Array([1, 1, 1])) })!)).toBe(1);
    expect(applySignal(s, ORIGIN, parseSignal('unknown', { rpId: 'localhost', credentialId: b64u(new Uint8Array([4, 4, 4])) })!)).toBe(0);
    expect(ids(s)).toEqual([2, 3, 4]);
  });

  it('signalAllAcceptedCredentials removes the user\'s credentials not listed', () => {
    const s = store();
    expect(applySignal(s, ORIGIN, parseSignal('allAccepted', { rpId: 'localhost', userId: b64u(new Uint8Array([9])), allAcceptedCredentialIds: [b64u(new Uint8Array([2, 2, 2]))] })!)).toBe(1);
    expect(ids(s)).toEqual([2, 3, 4]);
  });

  it('signalCurrentUserDetails renames the user\'s credentials', () => {
    const s = store();
    expect(applySignal(s, ORIGIN, parseSignal('currentUser', { rpId: 'localhost', userId: b64u(new Uint8Array([8])), name: 'grace', displayName: 'Grace' })!)).toBe(1);
    expect(s.get(new Uint8Array([3, 3, 3]))).toMatchObject({ userName: 'grace', userDisplayName: 'Grace' });
    expect(s.get(new Uint8Array([1, 1, 1]))).toMatchObject({ userName: 'ada' });
  });

  it('an RP ID the origin may not use is a SecurityError and changes nothing', () => {
    const s = store();
    for (const rpId of ['example.com', 'LOCALHOST', 'a.localhost']) {
      expect(() => applySignal(s, ORIGIN, { kind: 'unknown', rpId, credentialId: 'AQEB' })).toThrow(WebAuthnError);
    }
    expect(ids(s)).toEqual([1, 2, 3, 4]);
  });

  it('malformed page messages are refused', () => {
    expect(parseSignal('unknown', { rpId: 'localhost', credentialId: '!!' })).toBeUndefined();
    expect(parseSignal('allAccepted', { rpId: 'localhost', userId: 'AQ', allAcceptedCredentialIds: [1] })).toBeUndefined();
    expect(parseSignal('currentUser', { rpId: 'localhost', userId: 'AQ', name: 'a' })).toBeUndefined();
    expect(parseSignal('bogus', { rpId: 'localhost' })).toBeUndefined();
    expect(parseSignal('unknown', null)).toBeUndefined();
  });
});
