import { describe, expect, it } from 'vitest';
import { AuthDataError, aaguidFromString, aaguidToString } from './index.js';

describe('aaguidToString / aaguidFromString', () => {
  it('formats bytes as a lowercase 8-4-4-4-12 UUID and back', () => {
    const bytes = Uint8Array.from([0xcb, 0x69, 0x48, 0x1e, 0x8f, 0xf7, 0x40, 0x39, 0x93, 0xec, 0x0a, 0x27, 0x29, 0xa1, 0x54, 0xa8]);
    expect(aaguidToString(bytes)).toBe('cb69481e-8ff7-4039-93ec-0a2729a154a8'); // YubiKey 5 (FIDO MDS)
    expect([...aaguidFromString('cb69481e-8ff7-4039-93ec-0a2729a154a8')]).toEqual([...bytes]);
    expect(aaguidToString(new Uint8Array(16))).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('reads any case and optional hyphens, and returns a plain Uint8Array', () => {
    const a = aaguidFromString('ADCE0002-35BC-C60A-648B-0B25F1F05503');
    expect(a.constructor).toBe(Uint8Array);
    expect(aaguidToString(a)).toBe('adce0002-35bc-c60a-648b-0b25f1f05503');
    expect(aaguidToString(aaguidFromString('adce000235bcc60a648b0b25f1f05503'))).toBe('adce0002-35bc-c60a-648b-0b25f1f05503');
  });

  it('formats views with a byteOffset correctly', () => {
    const backing = new Uint8Array(40).map((_, i) => i);
    expect(aaguidToString(backing.subarray(8, 24))).toBe('08090a0b-0c0d-0e0f-1011-121314151617');
  });

  it('rejects what is not an AAGUID with ERR_AUTHDATA_INVALID', () => {
    const bad: (() => unknown)[] = [
      () => aaguidToString(new Uint8Array(15)),
      () => aaguidToString(new Uint8Array(17)),
      () => aaguidToString('cb69481e' as unknown as Uint8Array),
      () => aaguidFromString(''),
      () => aaguidFromString('cb69481e-8ff7-4039-93ec-0a2729a154a'),
      () => aaguidFromString('cb69481e-8ff7-4039-93ec-0a2729a154a8a'),
      () => aaguidFromString('{cb69481e-8ff7-4039-93ec-0a2729a154a8}'),
      () => aaguidFromString('gb69481e-8ff7-4039-93ec-0a2729a154a8'),
      () => aaguidFromString(null as unknown as string),
    ];
    for (const attempt of bad) {
      expect(attempt).toThrow(AuthDataError);
      try {
        attempt();
      } catch (e) {
        expect((e as AuthDataError).code).toBe('ERR_AUTHDATA_INVALID');
      }
    }
  });
});
