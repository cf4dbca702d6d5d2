import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborMap, type CborValue } from '../cbor/index.js';
import { encodeCoseKey } from '../cose/index.js';
import { createKeyPair } from '../crypto/keyPair.js';
import {
  AuthDataError, AuthDataFlag, aaguidFromString, buildAuthenticatorData, flagsByte, parseAuthenticatorData, parseFlagsByte,
  type AuthenticatorDataInput,
} from './index.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const rpIdHash = new Uint8Array(createHash('sha256').update('example.com').digest());
const aaguid = aaguidFromString('01020304-0506-0708-0102-030405060708');
const credentialId = new Uint8Array(32).map((_, i) => i * 7);
const credentialPublicKey = encodeCoseKey(createKeyPair(-7, 'authdata', 'cred').publicKey, -7);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

describe('flagsByte (WebAuthn L3 6.1)', () => {
  it('packs the bits at their spec positions', () => {
    expect(flagsByte({ up: true, uv: true, at: true })).toBe(0x45); // Chromium create
    expect(flagsByte({ up: true, uv: true })).toBe(0x05); // Chromium get
    expect(flagsByte({ up: true, at: true })).toBe(0x41); // U2F-style registration
    expect(flagsByte({ up: true, uv: true, be: true, bs: true })).toBe(0x1d); // synced passkey get
    expect(flagsByte({ ed: true })).toBe(0x80);
    expect(flagsByte({})).toBe(0);
    expect(Object.values(AuthDataFlag).reduce<number>((a, b) => a | b, 0)).toBe(0xdd); // RFU bits 1 and 5 unused
  });

  it('unpacks every flag and keeps the raw byte, RFU bits included', () => {
    expect(parseFlagsByte(0xff)).toEqual({ up: true, uv: true, be: true, bs: true, at: true, ed: true, raw: 0xff });
    expect(parseFlagsByte(0x22)).toEqual({ up: false, uv: false, be: false, bs: false, at: false, ed: false, raw: 0x22 });
    for (let raw = 0; raw < 256; raw++) expect(flagsByte(parseFlagsByte(raw))).toBe(raw & 0xdd);
  });
});

