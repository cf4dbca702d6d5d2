import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborValue } from '../cbor/index.js';
import { encodeCoseKey } from '../cose/index.js';
import { createKeyPair } from '../crypto/keyPair.js';
import { AuthDataError, aaguidToString, buildAuthenticatorData, parseAuthenticatorData } from './index.js';
import { allRealDeviceSamples } from '../../../../test/vectors/realDevices.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Real authenticators' registrations (SimpleWebAuthn / py_webauthn fixtures; provenance in `source`). */
interface Fixture {
  device_note: string;
  attestationObject: string;
  expectedRPID: string | null;
  decoded_summary: {
    aaguid: string;
    flags: { UP: boolean; UV: boolean; BE: boolean; BS: boolean; AT: boolean; ED: boolean };
    flagsByte: string;
    signCount: number;
    coseKey: { kty: number; alg: number; crv: number | null };
  };
}
const fixtures = allRealDeviceSamples<Fixture>();

describe('parseAuthenticatorData on real registrations', () => {
  for (const fx of fixtures) {
    it(`parses ${fx.name} (${fx.device_note.slice(0, 50)})`, () => {
      const ao = decodeCbor(new Uint8Array(Buffer.from(fx.attestationObject, 'base64url'))) as Map<string, CborValue>;
      const authData = ao.get('authData') as Uint8Array;
      const parsed = parseAuthenticatorData(authData);
      const s = fx.decoded_summary;
      expect(parsed.flags).toEqual({ up: s.flags.UP, uv: s.flags.UV, be: s.flags.BE, bs: s.flags.BS, at: s.flags.AT, ed: s.flags.ED, raw: Number(s.flagsByte) });
      expect(parsed.signCount).toBe(s.signCount);
      const acd = parsed.attestedCredentialData!;
      expect(aaguidToString(acd.aaguid)).toBe(s.aaguid);
      expect(acd.coseKey.get(1)).toBe(s.coseKey.kty);
      expect(acd.coseKey.get(3)).toBe(s.coseKey.alg);
      if (s.coseKey.crv !== null) expect(acd.coseKey.get(-1)).toBe(s.coseKey.crv);
      if (fx.expectedRPID) expect(toHex(parsed.rpIdHash)).toBe(createHash('sha256').update(fx.expectedRPID).digest('hex'));
      // the parts put back together give the original bytes
      expect(toHex(buildAuthenticatorData({
        rpIdHash: parsed.rpIdHash, flags: parsed.flags, signCount: parsed.signCount, attestedCredentialData: acd,
        ...(parsed.extensions ? { extensions: parsed.extensions } : {}),
      }))).toBe(toHex(authData));
    });
  }
});

describe('parseAuthenticatorData output', () => {
  it('returns plain Uint8Array copies that do not alias the input, also for Buffer input', () => {
    const key = encodeCoseKey(createKeyPair(-8, 'parse-ad', 'k').publicKey, -8);
    const bytes = Buffer.from(buildAuthenticatorData({
      rpIdHash: new Uint8Array(32).fill(1), flags: { up: true, uv: true }, signCount: 3,
      attestedCredentialData: { aaguid: new Uint8Array(16).fill(2), credentialId: new Uint8Array(20).fill(3), credentialPublicKey: key },
      extensions: new Map([['credProtect', 1]]),
    }));
    const parsed = parseAuthenticatorData(bytes);
    const acd = parsed.attestedCredentialData!;
    for (const b of [parsed.rpIdHash, acd.aaguid, acd.credentialId, acd.credentialPublicKey, acd.coseKey.get(-2) as Uint8Array]) {
      expect(b.constructor).toBe(Uint8Array);
      expect(b.buffer).not.toBe(bytes.buffer);
    }
    const before = toHex(acd.credentialId);
    bytes.fill(0);
    expect(toHex(acd.credentialId)).toBe(before);
    expect(parsed.extensions).toEqual(new Map([['credProtect', 1]]));
  });
});

