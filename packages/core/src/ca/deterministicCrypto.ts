/**
 * A WebCrypto provider for @peculiar/x509 whose ECDSA P-256 signatures are deterministic
 * (RFC 6979, via @noble/curves), so test-CA certificates are byte-identical across processes.
 * Everything else is delegated to Node's WebCrypto.
 * @module
 */
import { webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import type { KeyPair } from '../crypto/keyPair.js';
import { privateJwkOf } from '../crypto/publicJwk.js';
import { TestCaError } from './testCaError.js';

const realSubtle = webcrypto.subtle;

/** Private scalars of the CryptoKeys this module imported, looked up when signing. */
const scalars = new WeakMap<webcrypto.CryptoKey, Uint8Array>();

/** True for ECDSA with SHA-256, the only algorithm the test CAs sign with. */
function isEcdsaSha256(algorithm: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams): boolean {
  if (typeof algorithm === 'string' || algorithm.name.toUpperCase() !== 'ECDSA') return false;
  const hash = (algorithm as webcrypto.EcdsaParams).hash;
  const hashName = typeof hash === 'string' ? hash : hash?.name;
  return hashName?.toUpperCase() === 'SHA-256';
}

/** WebCrypto `sign`, raw r||s for ECDSA as WebCrypto defines it (64 bytes for P-256). */
async function sign(
  algorithm: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams,
  key: webcrypto.CryptoKey,
  data: webcrypto.BufferSource,
): Promise<ArrayBuffer> {
  const secret = scalars.get(key);
  if (secret === undefined || !isEcdsaSha256(algorithm)) {
    return realSubtle.sign(algorithm, key, data);
  }
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // prehash: SHA-256 of the TBS bytes; RFC 6979 nonce; compact = r||s (what WebCrypto returns).
  const sig = p256.sign(bytes, secret, { prehash: true, format: 'compact' });
  return sig.slice().buffer;
}

/** SubtleCrypto that signs ECDSA P-256/SHA-256 deterministically with keys from {@link importCaKey}. */
const subtle = new Proxy(realSubtle, {
  get(target, prop: string | symbol) {
    if (prop === 'sign') return sign;
    const value: unknown = Reflect.get(target, prop, target);
    // Node's SubtleCrypto methods check `this`, so bind them to the real instance.
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

/** The Crypto provider passed to @peculiar/x509 generators. */
export const deterministicCrypto: Pick<webcrypto.Crypto, 'subtle' | 'getRandomValues' | 'randomUUID'> = {
  subtle,
  getRandomValues: (array) => webcrypto.getRandomValues(array),
  randomUUID: () => webcrypto.randomUUID(),
};

/**
 * Import a P-256 CA key pair as a WebCrypto signing key that {@link deterministicCrypto} signs with
 * deterministically.
 * @param pair - ES256 key pair (node:crypto KeyObjects)
 * @throws TestCaError `ERR_CA_KEY` when the key is not a P-256 private key
 */
export async function importCaKey(pair: KeyPair): Promise<webcrypto.CryptoKey> {
  const jwk = privateJwkOf(pair.privateKey);
  if (pair.alg !== -7 || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d === undefined) {
    throw new TestCaError('ERR_CA_KEY', 'test ca keys must be p-256 (es256)');
  }
  const key = await realSubtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  scalars.set(key, new Uint8Array(Buffer.from(jwk.d, 'base64url')));
  return key;
}
