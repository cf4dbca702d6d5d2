/**
 * AAGUID bytes <-> UUID text (WebAuthn L3 6.5.1 `aaguid`; RFC 9562 section 4 string format), as
 * FIDO MDS and the passkey AAGUID lists write them: `cb69481e-8ff7-4039-93ec-0a2729a154a8`.
 * @module
 */
import { AuthDataError } from './authDataError.js';

const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;

/**
 * Format a 16-byte AAGUID as a lowercase UUID string.
 * @param bytes - the 16 AAGUID bytes
 * @throws AuthDataError `ERR_AUTHDATA_INVALID` when `bytes` is not 16 bytes long
 */
export function aaguidToString(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 16) {
    const got = bytes instanceof Uint8Array ? bytes.length : typeof bytes;
    throw new AuthDataError('ERR_AUTHDATA_INVALID', `an aaguid is 16 bytes, got ${got}`);
  }
  const h = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Parse a UUID string (any case, hyphens optional) into the 16 AAGUID bytes.
 * @param text - e.g. `cb69481e-8ff7-4039-93ec-0a2729a154a8`
 * @throws AuthDataError `ERR_AUTHDATA_INVALID` when `text` is not a UUID
 */
export function aaguidFromString(text: string): Uint8Array {
  const m = typeof text === 'string' ? UUID.exec(text) : null;
  if (!m) {
    const shown = JSON.stringify(String(text).slice(0, 40));
    throw new AuthDataError('ERR_AUTHDATA_INVALID', `not an aaguid: ${shown} (want 8-4-4-4-12 hex digits)`);
  }
  return new Uint8Array(Buffer.from(m.slice(1).join(''), 'hex'));
}