describe('parseAuthenticatorData malformed input', () => {
  const rpIdHash = new Uint8Array(32).fill(0x11);
  const key = encodeCoseKey(createKeyPair(-7, 'parse-ad', 'bad').publicKey, -7);
  const head = (flags: number): Uint8Array => Uint8Array.of(...rpIdHash, flags, 0, 0, 0, 5);
  const acd = (idLength: number, id: Uint8Array = new Uint8Array(idLength)): number[] => [...new Uint8Array(16), idLength >> 8, idLength & 0xff, ...id];
  const cat = (...parts: ArrayLike<number>[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /0 bytes, at least 37 needed/],
    ['36 bytes', new Uint8Array(36), /36 bytes, at least 37 needed/],
    ['AT set, nothing after the header', head(0x41), /attested credential data is missing/],
    ['AT set, aaguid cut short', cat(head(0x41), new Uint8Array(10)), /attested credential data is missing or cut short/],
    ['AT set, credentialIdLength cut', cat(head(0x41), new Uint8Array(17)), /cut short/],
    ['credentialIdLength 1024', cat(head(0x41), acd(1024), key), /credentialIdLength 1024 exceeds 1023/],
    ['credentialIdLength 0xffff', cat(head(0x41), acd(0xffff, new Uint8Array(0))), /credentialIdLength 65535 exceeds 1023/],
    ['credentialIdLength past the end', cat(head(0x41), acd(40, new Uint8Array(0)), new Uint8Array(10)), /credentialIdLength 40 exceeds the 10 bytes left/],
    ['AT set, no public key', cat(head(0x41), acd(16)), /credential public key is missing/],
    ['public key cut short', cat(head(0x41), acd(16), key.subarray(0, 40)), /credential public key at byte 71 is not valid cbor/],
    ['public key not a map', cat(head(0x41), acd(16), [0x82, 0x01, 0x02]), /credential public key at byte 71 is not a cbor map/],
    ['public key with indefinite length', cat(head(0x41), acd(16), [0xbf, 0x01, 0x02, 0xff]), /not valid cbor/],
    ['public key with a duplicate key', cat(head(0x41), acd(16), [0xa2, 0x01, 0x02, 0x01, 0x02]), /not valid cbor/],
    ['ED set, nothing after the header', head(0x81), /extensions map is missing/],
    ['ED set, AT data only', cat(head(0xc1), acd(16), key), /extensions map is missing/],
    ['extensions not a map', cat(head(0x81), [0x60]), /extensions at byte 37 is not a cbor map/],
    ['extensions cut short', cat(head(0x81), [0xa1, 0x61]), /extensions at byte 37 is not valid cbor/],
    ['trailing byte, AT and ED clear', cat(head(0x01), [0]), /1 trailing bytes after authenticator data \(AT and ED are clear\)/],
    ['extensions without ED', cat(head(0x01), encodeCbor({ credProtect: 1 })), /trailing bytes/],
    ['trailing bytes after the public key', cat(head(0x41), acd(16), key, [0, 0]), /2 trailing bytes/],
    ['trailing bytes after extensions', cat(head(0x81), [0xa0, 0xa0]), /1 trailing bytes/],
    ['attested data without AT', cat(head(0x01), acd(16), key), /trailing bytes/],
  ];
  for (const [what, input, message] of cases) {
    it(`rejects ${what}`, () => {
      let error: unknown;
      try {
        parseAuthenticatorData(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AuthDataError);
      expect((error as AuthDataError).code).toBe('ERR_AUTHDATA_MALFORMED');
      expect((error as AuthDataError).message).toMatch(message);
    });
  }

  it('rejects input that is not a Uint8Array', () => {
    expect(() => parseAuthenticatorData('00' as unknown as Uint8Array)).toThrow(AuthDataError);
  });

  it('throws only AuthDataError for every truncation and byte corruption of real authData', () => {
    const good = buildAuthenticatorData({
      rpIdHash, flags: { up: true, uv: true }, signCount: 9,
      attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: new Uint8Array(16).fill(4), credentialPublicKey: key },
      extensions: new Map([['credProtect', 2]]),
    });
    for (let n = 0; n < good.length; n++) expect(() => parseAuthenticatorData(good.subarray(0, n))).toThrow(AuthDataError);
    for (let i = 32; i < good.length; i++) {
      for (const v of [0x00, 0x41, 0xc1, 0xff, 0x1b, 0x5b, 0x9f, good[i]! ^ 0x01]) {
        const copy = good.slice();
        copy[i] = v;
        try {
          parseAuthenticatorData(copy);
        } catch (e) {
          expect(e).toBeInstanceOf(AuthDataError);
        }
      }
    }
  });
});
