/**
 * Property tests of COSE_Key handling (RFC 9052 section 7, RFC 9053 sections 7.1-7.2, RFC 8230;
 * WebAuthn L3 6.5.1.1): a key made by node:crypto survives encodeCoseKey -> parseCoseKey as the same
 * SPKI with its algorithm, and arbitrary parameter values are refused with CoseKeyError only.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, isCanonical } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';
import type { SigningAlgorithm } from '../crypto/algorithms.js';
import { CoseKeyError, coseKeyFromPublicKey, coseKeyToSpki, encodeCoseKey, parseCoseKey } from './index.js';

const spki = (k: KeyObject): string => k.export({ format: 'der', type: 'spki' }).toString('hex');
const keys: { alg: SigningAlgorithm; publicKey: KeyObject }[] = [];

beforeAll(() => {
  // a pool of real keys (RSA generation is slow, so a few of each; fast-check picks among them)
  for (let i = 0; i < 6; i++) {
    keys.push({ alg: -7, publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey });
    keys.push({ alg: -35, publicKey: generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey });
    keys.push({ alg: -8, publicKey: generateKeyPairSync('ed25519').publicKey });
  }
  for (let i = 0; i < 2; i++) keys.push({ alg: -257, publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey });
});

describe('COSE_Key properties', () => {
  it('encodeCoseKey -> parseCoseKey is the same key, canonical, with its algorithm', () => {
    fc.assert(
      fc.property(fc.nat(), (i) => {
        const { alg, publicKey } = keys[i % keys.length]!;
        const bytes = encodeCoseKey(publicKey, alg);
        expect(isCanonical(bytes)).toBe(true);
        const parsed = parseCoseKey(bytes);
        expect(parsed.alg).toBe(alg);
        expect(spki(parsed.publicKey)).toBe(spki(publicKey));
        expect(Buffer.from(coseKeyToSpki(decodeCbor(bytes) as CborMap)).toString('hex')).toBe(spki(publicKey));
      }),
      { numRuns: 200 },
    );
  });

  it('replacing any parameter with an arbitrary value gives the same key or CoseKeyError', () => {
    const value = fc.oneof(fc.integer({ min: -70000, max: 70000 }), fc.uint8Array({ maxLength: 70 }), fc.boolean(), fc.string({ maxLength: 4 }), fc.constant(null));
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -4, max: 4 }), value, (i, label, v) => {
        const { alg, publicKey } = keys[i % keys.length]!;
        const map = coseKeyFromPublicKey(publicKey, alg);
        map.set(label, v);
        try {
          const parsed = parseCoseKey(encodeCbor(map));
          expect(parsed.kty).toBe(map.get(1));
          expect(parsed.alg).toBe(map.get(3));
        } catch (e) {
          expect(e).toBeInstanceOf(CoseKeyError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('coordinates that are not a point on the curve are refused with CoseKeyError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (x, y) => {
        const map = new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, x], [-3, y]]);
        try {
          parseCoseKey(map); // a random (x, y) is on P-256 with negligible probability
        } catch (e) {
          expect(e).toBeInstanceOf(CoseKeyError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
