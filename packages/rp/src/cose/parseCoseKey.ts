/**
 * COSE_Key public key parser (RFC 9052 section 7, RFC 9053 sections 7.1-7.2, RFC 8230 for RSA;
 * WebAuthn L3 6.5.1.1 "Examples of credentialPublicKey Values Encoded in COSE_Key Format").
 * @module
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { isBytes, isInteger, type CborMap } from '../cbor/cborValue.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { coseAlgorithm, coseAlgorithmName, CoseCurve, type CoseAlgorithmInfo } from './algorithms.js';

/** COSE_Key map labels (RFC 9052 7.1, RFC 9053 7.1/7.2, RFC 8230 4). */
export const CoseKeyLabel = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, n: -1, e: -2 } as const;

/** A parsed credential public key. */
export interface CosePublicKey {
  /** 1 OKP, 2 EC2, 3 RSA. */
  kty: 1 | 2 | 3;
  alg: number;
  algorithm: CoseAlgorithmInfo;
  crv?: number;
  x?: Uint8Array;
  y?: Uint8Array;
  n?: Uint8Array;
  e?: Uint8Array;
  /** The key, ready for node:crypto. */
  keyObject: KeyObject;
}

/** Why a COSE key was rejected; `unsupportedAlgorithm` marks an alg the verifier cannot check. */
export class CoseKeyError extends Error {
  override readonly name = 'CoseKeyError';
  constructor(
    message: string,
    readonly unsupportedAlgorithm = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const bytesAt = (map: CborMap, label: number, what: string): Uint8Array => {
  const v = map.get(label);
  if (!isBytes(v)) throw new CoseKeyError(`COSE key ${what} (${label}) must be a byte string`);
  return v;
};

/**
 * Parses a COSE_Key map into a public key and checks that kty, alg and crv agree.
 * @throws CoseKeyError for a malformed key, or (with `unsupportedAlgorithm`) an alg the verifier does not know
 */
export function parseCoseKey(map: CborMap): CosePublicKey {
  const kty = map.get(CoseKeyLabel.kty);
  const alg = map.get(CoseKeyLabel.alg);
  if (!isInteger(alg)) throw new CoseKeyError('COSE key has no integer alg (3)');
  const algorithm = coseAlgorithm(alg);
  if (!algorithm || alg === -65535) throw new CoseKeyError(`credential key algorithm ${coseAlgorithmName(alg)} is not supported`, true);
  if (kty !== algorithm.kty) throw new CoseKeyError(`COSE key kty ${String(kty)} does not fit ${coseAlgorithmName(alg)}`);

  if (algorithm.kty === 3) {
    const n = bytesAt(map, CoseKeyLabel.n, 'n');
    const e = bytesAt(map, CoseKeyLabel.e, 'e');
    if (n.byteLength < 128 || e.byteLength === 0 || e.byteLength > 8) throw new CoseKeyError('COSE RSA key has an implausible n or e');
    const keyObject = toKeyObject({ kty: 'RSA', n: encodeBase64url(n), e: encodeBase64url(e) });
    return { kty: 3, alg, algorithm, n, e, keyObject };
  }

  const crv = map.get(CoseKeyLabel.crv);
  if (alg === -8 && crv === 7) {
    // WebAuthn L3 5.8.5: keys with EdDSA (-8) MUST use crv 6 (Ed25519); RFC 9864 names Ed448 -53.
    throw new CoseKeyError('COSE key crv 7 (Ed448) under EdDSA (-8): WebAuthn requires crv 6 (Ed25519) for -8; an Ed448 key must use alg -53');
  }
  if (!isInteger(crv) || !algorithm.curves?.includes(crv)) {
    throw new CoseKeyError(`COSE key crv ${String(crv)} does not fit ${coseAlgorithmName(alg)}`);
  }
  const curve = CoseCurve[crv];
  if (!curve) throw new CoseKeyError(`COSE curve ${crv} is not supported`);
  const x = bytesAt(map, CoseKeyLabel.x, 'x');
  if (x.byteLength !== curve.size) throw new CoseKeyError(`COSE key x must be ${curve.size} bytes for ${curve.jwk}`);
  if (algorithm.kty === 1) {
    const keyObject = toKeyObject({ kty: 'OKP', crv: curve.jwk, x: encodeBase64url(x) });
    return { kty: 1, alg, algorithm, crv, x, keyObject };
  }
  const y = bytesAt(map, CoseKeyLabel.y, 'y'); // compressed points (y as bool) are not allowed in WebAuthn
  if (y.byteLength !== curve.size) throw new CoseKeyError(`COSE key y must be ${curve.size} bytes for ${curve.jwk}`);
  const keyObject = toKeyObject({ kty: 'EC', crv: curve.jwk, x: encodeBase64url(x), y: encodeBase64url(y) });
  return { kty: 2, alg, algorithm, crv, x, y, keyObject };
}

function toKeyObject(jwk: Record<string, string>): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new CoseKeyError('COSE key is not a valid public key (point not on curve?)', false, { cause });
  }
}