describe('buildAuthenticatorData', () => {
  it('lays out an assertion authData: rpIdHash || flags || signCount (37 bytes)', () => {
    const out = buildAuthenticatorData({ rpIdHash, flags: { up: true, uv: false }, signCount: 0x01020304 });
    expect(toHex(out)).toBe(toHex(rpIdHash) + '01' + '01020304');
    expect(out.buffer.byteLength).toBe(37);
  });

  it('lays out attested credential data and sets AT itself', () => {
    const out = buildAuthenticatorData({
      rpIdHash, flags: { up: true, uv: true }, signCount: 1, attestedCredentialData: { aaguid, credentialId, credentialPublicKey },
    });
    const expected = Buffer.concat([rpIdHash, Buffer.of(0x45), u32(1), aaguid, Buffer.of(0, 32), credentialId, credentialPublicKey]);
    expect(toHex(out)).toBe(expected.toString('hex'));
  });

  it('appends canonical extensions and sets ED itself; an empty map is left out', () => {
    const extensions: CborMap = new Map<string, CborValue>([['hmac-secret', true], ['credProtect', 2]]);
    const out = buildAuthenticatorData({ rpIdHash, flags: { up: true, uv: true, be: true, bs: true }, signCount: 7, extensions });
    expect(out[32]).toBe(0x9d);
    expect(toHex(out.subarray(37))).toBe(toHex(encodeCbor({ credProtect: 2, 'hmac-secret': true })));
    expect(toHex(out.subarray(37))).toBe('a2' + '6b' + Buffer.from('credProtect').toString('hex') + '02' + '6b' + Buffer.from('hmac-secret').toString('hex') + 'f5');
    const empty = buildAuthenticatorData({ rpIdHash, flags: { up: true, uv: false }, signCount: 0, extensions: new Map() });
    expect(empty.length).toBe(37);
    expect(empty[32]).toBe(0x01);
  });

  it('round-trips through parseAuthenticatorData for every combination of parts and flags', () => {
    for (const withAcd of [false, true]) {
      for (const withExt of [false, true]) {
        for (const raw of [0x00, 0x01, 0x04, 0x05, 0x09, 0x1d]) {
          const f = parseFlagsByte(raw);
          const input: AuthenticatorDataInput = {
            rpIdHash, flags: { up: f.up, uv: f.uv, be: f.be, bs: f.bs }, signCount: 0xfffffffe,
            ...(withAcd ? { attestedCredentialData: { aaguid, credentialId, credentialPublicKey } } : {}),
            ...(withExt ? { extensions: new Map([['credProtect', 3]]) } : {}),
          };
          const parsed = parseAuthenticatorData(buildAuthenticatorData(input));
          expect(parsed.flags).toEqual({ ...f, at: withAcd, ed: withExt, raw: raw | (withAcd ? 0x40 : 0) | (withExt ? 0x80 : 0) });
          expect(parsed.signCount).toBe(0xfffffffe);
          expect(toHex(parsed.rpIdHash)).toBe(toHex(rpIdHash));
          if (withAcd) {
            expect(toHex(parsed.attestedCredentialData!.aaguid)).toBe(toHex(aaguid));
            expect(toHex(parsed.attestedCredentialData!.credentialId)).toBe(toHex(credentialId));
            expect(toHex(parsed.attestedCredentialData!.credentialPublicKey)).toBe(toHex(credentialPublicKey));
            expect(parsed.attestedCredentialData!.coseKey.get(3)).toBe(-7);
          } else expect(parsed.attestedCredentialData).toBeUndefined();
          if (withExt) expect(parsed.extensions).toEqual(new Map([['credProtect', 3]]));
          else expect(parsed.extensions).toBeUndefined();
        }
      }
    }
  });

  it('sets AT and ED from the parts present, not from the flags given', () => {
    const flags = { up: true, uv: false, at: true, ed: true } as AuthenticatorDataInput['flags'];
    expect(buildAuthenticatorData({ rpIdHash, flags, signCount: 0 })[32]).toBe(0x01);
  });

  it('accepts credential IDs of 0 and 1023 bytes', () => {
    for (const length of [0, 1023]) {
      const id = new Uint8Array(length).fill(0xab);
      const parsed = parseAuthenticatorData(buildAuthenticatorData({
        rpIdHash, flags: { up: true, uv: true }, signCount: 0, attestedCredentialData: { aaguid, credentialId: id, credentialPublicKey },
      }));
      expect(parsed.attestedCredentialData!.credentialId.length).toBe(length);
    }
  });

  it('rejects arguments that cannot make valid authenticator data with ERR_AUTHDATA_INVALID', () => {
    const base: AuthenticatorDataInput = { rpIdHash, flags: { up: true, uv: true }, signCount: 0 };
    const acd = { aaguid, credentialId, credentialPublicKey };
    const bad: [string, AuthenticatorDataInput, RegExp][] = [
      ['short rpIdHash', { ...base, rpIdHash: new Uint8Array(31) }, /rpIdHash must be 32 bytes, got 31/],
      ['rpIdHash as text', { ...base, rpIdHash: 'x' as unknown as Uint8Array }, /rpIdHash must be 32 bytes/],
      ['negative signCount', { ...base, signCount: -1 }, /signCount -1/],
      ['signCount 2^32', { ...base, signCount: 2 ** 32 }, /signCount/],
      ['fractional signCount', { ...base, signCount: 1.5 }, /signCount/],
      ['BS without BE', { ...base, flags: { up: true, uv: true, bs: true } }, /BS flag needs the BE flag/],
      ['15-byte aaguid', { ...base, attestedCredentialData: { ...acd, aaguid: new Uint8Array(15) } }, /aaguid must be 16 bytes/],
      ['1024-byte credential id', { ...base, attestedCredentialData: { ...acd, credentialId: new Uint8Array(1024) } }, /at most 1023/],
      ['public key that is not CBOR', { ...base, attestedCredentialData: { ...acd, credentialPublicKey: Uint8Array.of(0xa1, 0x01) } }, /not one cbor item/],
      ['public key with trailing bytes', { ...base, attestedCredentialData: { ...acd, credentialPublicKey: Uint8Array.of(...credentialPublicKey, 0) } }, /not one cbor item/],
      ['public key that is not a map', { ...base, attestedCredentialData: { ...acd, credentialPublicKey: Uint8Array.of(0x80) } }, /not a cbor map/],
    ];
    for (const [what, input, message] of bad) {
      let error: unknown;
      try {
        buildAuthenticatorData(input);
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(AuthDataError);
      expect((error as AuthDataError).code, what).toBe('ERR_AUTHDATA_INVALID');
      expect((error as AuthDataError).message, what).toMatch(message);
    }
  });
});
