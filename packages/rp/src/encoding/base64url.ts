/**
 * Strict base64url (RFC 4648 section 5) for WebAuthn JSON fields (WebAuthn L3 5.1.8 / 5.1.3 `toJSON()` encodings).
 *
 * `Buffer.from(s, 'base64url')` silently skips invalid characters; a verifier must not, so input is
 * checked against the alphabet first. Trailing `=` padding is tolerated (some clients emit it).
 * @module
 */

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `s` is well-formed base64url (optionally padded). */
export function isBase64url(s: string): boolean {
  return BASE64URL.test(s) && unpadBase64url(s).length % 4 !== 1;
}

/**
 * Decodes base64url text to bytes, or returns `undefined` when the text is not base64url.
 * @param s base64url text, padding optional
 */
export function decodeBase64url(s: string): Uint8Array | undefined {
  if (!isBase64url(s)) return undefined;
  const buf = Buffer.from(s, 'base64url');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes standard base64 (RFC 4648 section 4, as used in JWS `x5c` and PEM bodies), or returns `undefined`.
 * Whitespace is ignored.
 */
export function decodeBase64(s: string): Uint8Array | undefined {
  const compact = s.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  const buf = Buffer.from(compact, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Encodes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strips base64url padding so two encodings of the same bytes compare equal as strings. */
export function unpadBase64url(s: string): string {
  return s.endsWith('=') ? s.replace(/=+$/, '') : s;
}
