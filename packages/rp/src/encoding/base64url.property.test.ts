/**
 * Property tests of the verifier's base64url/base64 helpers (RFC 4648 sections 4-5, as WebAuthn L3
 * 5.1 `toJSON()` uses base64url): encode -> decode is the identity, padding does not matter, and
 * any string decodes to undefined or to bytes whose encoding decodes to the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64url, encodeBase64, encodeBase64url, isBase64url, unpadBase64url } from './base64url.js';

describe('base64url properties', () => {
  it('decode(encode(b)) is b, with or without padding; encodings are unpadded and valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = encodeBase64url(b);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(isBase64url(s)).toBe(true);
        expect(decodeBase64url(s)).toEqual(b);
        const padded = s + '='.repeat((4 - (s.length % 4)) % 4);
        expect(decodeBase64url(padded)).toEqual(b);
        expect(unpadBase64url(padded)).toBe(s);
        expect(decodeBase64(encodeBase64(b))).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('any string decodes to undefined or to bytes that re-encode to an equivalent string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 60 }), fc.stringMatching(/^[A-Za-z0-9_=-]{0,40}$/)), (s) => {
        const b = decodeBase64url(s);
        if (b === undefined) {
          expect(isBase64url(s)).toBe(false);
          return;
        }
        expect(decodeBase64url(encodeBase64url(b))).toEqual(b);
        // the canonical re-encoding has the same length once unpadded (no bytes gained or lost)
        expect(encodeBase64url(b).length).toBe(unpadBase64url(s).length);
      }),
      { numRuns: 5000 },
    );
  });
});
