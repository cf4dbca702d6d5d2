import { createHash, createPublicKey, generateKeyPairSync, verify, X509Certificate, type JsonWebKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix, encodeCbor, type CborMap, type CborValue } from '../cbor/index.js';
import { createKeyPair } from '../crypto/keyPair.js';
import { coseKeyFromPublicKey, coseKeyToSpki, CoseKeyError, parseCoseKey, type CoseKeyErrorCode } from './index.js';
import { allRealDeviceSamples } from '../../../../test/vectors/realDevices.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('parseCoseKey rejects bad keys', () => {
  const p256 = coseKeyFromPublicKey(createKeyPair(-7, 'parse', 'p256').publicKey, -7);
  const ed = coseKeyFromPublicKey(createKeyPair(-8, 'parse', 'ed').publicKey, -8);
  const rsa = coseKeyFromPublicKey(createKeyPair(-257, 'parse', 'rsa', 1024).publicKey, -257);
  const edit = (base: CborMap, changes: [number, CborValue][]): CborMap => {
    const copy = new Map(base);
    for (const [k, v] of changes) {
      if (v === undefined) copy.delete(k);
      else copy.set(k, v);
    }
    return copy;
  };
  const offCurve = (p256.get(-3) as Uint8Array).slice();
  offCurve[31]! ^= 1;

  const cases: [string, Uint8Array | CborMap, CoseKeyErrorCode, RegExp][] = [
    ['bytes that are not cbor', Uint8Array.of(0xff), 'ERR_COSE_KEY_MALFORMED', /not valid cbor/],
    ['trailing bytes after the key', Uint8Array.of(...encodeCbor(p256), 0), 'ERR_COSE_KEY_MALFORMED', /not valid cbor/],
    ['an array', encodeCbor([1, 2]), 'ERR_COSE_KEY_MALFORMED', /not a cbor map/],
    ['no kty', edit(p256, [[1, undefined]]), 'ERR_COSE_KEY_MALFORMED', /no kty/],
    ['text kty', edit(p256, [[1, 'EC2']]), 'ERR_COSE_KEY_MALFORMED', /kty \(1\) is not an integer/],
    ['no alg', edit(p256, [[3, undefined]]), 'ERR_COSE_KEY_MALFORMED', /no alg/],
    ['unknown kty 4 (symmetric)', edit(p256, [[1, 4]]), 'ERR_COSE_KEY_UNSUPPORTED', /key type 4/],
    ['EC2 with ES256K (-47)', edit(p256, [[3, -47]]), 'ERR_COSE_KEY_UNSUPPORTED', /ec2 algorithm -47/],
    ['EC2 with an RSA alg', edit(p256, [[3, -257]]), 'ERR_COSE_KEY_UNSUPPORTED', /ec2 algorithm -257/],
    ['EC2 with curve secp256k1 (8)', edit(p256, [[-1, 8]]), 'ERR_COSE_KEY_UNSUPPORTED', /ec2 curve 8/],
    ['ES256 on P-384', edit(p256, [[-1, 2]]), 'ERR_COSE_KEY_MALFORMED', /alg -7 needs crv 1, key has crv 2/],
    ['EC2 x of 31 bytes', edit(p256, [[-2, new Uint8Array(31)]]), 'ERR_COSE_KEY_MALFORMED', /x is 31 bytes, expected 32/],
    ['EC2 x as text', edit(p256, [[-2, 'x']]), 'ERR_COSE_KEY_MALFORMED', /x \(-2\) is not a byte string/],
    ['EC2 without y', edit(p256, [[-3, undefined]]), 'ERR_COSE_KEY_MALFORMED', /no y/],
    ['EC2 compressed point (y = true)', edit(p256, [[-3, true]]), 'ERR_COSE_KEY_UNSUPPORTED', /compressed/],
    ['EC2 point off the curve', edit(p256, [[-3, offCurve]]), 'ERR_COSE_KEY_MALFORMED', /not a valid P-256 public key/],
    ['EC2 with a private d', edit(p256, [[-4, new Uint8Array(32)]]), 'ERR_COSE_KEY_MALFORMED', /private key material/],
    ['OKP Ed448 (7)', edit(ed, [[-1, 7]]), 'ERR_COSE_KEY_UNSUPPORTED', /okp curve 7/],
    ['OKP with ES256', edit(ed, [[3, -7]]), 'ERR_COSE_KEY_UNSUPPORTED', /okp algorithm -7/],
    ['OKP x of 33 bytes', edit(ed, [[-2, new Uint8Array(33)]]), 'ERR_COSE_KEY_MALFORMED', /33 bytes/],
    ['OKP with a private d', edit(ed, [[-4, new Uint8Array(32)]]), 'ERR_COSE_KEY_MALFORMED', /private key material/],
    ['RSA with EdDSA', edit(rsa, [[3, -8]]), 'ERR_COSE_KEY_UNSUPPORTED', /rsa algorithm -8/],
    ['RSA without n', edit(rsa, [[-1, undefined]]), 'ERR_COSE_KEY_MALFORMED', /no n/],
    ['RSA with an even n', edit(rsa, [[-1, Uint8Array.of(0xc0, 0x00)]]), 'ERR_COSE_KEY_MALFORMED', /rsa n/],
    ['RSA with zero n', edit(rsa, [[-1, Uint8Array.of(0, 0)]]), 'ERR_COSE_KEY_MALFORMED', /rsa n/],
    ['RSA with e = 1', edit(rsa, [[-2, Uint8Array.of(1)]]), 'ERR_COSE_KEY_MALFORMED', /rsa e/],
    ['RSA with a private d', edit(rsa, [[-3, new Uint8Array(128)]]), 'ERR_COSE_KEY_MALFORMED', /private key material/],
  ];
  const expectRejected = (read: () => unknown, code: CoseKeyErrorCode, message: RegExp): void => {
    let error: unknown;
    try {
      read();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoseKeyError);
    expect((error as CoseKeyError).code).toBe(code);
    expect((error as CoseKeyError).message).toMatch(message);
  };
  for (const [what, input, code, message] of cases) {
    it(`rejects ${what}`, () => expectRejected(() => parseCoseKey(input), code, message));
  }

  it('coseKeyToSpki rejects them the same way, also once it knows the SPKI header of the curve', () => {
    coseKeyToSpki(p256); // a valid key first: later P-256 keys take the header-and-point path
    for (const [, input, code, message] of cases) expectRejected(() => coseKeyToSpki(input), code, message);
  });

  it('accepts extra common parameters (kid) and an RSA n with a leading zero', () => {
    expect(parseCoseKey(edit(p256, [[2, Uint8Array.of(1, 2)]])).crv).toBe(1);
    const padded = Uint8Array.of(0, ...(rsa.get(-1) as Uint8Array));
    expect(toHex(coseKeyToSpki(edit(rsa, [[-1, padded]])))).toBe(toHex(coseKeyToSpki(rsa)));
  });
});

