/**
 * Property tests of authenticatorData (WebAuthn L3 6.1 "Authenticator Data", 6.5.1 "Attested
 * Credential Data"): build -> parse is the identity for arbitrary valid parts, parse -> build gives
 * the same bytes back, and arbitrary bytes (including every truncation of valid data) are either
 * parsed or refused with AuthDataError, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/index.js';
import { AuthDataError, buildAuthenticatorData, parseAuthenticatorData, type AuthenticatorDataInput } from './index.js';

/** A COSE_Key-shaped map: integer labels, small integer or byte string values. */
const coseKey = fc
  .uniqueArray(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.oneof(fc.integer({ min: -300, max: 300 }), fc.uint8Array({ maxLength: 66 }))), { minLength: 1, maxLength: 6, selector: ([k]) => k })
  .map((entries) => encodeCbor(new Map(entries)));

/** Non-empty extension outputs with text keys. */
const extensions = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 16 }), fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 48 }))), { minLength: 1, maxLength: 4, selector: ([k]) => k })
  .map((entries) => new Map<string, boolean | number | Uint8Array>(entries));

const input: fc.Arbitrary<AuthenticatorDataInput> = fc
  .record({
    rpIdHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    up: fc.boolean(),
    uv: fc.boolean(),
    be: fc.boolean(),
    bs: fc.boolean(),
    signCount: fc.integer({ min: 0, max: 0xffffffff }),
    acd: fc.option(fc.record({ aaguid: fc.uint8Array({ minLength: 16, maxLength: 16 }), credentialId: fc.uint8Array({ maxLength: 1023 }), credentialPublicKey: coseKey }), { nil: undefined }),
    extensions: fc.option(extensions, { nil: undefined }),
  })
  .map(({ up, uv, be, bs, acd, extensions: ext, ...rest }) => ({
    ...rest,
    flags: { up, uv, be: be || bs, bs }, // BS needs BE (WebAuthn L3 6.1.3)
    ...(acd && { attestedCredentialData: acd }),
    ...(ext && { extensions: ext }),
  }));

describe('authenticatorData properties', () => {
  it('parse(build(parts)) gives the parts back', () => {
    fc.assert(
      fc.property(input, (parts) => {
        const parsed = parseAuthenticatorData(buildAuthenticatorData(parts));
        expect(parsed.rpIdHash).toEqual(parts.rpIdHash);
        expect(parsed.signCount).toBe(parts.signCount);
        const { up, uv, be, bs } = parsed.flags;
        expect({ up, uv, be, bs }).toEqual({ up: parts.flags.up, uv: parts.flags.uv, be: !!parts.flags.be, bs: !!parts.flags.bs });
        expect(parsed.flags.at).toBe(parts.attestedCredentialData !== undefined);
        expect(parsed.flags.ed).toBe(parts.extensions !== undefined);
        if (parts.attestedCredentialData) {
          expect(parsed.attestedCredentialData).toMatchObject({
            aaguid: parts.attestedCredentialData.aaguid,
            credentialId: parts.attestedCredentialData.credentialId,
            credentialPublicKey: parts.attestedCredentialData.credentialPublicKey,
          });
        } else expect(parsed.attestedCredentialData).toBeUndefined();
        expect(parsed.extensions).toEqual(parts.extensions);
      }),
      { numRuns: 1000 },
    );
  });

  it('build(parse(bytes)) gives the bytes back', () => {
    fc.assert(
      fc.property(input, (parts) => {
        const bytes = buildAuthenticatorData(parts);
        const p = parseAuthenticatorData(bytes);
        const again = buildAuthenticatorData({ ...p, attestedCredentialData: p.attestedCredentialData });
        expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('every truncation and arbitrary bytes parse or throw AuthDataError, never anything else', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.uint8Array({ maxLength: 200 }), (parts, cut, junk) => {
        const bytes = buildAuthenticatorData(parts);
        for (const candidate of [bytes.subarray(0, cut % (bytes.length + 1)), junk, new Uint8Array([...bytes, ...junk.subarray(0, 3)])]) {
          try {
            parseAuthenticatorData(candidate);
          } catch (e) {
            expect(e).toBeInstanceOf(AuthDataError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('authenticatorData regression', () => {
  it('refuses extensions CTAP2 CBOR cannot carry with AuthDataError, not a raw CborError (found by fuzz/targets/authdata-core.ts)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noInteger: true }), fc.constant(2 ** 64), fc.constant(Number.NaN)), (v) => {
        const build = (): Uint8Array => buildAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: { up: true, uv: false }, signCount: 0, extensions: new Map([['x', v]]) });
        expect(build).toThrow(AuthDataError);
      }),
      { numRuns: 100 },
    );
  });

  it('rebuilds what it parses when the credential public key nests up to the parser limit (found by fuzz/targets/authdata-core.ts)', () => {
    const key = encodeCbor(new Map<number, unknown>([[1, 2], [-9, [[[[[1]]]]]]]) as never);
    const bytes = new Uint8Array([...new Uint8Array(32), 0x41, 0, 0, 0, 1, ...new Uint8Array(16), 0, 1, 7, ...key]);
    const parsed = parseAuthenticatorData(bytes);
    expect(Buffer.from(buildAuthenticatorData({ ...parsed, attestedCredentialData: parsed.attestedCredentialData })).equals(Buffer.from(bytes))).toBe(true);
  });
});
