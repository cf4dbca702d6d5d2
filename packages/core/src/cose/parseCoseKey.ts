/**
 * COSE_Key -> node:crypto public key, for credential public keys read from authenticatorData
 * (WebAuthn L3 6.5.1.1; RFC 9052 section 7, RFC 9053 sections 7.1-7.2, RFC 8230 section 4).
 * @module
 */
import { createPublicKey, ECDH, type KeyObject } from 'node:crypto';
import { decodeCbor } from '../cbor/decodeCbor.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { CoseKeyError } from './coseKeyError.js';
import { CoseKeyParam as P, CoseKeyType } from './coseKeyParams.js';

/** A parsed COSE_Key. */
export interface ParsedCoseKey {
  /** Key type (1 OKP, 2 EC2, 3 RSA). */
  kty: number;
  /** COSE algorithm the key is bound to. */
  alg: number;
  /** Curve (EC2 and OKP keys only). */
  crv?: number;
  /** The node:crypto public key. */
  publicKey: KeyObject;
}

/** EC2 curves: COSE crv -> JWK name and coordinate size. */
const EC2_CURVES = new Map([
  [1, { name: 'P-256', openssl: 'prime256v1', size: 32 }],
  [2, { name: 'P-384', openssl: 'secp384r1', size: 48 }],
  [3, { name: 'P-521', openssl: 'secp521r1', size: 66 }],
]);
/** EC2 algorithms -> the curve they require: ES256/384/512 and fully specified ESP256/384/512. */
const EC2_ALGS = new Map([[-7, 1], [-35, 2], [-36, 3], [-9, 1], [-51, 2], [-52, 3]]);
/** OKP algorithms: EdDSA and the fully specified Ed25519 (both on crv 6). */
const OKP_ALGS = new Set([-8, -19]);
/** RSA algorithms: RS256/384/512, PS256/384/512, RS1. */
const RSA_ALGS = new Set([-257, -258, -259, -37, -38, -39, -65535]);

const malformed = (message: string, opts?: ErrorOptions): CoseKeyError => new CoseKeyError('ERR_COSE_KEY_MALFORMED', message, opts);
const unsupported = (message: string): CoseKeyError => new CoseKeyError('ERR_COSE_KEY_UNSUPPORTED', message);
const b64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');

function int(map: CborMap, label: number, name: string): number {
  const v = map.get(label);
  if (typeof v !== 'number') {
    throw malformed(v === undefined ? `cose key has no ${name} (${label})` : `cose key ${name} (${label}) is not an integer`);
  }
  return v;
}

function bytes(map: CborMap, label: number, name: string, size?: number): Uint8Array {
  const v = map.get(label);
  if (typeof v === 'boolean' && name === 'y') throw unsupported('compressed ec points are not supported');
  if (!(v instanceof Uint8Array)) {
    throw malformed(v === undefined ? `cose key has no ${name} (${label})` : `cose key ${name} (${label}) is not a byte string`);
  }
  if (size !== undefined && v.length !== size) throw malformed(`cose key ${name} is ${v.length} bytes, expected ${size}`);
  return v;
}

function noPrivate(map: CborMap, label: number): void {
  if (map.has(label)) throw malformed('cose key holds private key material');
}

function importJwk(jwk: Record<string, string>, what: string): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw malformed(`cose key is not a valid ${what} public key`, { cause });
  }
}

/** Strip leading zero bytes; reject zero, even or absent values (RSA n and e are odd, > 1). */
function rsaInteger(v: Uint8Array, name: string): Uint8Array {
  let i = 0;
  while (i < v.length && v[i] === 0) i++;
  const minimal = v.subarray(i);
  if (minimal.length === 0 || ((minimal[minimal.length - 1] as number) & 1) === 0 || (minimal.length === 1 && minimal[0] === 1)) {
    throw malformed(`cose key rsa ${name} is not a valid odd integer > 1`);
  }
  return minimal;
}

/** The COSE_Key map of CBOR bytes or an already decoded value. */
function coseMap(input: Uint8Array | CborMap): CborMap {
  let map: CborValue = input;
  if (input instanceof Uint8Array) {
    try {
      map = decodeCbor(input, { maxDepth: 4 });
    } catch (cause) {
      throw malformed('cose key is not valid cbor', { cause });
    }
  }
  if (!(map instanceof Map)) throw malformed('cose key is not a cbor map');
  return map;
}

/** An EC2 key's curve and coordinates, its parameters checked (RFC 9053 7.1.1); the point itself is not checked here. */
function ec2Params(map: CborMap, alg: number): { crv: number; curve: { name: string; openssl: string; size: number }; x: Uint8Array; y: Uint8Array } {
  const crvForAlg = EC2_ALGS.get(alg);
  if (crvForAlg === undefined) throw unsupported(`unsupported ec2 algorithm ${alg}`);
  const crv = int(map, P.crv, 'crv');
  const curve = EC2_CURVES.get(crv);
  if (!curve) throw unsupported(`unsupported ec2 curve ${crv}`);
  if (crv !== crvForAlg) throw malformed(`cose alg ${alg} needs crv ${crvForAlg}, key has crv ${crv}`);
  noPrivate(map, P.d);
  return { crv, curve, x: bytes(map, P.x, 'x', curve.size), y: bytes(map, P.y, 'y', curve.size) };
}

