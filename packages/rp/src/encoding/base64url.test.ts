/**
 * Strict base64url (RFC 4648 section 5).
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64url, encodeBase64url } from './base64url.js';

describe('base64url', () => {
  it('round-trips bytes without padding and accepts padding on input', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0x00, 0x10);
    expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
    expect(decodeBase64url(`${encodeBase64url(bytes)}==`)).toEqual(bytes);
  });

  it.each(['ab+c', 'ab/c', 'a b', 'abcde', '=abc', 'ab$'])('rejects %j', (s) => {
    expect(decodeBase64url(s)).toBeUndefined();
  });

  it('decodes standard base64 with whitespace (PEM bodies, JWS x5c)', () => {
    expect(decodeBase64('+/8A\nEA==')).toEqual(Uint8Array.of(0xfb, 0xff, 0x00, 0x10));
    expect(decodeBase64('-_8A')).toBeUndefined();
  });
});
