/**
 * JWS compact serialization signed with ES256 (RFC 7515 section 7.1; RFC 7518 section 3.4: the
 * signature is the 64-byte big-endian R || S, not DER), deterministic by RFC 6979 nonces so the
 * same key and input always give the same token.
 * @module
 */
import { p256 } from '@noble/curves/nist.js';
import type { KeyPair } from '../crypto/keyPair.js';
import { privateJwkOf } from '../crypto/publicJwk.js';
import { MdsError } from './mdsError.js';

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * Sign `payload` under `header` as a JWS compact serialization
 * `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(R || S)`.
 * @param header - protected header; must say `alg: 'ES256'`
 * @param payload - JSON payload (serialized with `JSON.stringify`, member order as given)
 * @param keyPair - a P-256 (COSE -7) key pair
 * @throws MdsError `ERR_MDS_INPUT` when the header is not ES256 or the key is not P-256
 */
export function signJwsEs256(header: { alg: string } & Record<string, unknown>, payload: unknown, keyPair: KeyPair): string {
  if (header.alg !== 'ES256') throw new MdsError('ERR_MDS_INPUT', `jws header alg must be ES256, got ${header.alg}`);
  const jwk = privateJwkOf(keyPair.privateKey);
  if (keyPair.alg !== -7 || jwk.crv !== 'P-256' || jwk.d === undefined) {
    throw new MdsError('ERR_MDS_INPUT', 'jws signing key must be a p-256 (es256) private key');
  }
  const signingInput = `${b64u(Buffer.from(JSON.stringify(header)))}.${b64u(Buffer.from(JSON.stringify(payload)))}`;
  const secret = new Uint8Array(Buffer.from(jwk.d, 'base64url'));
  // RFC 7518 3.4: SHA-256 over the ASCII signing input, R || S each 32 bytes (noble 'compact').
  const signature = p256.sign(new Uint8Array(Buffer.from(signingInput, 'ascii')), secret, { prehash: true, format: 'compact' });
  return `${signingInput}.${b64u(signature)}`;
}
