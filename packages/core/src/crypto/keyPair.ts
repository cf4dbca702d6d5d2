/**
 * Credential and attestation key pairs: made with node:crypto (fast signing, measured ~15x noble for
 * P-256; EC keys through one reused ECDH object per curve, their key objects made on first use) and,
 * when a seed is given, derived deterministically from it.
 * @module
 */
import { createECDH, createPrivateKey, type ECDH, createPublicKey, sign as nodeSign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { deriveBytes } from './seed.js';
import { rsaJwkFromSeed } from './rsaFromSeed.js';
import { randomRsaKey, seededRsaKey } from './rsaKeyPool.js';
import { generateKeyPairSyncWithJwk, publicJwkOf, rememberPublicJwk, withLazyPublicKey, type GeneratedKeyPair } from './publicJwk.js';
import type { SigningAlgorithm } from './algorithms.js';

/** A private/public key pair bound to the COSE algorithm it signs with. */
export interface KeyPair {
  /** COSE algorithm the key signs with. */
  readonly alg: SigningAlgorithm;
  /** node:crypto private key (never logged or put in an error message). */
  readonly privateKey: KeyObject;
  /** node:crypto public key. */
  readonly publicKey: KeyObject;
  /** The public key as a JWK when known without a key object (see {@link publicJwkOfPair}). */
  readonly publicJwk?: JsonWebKey;
}

/**
 * The public JWK of `pair`: known from its making for vfido's keys, so reading it makes no key
 * object (a credential key's private key object is made when it first signs).
 * @param pair - a key pair
 * @throws TypeError (from node:crypto) when the key has no JWK form
 */
export function publicJwkOfPair(pair: KeyPair): JsonWebKey {
  return pair.publicJwk ?? publicJwkOf(pair.privateKey);
}

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Reduce 48 bytes to a valid scalar in [1, n-1] (FIPS 186-5 A.2.1 style extra-bits reduction). */
function scalarFrom(bytes: Uint8Array, order: bigint): bigint {
  const x = BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
  return (x % (order - 1n)) + 1n;
}

/** Per curve: its JWK name, scalar size, order and one ECDH object reused to make keys and compute public points. */
const EC_CURVES = {
  [-7]: { namedCurve: 'prime256v1', crv: 'P-256', size: 32, order: p256.Point.CURVE().n, ecdh: undefined as ECDH | undefined },
  [-35]: { namedCurve: 'secp384r1', crv: 'P-384', size: 48, order: p384.Point.CURVE().n, ecdh: undefined as ECDH | undefined },
};

function ecPair(alg: -7 | -35, seed: string | undefined, label: string): KeyPair {
  const curve = EC_CURVES[alg];
  // One ECDH object per curve serves every key (setPrivateKey / generateKeys replace its key): its
  // EC_KEY keeps the curve's group, which a node:crypto key generation or JWK import builds anew
  // each time (measured: ECDH keygen ~26 us CPU, generateKeyPairSync ~69 us, ~107 us with the
  // public JWK encoded by the job).
  const ecdh = (curve.ecdh ??= createECDH(curve.namedCurve));
  let dBytes: Buffer;
  let pub: Buffer;
  if (seed === undefined) {
    pub = ecdh.generateKeys(); // OpenSSL's EC_KEY_generate_key: a uniform scalar in [1, n-1]; returns the public point
    // getPrivateKey drops leading zero bytes; a JWK's d has the curve's size (RFC 7518 6.2.2.1).
    const raw = ecdh.getPrivateKey();
    dBytes = raw.length === curve.size ? raw : Buffer.concat([Buffer.alloc(curve.size - raw.length), raw]);
  } else {
    const d = scalarFrom(deriveBytes(seed, label, curve.size + 16), curve.order);
    dBytes = Buffer.from(d.toString(16).padStart(curve.size * 2, '0'), 'hex');
    ecdh.setPrivateKey(dBytes); // OpenSSL derives the public point (~10x faster than noble's getPublicKey here)
    pub = ecdh.getPublicKey();
  }
  const x = b64u(pub.subarray(1, 1 + curve.size));
  const y = b64u(pub.subarray(1 + curve.size));
  return lazyPair(alg, { kty: 'EC', crv: curve.crv, d: b64u(dBytes), x, y }, { kty: 'EC', crv: curve.crv, x, y });
}

/**
 * A key pair known by its JWKs whose node:crypto key objects are made when first read. Importing a
 * private JWK costs more than making the key (~82 us CPU for P-256: OpenSSL builds the curve's group
 * and checks the public point's order), and a new credential needs only its public key: a
 * credential's key object is made when it first signs (its first assertion, a self attestation) or
 * is exported, once.
 */
function lazyPair(alg: SigningAlgorithm, privateJwk: JsonWebKey, publicJwk: JsonWebKey): KeyPair {
  let pair: GeneratedKeyPair | undefined;
  let jwk: JsonWebKey | undefined = privateJwk; // dropped once imported: the key object then holds the secret
  const keys = (): GeneratedKeyPair => {
    if (!pair) {
      const privateKey = createPrivateKey({ key: jwk!, format: 'jwk' });
      jwk = undefined;
      pair = withLazyPublicKey(privateKey, rememberPublicJwk(publicJwk, privateKey));
    }
    return pair;
  };
  return {
    alg,
    publicJwk,
    get privateKey(): KeyObject {
      return keys().privateKey;
    },
    get publicKey(): KeyObject {
      return keys().publicKey;
    },
  };
}

/** A key pair whose public JWK is known (`jwk`), registered for `publicJwkOf` (crypto/publicJwk.ts). */
function withPublicJwk(alg: SigningAlgorithm, privateKey: KeyObject, jwk: JsonWebKey): KeyPair {
  return withAlg(alg, withLazyPublicKey(privateKey, rememberPublicJwk(jwk, privateKey)));
}

/** `pair` with its algorithm; its public key object is still made only when read (crypto/publicJwk.ts withLazyPublicKey). */
function withAlg(alg: SigningAlgorithm, pair: GeneratedKeyPair): KeyPair {
  return {
    alg,
    privateKey: pair.privateKey,
    get publicKey(): KeyObject {
      return pair.publicKey;
    },
  };
}

function edPair(seed: string | undefined, label: string): KeyPair {
  if (seed === undefined) {
    return withAlg(-8, generateKeyPairSyncWithJwk('ed25519', {}));
  }
  const secret = deriveBytes(seed, label, 32);
  const jwk = { kty: 'OKP', crv: 'Ed25519', d: b64u(secret), x: b64u(ed25519.getPublicKey(secret)) };
  return withPublicJwk(-8, createPrivateKey({ key: jwk, format: 'jwk' }), jwk);
}

function rsaPair(alg: -257 | -65535, seed: string | undefined, label: string, bits: number): KeyPair {
  const jwk = rsaJwkFromSeed(seed, label, bits);
  return withPublicJwk(alg, createPrivateKey({ key: jwk, format: 'jwk' }), jwk);
}

/**
 * Create a key pair for `alg`. With a `seed` the same (seed, label) always gives the same key;
 * without one the key is random.
 * @param alg - COSE algorithm (-7, -8, -35, -257, -65535)
 * @param seed - optional reproducibility seed
 * @param label - purpose label mixed into the derivation (must differ per key)
 * @param rsaBits - RSA modulus size, default 2048
 */
export function createKeyPair(alg: SigningAlgorithm, seed: string | undefined, label: string, rsaBits = 2048): KeyPair {
  switch (alg) {
    case -7:
    case -35:
      return ecPair(alg, seed, label);
    case -8:
      return edPair(seed, label);
    case -257:
    case -65535:
      return rsaPair(alg, seed, label, rsaBits);
  }
}

/**
 * {@link createKeyPair} for credential keys: the same keys (a seeded RSA key is the one
 * `createKeyPair` derives), but RSA keys are made off the event loop (see rsaKeyPool.ts): random
 * ones come from a background pool, seeded ones are derived with async primality tests and
 * memoized per process. Other algorithms are made at once, as by `createKeyPair`.
 * @param alg - COSE algorithm (-7, -8, -35, -257, -65535)
 * @param seed - optional reproducibility seed
 * @param label - purpose label mixed into the derivation (must differ per key)
 * @param rsaBits - RSA modulus size, default 2048
 */
export async function createKeyPairAsync(alg: SigningAlgorithm, seed: string | undefined, label: string, rsaBits = 2048): Promise<KeyPair> {
  if (alg !== -257 && alg !== -65535) return createKeyPair(alg, seed, label, rsaBits);
  const { privateKey, publicKey } = seed === undefined ? await randomRsaKey(rsaBits) : await seededRsaKey(seed, label, rsaBits);
  return { alg, privateKey, publicKey };
}

/** Rebuild a key pair from a PKCS#8 DER private key (import from Chromium/Playwright/the store). */
export function keyPairFromPkcs8(alg: SigningAlgorithm, pkcs8: Uint8Array): KeyPair {
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return { alg, privateKey, publicKey: createPublicKey(privateKey) };
}

/** PKCS#8 DER encoding of the private key. */
export function pkcs8Of(pair: KeyPair): Uint8Array {
  return new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
}

/** SubjectPublicKeyInfo DER encoding of the public key (WebAuthn L3 `getPublicKey()`). */
export function spkiOf(pair: KeyPair): Uint8Array {
  return new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
}

/**
 * The bytes of a node:crypto result as a plain `Uint8Array` owning exactly its own buffer. Signatures
 * come back in a Buffer that already owns an exact-size ArrayBuffer, so a view suffices (no copy);
 * anything else (e.g. a slice of Node's shared pool) is copied.
 */
function plainBytes(b: Buffer): Uint8Array {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.byteLength) return new Uint8Array(b.buffer, 0, b.byteLength);
  return new Uint8Array(b);
}

/**
 * Sign `data` as the COSE algorithm requires: ECDSA as ASN.1 DER (WebAuthn L3 6.5.5), EdDSA raw,
 * RSASSA-PKCS1-v1_5 with SHA-256 or SHA-1.
 * @param pair - the signing key pair
 * @param data - bytes to sign (e.g. authenticatorData || clientDataHash)
 * @returns the signature, a plain `Uint8Array` (never a Buffer) whose `buffer` holds only it
 */
export function signWith(pair: KeyPair, data: Uint8Array): Uint8Array {
  // ECDSA: DER is node's default dsaEncoding; passing the KeyObject itself skips the option
  // parsing an options object costs (measured ~1% of a P-256 signature).
  switch (pair.alg) {
    case -7:
      return plainBytes(nodeSign('sha256', data, pair.privateKey));
    case -35:
      return plainBytes(nodeSign('sha384', data, pair.privateKey));
    case -8:
      return plainBytes(nodeSign(null, data, pair.privateKey));
    case -257:
      return plainBytes(nodeSign('sha256', data, pair.privateKey));
    case -65535:
      return plainBytes(nodeSign('sha1', data, pair.privateKey));
  }
}
