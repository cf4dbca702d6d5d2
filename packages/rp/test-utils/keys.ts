/**
 * Test-only credential and attestation keys (node:crypto) and their COSE_Key encodings (RFC 9052 7, RFC 9053 7).
 * @module
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, constants, type KeyObject } from 'node:crypto';
import { encodeCbor } from './cbor.js';

/** A generated key pair with the COSE algorithm it signs with. */
export interface TestKey {
  alg: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

// RSA-2048 generation takes ~0.3 s; tests draw from a small pool instead. Any 4 consecutive calls return
// distinct keys, which is all "another key" tests need.
const rsaPool: { privateKey: KeyObject; publicKey: KeyObject }[] = [];
let rsaNext = 0;
function pooledRsa(): { privateKey: KeyObject; publicKey: KeyObject } {
  if (rsaPool.length < 4) rsaPool.push(detached(generateKeyPairSync('rsa', { modulusLength: 2048 })));
  return rsaPool[rsaNext++ % 4] ?? rsaPool[rsaPool.length - 1]!;
}

/**
 * The same key, re-imported from its PKCS#8 DER: key objects that share nothing with the generation job. Node 20's
 * `export({ format: 'jwk' })` of a generated key deadlocks when the allocation it makes runs a GC that frees the
 * key's generation job (the job's destructor takes the key's lock the export holds; seen here as a hung test
 * worker, main thread in `~KeyGenJob` under `ExportJWKRsaKey`). The test utilities export JWKs freely, so they use
 * detached keys; DER export does not allocate under that lock.
 * @param pair - a freshly generated key pair
 */
export function detached(pair: { privateKey: KeyObject }): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: pair.privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** Generates a key for COSE `alg` (-7, -35, -36, -8, -19, -53, -257, -37, -65535). */
export function generateKey(alg: number): TestKey {
  switch (alg) {
    case -7:
    case -9:
      return { alg, ...detached(generateKeyPairSync('ec', { namedCurve: 'P-256' })) };
    case -35:
      return { alg, ...detached(generateKeyPairSync('ec', { namedCurve: 'P-384' })) };
    case -36:
      return { alg, ...detached(generateKeyPairSync('ec', { namedCurve: 'P-521' })) };
    case -8:
    case -19:
      return { alg, ...detached(generateKeyPairSync('ed25519')) };
    case -53:
      return { alg, ...detached(generateKeyPairSync('ed448')) };
    default:
      return { alg, ...pooledRsa() };
  }
}

const HASH: Record<number, string | null> = {
  [-7]: 'sha256', [-9]: 'sha256', [-35]: 'sha384', [-36]: 'sha512', [-8]: null, [-19]: null, [-53]: null,
  [-257]: 'sha256', [-258]: 'sha384', [-259]: 'sha512', [-37]: 'sha256', [-38]: 'sha384', [-39]: 'sha512', [-65535]: 'sha1',
};

/** Signs `data` as COSE `alg` does on the wire (ECDSA DER, RSASSA, RSA-PSS with digest-length salt, EdDSA). */
export function signWith(key: TestKey, data: Uint8Array, alg = key.alg): Uint8Array {
  const hash = HASH[alg];
  if (hash === undefined) throw new Error(`no test signer for alg ${alg}`);
  if (alg === -37 || alg === -38 || alg === -39) {
    return sign(hash, data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  }
  return sign(hash, data, key.privateKey);
}

const b64u = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

/** The COSE_Key map of `key.publicKey` (EC2, OKP or RSA) with `alg`; pass overrides to corrupt it. */
export function coseKeyMap(key: TestKey, overrides: [number, unknown][] = []): Map<number, unknown> {
  const jwk = key.publicKey.export({ format: 'jwk' });
  const map = new Map<number, unknown>();
  if (jwk.kty === 'EC') {
    const crv = { 'P-256': 1, 'P-384': 2, 'P-521': 3 }[jwk.crv as string];
    map.set(1, 2).set(3, key.alg).set(-1, crv).set(-2, b64u(jwk.x)).set(-3, b64u(jwk.y));
  } else if (jwk.kty === 'OKP') {
    map.set(1, 1).set(3, key.alg).set(-1, jwk.crv === 'Ed448' ? 7 : 6).set(-2, b64u(jwk.x));
  } else {
    map.set(1, 3).set(3, key.alg).set(-1, b64u(jwk.n)).set(-2, b64u(jwk.e));
  }
  for (const [k, v] of overrides) {
    if (v === undefined) map.delete(k);
    else map.set(k, v);
  }
  return map;
}

/** COSE_Key bytes of `key.publicKey`. */
export function coseKey(key: TestKey, overrides: [number, unknown][] = []): Uint8Array {
  return encodeCbor(coseKeyMap(key, overrides));
}
