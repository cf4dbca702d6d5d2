import { generateKeyPairSync, createSecretKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../cbor/index.js';
import { createKeyPair, signWith, spkiOf } from '../crypto/keyPair.js';
import type { SigningAlgorithm } from '../crypto/algorithms.js';
import { CoseKeyError, coseKeyFromPublicKey, coseKeyToSpki, encodeCoseKey, parseCoseKey } from './index.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Minimal DER reader for RSAPublicKey ::= SEQUENCE { n INTEGER, e INTEGER } (independent of JWK). */
function rsaPublicNumbers(pkcs1: Uint8Array): { n: Uint8Array; e: Uint8Array } {
  let p = 0;
  const len = (): number => {
    const first = pkcs1[p++]!;
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + pkcs1[p++]!;
    return n;
  };
  const integer = (): Uint8Array => {
    expect(pkcs1[p++]).toBe(0x02);
    const l = len();
    let v = pkcs1.subarray(p, (p += l));
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    return v;
  };
  expect(pkcs1[p++]).toBe(0x30);
  len();
  return { n: integer(), e: integer() };
}

describe('coseKeyFromPublicKey / encodeCoseKey round trips (WebAuthn L3 6.5.1.1)', () => {
  const cases: [SigningAlgorithm, string][] = [[-7, 'ES256'], [-35, 'ES384'], [-8, 'EdDSA'], [-257, 'RS256'], [-65535, 'RS1']];
  for (const [alg, name] of cases) {
    it(`round-trips a ${name} key: same SPKI, signatures verify`, () => {
      const pair = createKeyPair(alg, 'cose-seed', `cose-${alg}`);
      const bytes = encodeCoseKey(pair.publicKey, alg);
      const parsed = parseCoseKey(bytes);
      expect(parsed.alg).toBe(alg);
      expect(toHex(new Uint8Array(parsed.publicKey.export({ format: 'der', type: 'spki' })))).toBe(toHex(spkiOf(pair)));
      expect(toHex(coseKeyToSpki(bytes))).toBe(toHex(spkiOf(pair)));
      expect(toHex(coseKeyToSpki(coseKeyFromPublicKey(pair.publicKey, alg)))).toBe(toHex(spkiOf(pair)));
      const data = Buffer.from('authenticatorData || clientDataHash');
      const hash = { [-7]: 'sha256', [-35]: 'sha384', [-8]: null, [-257]: 'sha256', [-65535]: 'sha1' }[alg];
      expect(verify(hash, data, parsed.publicKey, signWith(pair, data))).toBe(true);
    });
  }

  it('writes an EC2 P-256 key as {1: 2, 3: -7, -1: 1, -2: x, -3: y} with the SPKI point coordinates', () => {
    const pair = createKeyPair(-7, 'cose-seed', 'p256');
    const point = spkiOf(pair).subarray(-65); // 0x04 || x || y ends the SPKI
    expect(point[0]).toBe(0x04);
    expect(toHex(encodeCoseKey(pair.publicKey, -7))).toBe(
      'a5' + '0102' + '0326' + '2001' + '215820' + toHex(point.subarray(1, 33)) + '225820' + toHex(point.subarray(33)),
    );
  });

  it('writes an EC2 P-384 key with crv 2 and 48-byte coordinates', () => {
    const pair = createKeyPair(-35, 'cose-seed', 'p384');
    const point = spkiOf(pair).subarray(-97);
    expect(toHex(encodeCoseKey(pair.publicKey, -35))).toBe(
      'a5' + '0102' + '033822' + '2002' + '215830' + toHex(point.subarray(1, 49)) + '225830' + toHex(point.subarray(49)),
    );
  });

  it('writes an OKP Ed25519 key as {1: 1, 3: -8, -1: 6, -2: x}', () => {
    const pair = createKeyPair(-8, 'cose-seed', 'ed');
    expect(toHex(encodeCoseKey(pair.publicKey, -8))).toBe('a4' + '0101' + '0327' + '2006' + '215820' + toHex(spkiOf(pair).subarray(-32)));
  });

  it('writes an RSA key as {1: 3, 3: alg, -1: n, -2: e}, n and e without leading zeros', () => {
    for (const bits of [2048, 1032]) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 });
      const { n, e } = rsaPublicNumbers(new Uint8Array(publicKey.export({ format: 'der', type: 'pkcs1' })));
      const map = decodeCbor(encodeCoseKey(publicKey, -257), { strict: true }) as Map<number, unknown>;
      expect([...map.keys()]).toEqual([1, 3, -1, -2]);
      expect(map.get(1)).toBe(3);
      expect(map.get(3)).toBe(-257);
      expect(toHex(map.get(-1) as Uint8Array)).toBe(toHex(n));
      expect(toHex(map.get(-2) as Uint8Array)).toBe('03');
      expect(toHex(e)).toBe('03');
      expect((map.get(-1) as Uint8Array)[0]).not.toBe(0);
      expect((map.get(-1) as Uint8Array).length).toBe(Math.ceil(bits / 8));
    }
  });

  it('reduces a private key to its public half', () => {
    const pair = createKeyPair(-7, 'cose-seed', 'private');
    const fromPrivate = coseKeyFromPublicKey(pair.privateKey, -7);
    expect([...fromPrivate.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect(toHex(encodeCoseKey(pair.privateKey, -7))).toBe(toHex(encodeCoseKey(pair.publicKey, -7)));
  });

  it('refuses a key that does not fit the algorithm with ERR_COSE_KEY_UNSUPPORTED', () => {
    const p256 = createKeyPair(-7, 'cose-seed', 'a').publicKey;
    const ed = createKeyPair(-8, 'cose-seed', 'b').publicKey;
    const attempts: [() => unknown, RegExp][] = [
      [() => coseKeyFromPublicKey(p256, -35), /alg -35 from a EC P-256 key/],
      [() => coseKeyFromPublicKey(p256, -8), /alg -8/],
      [() => coseKeyFromPublicKey(ed, -7), /alg -7 from a OKP Ed25519 key/],
      [() => coseKeyFromPublicKey(ed, -257), /alg -257/],
      [() => coseKeyFromPublicKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, -7), /alg -7/],
      [() => coseKeyFromPublicKey(p256, -36 as SigningAlgorithm), /unsupported cose algorithm -36/],
      [() => coseKeyFromPublicKey(createSecretKey(Buffer.alloc(16)), -7), /secret key/],
      [() => coseKeyFromPublicKey(generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).publicKey, -257), /dsa key/],
    ];
    for (const [attempt, message] of attempts) {
      expect(attempt).toThrow(CoseKeyError);
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (e) {
        expect((e as CoseKeyError).code).toBe('ERR_COSE_KEY_UNSUPPORTED');
      }
    }
  });
});
