/**
 * Public key -> COSE_Key, the credentialPublicKey of attested credential data (WebAuthn L3
 * 6.5.1.1 and 5.8.5; RFC 9053 sections 7.1-7.2 for EC2/OKP, RFC 8230 section 4 for RSA).
 * @module
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { publicJwkOf } from '../crypto/publicJwk.js';
import { encodeCbor } from '../cbor/encodeCbor.js';
import type { CborMap } from '../cbor/types.js';
import type { SigningAlgorithm } from '../crypto/algorithms.js';
import { CoseKeyError } from './coseKeyError.js';
import { CoseCurve, CoseKeyParam as P, CoseKeyType } from './coseKeyParams.js';

const EC_CURVES = {
  [-7]: { jwk: 'P-256', crv: CoseCurve.P256, size: 32 },
  [-35]: { jwk: 'P-384', crv: CoseCurve.P384, size: 48 },
} as const;

/** base64url -> plain Uint8Array, minus leading zero bytes when `minimal`. */
function bytesOf(b64u: string | undefined, minimal = false): Uint8Array {
  let bytes = new Uint8Array(Buffer.from(b64u ?? '', 'base64url'));
  if (minimal) {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    bytes = bytes.subarray(i);
  }
  return bytes;
}

const mismatch = (alg: number, jwk: JsonWebKey): CoseKeyError => {
  const kind = [jwk.kty ?? '?', jwk.crv].filter(Boolean).join(' ');
  return new CoseKeyError('ERR_COSE_KEY_UNSUPPORTED', `cannot make a cose key for alg ${alg} from a ${kind} key`);
};

/**
 * Build the COSE_Key map of a public key, parameters in canonical order: EC2 `{1: 2, 3: alg,
 * -1: crv, -2: x, -3: y}` with 32/48-byte coordinates, OKP `{1: 1, 3: -8, -1: 6, -2: x}`, RSA
 * `{1: 3, 3: alg, -1: n, -2: e}` with n and e unsigned big-endian without leading zeros.
 * A private key is reduced to its public half first.
 * @param publicKey - node:crypto public (or private) key matching `alg`
 * @param alg - COSE algorithm the credential signs with (-7, -8, -35, -257, -65535)
 * @throws CoseKeyError `ERR_COSE_KEY_UNSUPPORTED` when the key does not fit `alg`
 * @see https://www.w3.org/TR/webauthn-3/#sctn-encoded-credPubKey-examples
 */
export function coseKeyFromPublicKey(publicKey: KeyObject, alg: SigningAlgorithm): CborMap {
  if (publicKey.type === 'secret') throw new CoseKeyError('ERR_COSE_KEY_UNSUPPORTED', 'cannot make a cose key from a secret key');
  let jwk: JsonWebKey;
  try {
    jwk = publicJwkOf(publicKey); // known from generation for vfido's keys (crypto/publicJwk.ts)
  } catch (cause) {
    const type = publicKey.asymmetricKeyType ?? 'unknown';
    throw new CoseKeyError('ERR_COSE_KEY_UNSUPPORTED', `cannot make a cose key from a ${type} key`, { cause });
  }
  return coseKeyFromJwk(jwk, alg);
}

/**
 * {@link coseKeyFromPublicKey} from the key's public JWK (RFC 7517), for a key pair whose public JWK
 * is known without a key object (crypto/keyPair.ts `publicJwkOfPair`).
 * @param jwk - the public (or private) JWK of a key matching `alg`
 * @param alg - COSE algorithm the credential signs with (-7, -8, -35, -257, -65535)
 * @throws CoseKeyError `ERR_COSE_KEY_UNSUPPORTED` when the key does not fit `alg`
 */
export function coseKeyFromJwk(jwk: JsonWebKey, alg: SigningAlgorithm): CborMap {
  switch (alg) {
    case -7:
    case -35: {
      const curve = EC_CURVES[alg];
      const x = bytesOf(jwk.x);
      const y = bytesOf(jwk.y);
      if (jwk.kty !== 'EC' || jwk.crv !== curve.jwk || x.length !== curve.size || y.length !== curve.size) throw mismatch(alg, jwk);
      return new Map<number, number | Uint8Array>([[P.kty, CoseKeyType.EC2], [P.alg, alg], [P.crv, curve.crv], [P.x, x], [P.y, y]]);
    }
    case -8: {
      const x = bytesOf(jwk.x);
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || x.length !== 32) throw mismatch(alg, jwk);
      return new Map<number, number | Uint8Array>([[P.kty, CoseKeyType.OKP], [P.alg, alg], [P.crv, CoseCurve.Ed25519], [P.x, x]]);
    }
    case -257:
    case -65535:
      if (jwk.kty !== 'RSA') throw mismatch(alg, jwk);
      return new Map<number, number | Uint8Array>([
        [P.kty, CoseKeyType.RSA],
        [P.alg, alg],
        [P.n, bytesOf(jwk.n, true)],
        [P.e, bytesOf(jwk.e, true)],
      ]);
    default:
      throw new CoseKeyError('ERR_COSE_KEY_UNSUPPORTED', `unsupported cose algorithm ${String(alg)}`);
  }
}

/**
 * The canonical CBOR bytes of {@link coseKeyFromPublicKey}: the `credentialPublicKey` field of
 * attested credential data.
 * @param publicKey - node:crypto public (or private) key matching `alg`
 * @param alg - COSE algorithm the credential signs with
 * @throws CoseKeyError `ERR_COSE_KEY_UNSUPPORTED` when the key does not fit `alg`
 */
export function encodeCoseKey(publicKey: KeyObject, alg: SigningAlgorithm): Uint8Array {
  return encodeCbor(coseKeyFromPublicKey(publicKey, alg));
}