/**
 * Parse a COSE_Key (bytes or an already decoded map) into a node:crypto public key, checking
 * that its parameters fit its key type, curve and algorithm.
 * @param input - COSE_Key CBOR bytes (one item, nothing after it) or a decoded map
 * @throws CoseKeyError `ERR_COSE_KEY_MALFORMED` (bad CBOR, missing/mistyped/mismatched parameters,
 *   point not on the curve, private key present) or `ERR_COSE_KEY_UNSUPPORTED` (unknown kty, crv, alg)
 * @see https://www.w3.org/TR/webauthn-3/#sctn-encoded-credPubKey-examples
 */
export function parseCoseKey(input: Uint8Array | CborMap): ParsedCoseKey {
  const map = coseMap(input);
  const kty = int(map, P.kty, 'kty');
  const alg = int(map, P.alg, 'alg'); // WebAuthn L3 6.5.1.1: alg MUST be present
  switch (kty) {
    case CoseKeyType.EC2: {
      const { crv, curve, x, y } = ec2Params(map, alg);
      return { kty, alg, crv, publicKey: importJwk({ kty: 'EC', crv: curve.name, x: b64u(x), y: b64u(y) }, curve.name) };
    }
    case CoseKeyType.OKP: {
      if (!OKP_ALGS.has(alg)) throw unsupported(`unsupported okp algorithm ${alg}`);
      const crv = int(map, P.crv, 'crv');
      if (crv !== 6) throw unsupported(`unsupported okp curve ${crv}`);
      noPrivate(map, P.d);
      const x = bytes(map, P.x, 'x', 32);
      return { kty, alg, crv, publicKey: importJwk({ kty: 'OKP', crv: 'Ed25519', x: b64u(x) }, 'Ed25519') };
    }
    case CoseKeyType.RSA: {
      if (!RSA_ALGS.has(alg)) throw unsupported(`unsupported rsa algorithm ${alg}`);
      noPrivate(map, P.rsaD);
      const n = rsaInteger(bytes(map, P.n, 'n'), 'n');
      const e = rsaInteger(bytes(map, P.e, 'e'), 'e');
      return { kty, alg, publicKey: importJwk({ kty: 'RSA', n: b64u(n), e: b64u(e) }, 'RSA') };
    }
    default:
      throw unsupported(`unsupported cose key type ${kty}`);
  }
}

/**
 * Per EC2 curve, the DER node:crypto writes before the point in a SubjectPublicKeyInfo (RFC 5480 2: algorithm
 * id-ecPublicKey with the curve's OID), taken from the first key of that curve {@link coseKeyToSpki} exported:
 * a key object costs a point validation with a scalar multiplication, import and export (~0.2 ms on a busy
 * machine, a share of a whole shim ceremony), where the point check alone is a fraction of that.
 */
const SPKI_PREFIX = new Map<number, Uint8Array>();

/**
 * SubjectPublicKeyInfo DER of a COSE_Key (what WebAuthn L3 `getPublicKey()` returns).
 * @param input - COSE_Key CBOR bytes or a decoded map
 * @throws CoseKeyError as {@link parseCoseKey}
 */
export function coseKeyToSpki(input: Uint8Array | CborMap): Uint8Array {
  const map = coseMap(input);
  if (map.get(P.kty) === CoseKeyType.EC2) {
    const { crv, curve, x, y } = ec2Params(map, int(map, P.alg, 'alg'));
    const point = new Uint8Array(1 + 2 * curve.size);
    point[0] = 0x04; // SEC1 2.3.3 uncompressed point, the subjectPublicKey of RFC 5480 2.2
    point.set(x, 1);
    point.set(y, 1 + curve.size);
    const prefix = SPKI_PREFIX.get(crv);
    if (prefix) {
      // The same check the JWK import makes (the point is on the curve), without building a key object.
      try {
        ECDH.convertKey(point, curve.openssl);
      } catch (cause) {
        throw malformed(`cose key is not a valid ${curve.name} public key`, { cause });
      }
      const spki = new Uint8Array(prefix.length + point.length);
      spki.set(prefix);
      spki.set(point, prefix.length);
      return spki;
    }
    const spki = new Uint8Array(parseCoseKey(map).publicKey.export({ format: 'der', type: 'spki' }));
    // node:crypto's SPKI is its fixed header for the curve followed by the point: keep the header it wrote.
    if (Buffer.from(spki.subarray(spki.length - point.length)).equals(point)) SPKI_PREFIX.set(crv, spki.slice(0, spki.length - point.length));
    return spki;
  }
  return new Uint8Array(parseCoseKey(map).publicKey.export({ format: 'der', type: 'spki' }));
}
