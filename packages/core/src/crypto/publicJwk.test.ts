import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyPair, createKeyPairAsync } from './keyPair.js';
import { publicJwkOf } from './publicJwk.js';
import { randomRsaKey } from './rsaKeyPool.js';
import type { SigningAlgorithm } from './algorithms.js';

/** The public JWK node:crypto exports for `key`, through a fresh import (no generation job shares it). */
function exportedJwk(key: KeyObject): Record<string, unknown> {
  const der = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  const { kty, crv, x, y, n, e } = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
}

/** Spies on `export` of node:crypto's public and private key classes (where the method lives). */
function spyOnExports(pair: { publicKey: KeyObject; privateKey: KeyObject }) {
  const spies = [Object.getPrototypeOf(pair.publicKey), Object.getPrototypeOf(pair.privateKey)].map((proto: { export: KeyObject['export'] }) => vi.spyOn(proto, 'export'));
  return { calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0), restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe('public JWKs without exporting generated keys (Node JWK-export / key-generation-job deadlock)', () => {
  afterEach(() => vi.restoreAllMocks());

  const algs: SigningAlgorithm[] = [-7, -35, -8, -257];
  for (const seed of [undefined, 'jwk-seed']) {
    it(`keys vfido makes (${seed ? 'seeded' : 'random'}) carry their public JWK: never exported, and the right one`, async () => {
      const pairs = [...algs.map((alg) => createKeyPair(alg, seed, 'jwk/test', 1024)), await createKeyPairAsync(-257, seed, 'jwk/async', 1024)];
      const exports = spyOnExports(pairs[0]!);
      const jwks = pairs.map((p) => [publicJwkOf(p.publicKey), publicJwkOf(p.privateKey)]);
      expect(exports.calls()).toBe(0);
      exports.restore();
      for (const [i, p] of pairs.entries()) {
        expect(jwks[i]![0]).toEqual(exportedJwk(p.publicKey));
        expect(jwks[i]![1]).toEqual(jwks[i]![0]);
        expect(jwks[i]![0]).not.toHaveProperty('d');
      }
    });
  }

  it('pool keys (generateKeyPair on the threadpool) carry theirs too', async () => {
    const pair = await randomRsaKey(1024);
    const exports = spyOnExports(pair);
    const jwk = publicJwkOf(pair.publicKey);
    expect(exports.calls()).toBe(0);
    exports.restore();
    expect(jwk).toEqual(exportedJwk(pair.publicKey));
  });

  it('other keys are exported once (public members only) and remembered', () => {
    const imported = createPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { format: 'pem', type: 'pkcs8' }, publicKeyEncoding: { format: 'pem', type: 'spki' } }).privateKey);
    const first = publicJwkOf(imported);
    expect(first).toEqual(exportedJwk(imported));
    expect(first).not.toHaveProperty('d');
    const exports = spyOnExports({ publicKey: createPublicKey(imported), privateKey: imported });
    expect(publicJwkOf(imported)).toBe(first);
    expect(exports.calls()).toBe(0);
  });
  it('a key pair makes its public key object when first read: the private key\'s public half, its JWK known', () => {
    for (const [alg, seed] of [[-7, undefined], [-7, 'lazy-seed'], [-35, 'lazy-seed'], [-8, undefined]] as const) {
      const pair = createKeyPair(alg, seed, 'lazy/public');
      const publicKey = pair.publicKey;
      expect(publicKey.type).toBe('public');
      expect(pair.publicKey).toBe(publicKey); // made once
      const spki = (k: KeyObject): Buffer => k.export({ format: 'der', type: 'spki' });
      expect(spki(publicKey)).toEqual(spki(createPublicKey(pair.privateKey)));
      const exports = spyOnExports({ publicKey, privateKey: pair.privateKey });
      expect(publicJwkOf(publicKey)).toEqual(publicJwkOf(pair.privateKey));
      expect(exports.calls()).toBe(0);
      exports.restore();
    }
  });
});