/** Real authenticators' credential public keys, read independently of the authData module. */
interface Fixture {
  device_note: string;
  attestationObject: string;
  clientDataJSON: string;
  decoded_summary: { fmt: string; coseKey: { kty: number; alg: number; crv: number | null; rsa_n_bits: number | null }; x5c?: unknown[] };
}
const fixtures = allRealDeviceSamples<Fixture>();

describe('parseCoseKey on real credential public keys', () => {
  for (const fx of fixtures) {
    it(`parses the ${fx.name} key (${fx.decoded_summary.fmt})`, () => {
      const ao = decodeCbor(new Uint8Array(Buffer.from(fx.attestationObject, 'base64url'))) as Map<string, CborValue>;
      const authData = ao.get('authData') as Uint8Array;
      const credIdLength = (authData[53]! << 8) | authData[54]!; // WebAuthn L3 6.5.1: rpIdHash 32, flags 1, signCount 4, aaguid 16
      const coseBytes = authData.subarray(55 + credIdLength);
      const { length } = decodeCborPrefix(coseBytes);
      const key = parseCoseKey(coseBytes.subarray(0, length));
      const expected = fx.decoded_summary.coseKey;
      expect(key.kty).toBe(expected.kty);
      expect(key.alg).toBe(expected.alg);
      expect(key.crv).toBe(expected.crv ?? undefined);
      if (expected.rsa_n_bits) expect(key.publicKey.asymmetricKeyDetails?.modulusLength).toBe(expected.rsa_n_bits);

      const attStmt = ao.get('attStmt') as Map<string, CborValue>;
      const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(fx.clientDataJSON, 'base64url')).digest()]);
      if (fx.decoded_summary.fmt === 'packed' && !attStmt.has('x5c')) {
        // self attestation: the credential key itself signed authData || clientDataHash (WebAuthn L3 8.2)
        expect(verify('sha256', signed, key.publicKey, attStmt.get('sig') as Uint8Array)).toBe(true);
      }
      if (fx.decoded_summary.fmt === 'android-key' || fx.decoded_summary.fmt === 'apple') {
        // the leaf certificate certifies the credential public key itself (WebAuthn L3 8.4, 8.8)
        const leaf = new X509Certificate((attStmt.get('x5c') as Uint8Array[])[0]!);
        expect(toHex(coseKeyToSpki(coseBytes.subarray(0, length)))).toBe(toHex(new Uint8Array(leaf.publicKey.export({ format: 'der', type: 'spki' }))));
      }
    });
  }
});

describe('coseKeyToSpki', () => {
  // Fresh keys per curve, as node:crypto's generation job encodes them (JWK) and exports them (SPKI DER).
  const curves = [
    { namedCurve: 'prime256v1', crv: 1, alg: -7 },
    { namedCurve: 'secp384r1', crv: 2, alg: -35 },
    { namedCurve: 'secp521r1', crv: 3, alg: -36 },
  ];
  for (const { namedCurve, crv, alg } of curves) {
    it(`gives node:crypto's own SubjectPublicKeyInfo for ${namedCurve} keys, first and later calls alike`, () => {
      for (let i = 0; i < 8; i++) {
        const { publicKey: jwk } = (generateKeyPairSync as unknown as (type: string, options: object) => { publicKey: JsonWebKey })('ec', { namedCurve, publicKeyEncoding: { format: 'jwk' } });
        const cose: CborMap = new Map<number, CborValue>([[1, 2], [3, alg], [-1, crv], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]);
        const expected = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' });
        expect(toHex(coseKeyToSpki(cose))).toBe(toHex(expected));
        expect(toHex(coseKeyToSpki(encodeCbor(cose)))).toBe(toHex(expected));
      }
    });
  }
});
