/**
 * COSE_Key parsing (RFC 9052 7, RFC 9053 7.1-7.2, RFC 8230): the key node:crypto imports must equal the
 * generated key.
 */
import { describe, expect, it } from 'vitest';
import { coseKeyMap, generateKey } from '../../test-utils/keys.js';
import { CoseKeyError, parseCoseKey } from './parseCoseKey.js';
import type { CborMap } from '../cbor/cborValue.js';

const asMap = (m: Map<number, unknown>): CborMap => m as CborMap;

describe('parseCoseKey', () => {
  it.each([-7, -35, -36, -8, -257, -37])('imports alg %i as the same public key', (alg) => {
    const key = generateKey(alg);
    const parsed = parseCoseKey(asMap(coseKeyMap(key)));
    expect(parsed.alg).toBe(alg);
    expect(parsed.keyObject.equals(key.publicKey)).toBe(true);
  });

  it.each([
    ['missing alg', -7, [[3, undefined]]],
    ['kty RSA with ES256', -7, [[1, 3]]],
    ['P-384 curve with ES256', -7, [[-1, 2]]],
    ['short x', -7, [[-2, new Uint8Array(31)]]],
    ['y as a boolean (compressed point)', -7, [[-3, true]]],
    ['point not on the curve', -7, [[-3, new Uint8Array(32).fill(1)]]],
    ['tiny RSA modulus', -257, [[-1, new Uint8Array(64).fill(0xff)]]],
  ] as [string, number, [number, unknown][]][])('rejects %s', (_what, alg, overrides) => {
    const key = generateKey(alg);
    expect(() => parseCoseKey(asMap(coseKeyMap(key, overrides)))).toThrow(CoseKeyError);
  });

  it('flags unknown algorithms as unsupported (not malformed)', () => {
    const key = generateKey(-7);
    try {
      parseCoseKey(asMap(coseKeyMap(key, [[3, -47]])));
      expect.unreachable();
    } catch (e) {
      expect((e as CoseKeyError).unsupportedAlgorithm).toBe(true);
    }
  });

  it('never accepts RS1 for a credential key', () => {
    const key = generateKey(-257);
    expect(() => parseCoseKey(asMap(coseKeyMap(key, [[3, -65535]])))).toThrow(/not supported/);
  });
});
