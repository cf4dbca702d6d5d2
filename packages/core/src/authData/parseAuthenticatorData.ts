/**
 * Parse authenticatorData (WebAuthn L3 6.1 "Authenticator Data", 6.5.1 "Attested Credential
 * Data"): every length is checked, every flag must match the parts present, nothing may follow.
 * @module
 */
import { decodeCborPrefix } from '../cbor/decodeCbor.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { AuthDataError } from './authDataError.js';
import { MAX_CREDENTIAL_ID_LENGTH } from './buildAuthenticatorData.js';
import { parseFlagsByte, type AuthenticatorDataFlags } from './flagsByte.js';

/** Parsed authenticator data; all byte fields are fresh copies, independent of the input. */
export interface ParsedAuthenticatorData {
  /** SHA-256 of the RP ID (32 bytes). */
  rpIdHash: Uint8Array;
  /** The flags byte, unpacked. */
  flags: AuthenticatorDataFlags;
  /** Signature counter. */
  signCount: number;
  /** Present when AT is set. */
  attestedCredentialData?: {
    /** 16-byte AAGUID (see `aaguidToString`). */
    aaguid: Uint8Array;
    /** Credential ID. */
    credentialId: Uint8Array;
    /** The COSE_Key bytes exactly as they appear in the authenticator data. */
    credentialPublicKey: Uint8Array;
    /** The COSE_Key decoded (not yet validated: see `parseCoseKey`). */
    coseKey: CborMap;
  };
  /** Authenticator extension outputs, present when ED is set. */
  extensions?: CborMap;
}

const malformed = (message: string, opts?: ErrorOptions): AuthDataError => new AuthDataError('ERR_AUTHDATA_MALFORMED', message, opts);

/** Decode the CBOR map starting at `pos` (from a copy, so it shares nothing with the input). */
function mapAt(b: Uint8Array, pos: number, what: string): { map: CborMap; end: number } {
  let decoded: { value: CborValue; length: number };
  try {
    decoded = decodeCborPrefix(b.slice(pos), { maxDepth: 8 });
  } catch (cause) {
    throw malformed(`${what} at byte ${pos} is not valid cbor`, { cause });
  }
  if (!(decoded.value instanceof Map)) throw malformed(`${what} at byte ${pos} is not a cbor map`);
  return { map: decoded.value, end: pos + decoded.length };
}

/**
 * Parse authenticator data.
 * @param bytes - the authenticator data
 * @throws AuthDataError `ERR_AUTHDATA_MALFORMED` when shorter than 37 bytes, when AT or ED is set
 *   and its part is missing or not a CBOR map, when credentialIdLength exceeds 1023 or the
 *   remaining bytes, or when bytes follow the last part the flags announce
 * @see https://www.w3.org/TR/webauthn-3/#sctn-authenticator-data
 */
export function parseAuthenticatorData(bytes: Uint8Array): ParsedAuthenticatorData {
  if (!(bytes instanceof Uint8Array)) throw malformed('authenticator data must be a Uint8Array');
  // a plain view, so slice() gives plain Uint8Array copies (Buffer#slice would give views)
  const b = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 37) throw malformed(`authenticator data is ${b.length} bytes, at least 37 needed`);
  const flags = parseFlagsByte(b[32] as number);
  const signCount = (b[33] as number) * 0x100_0000 + (((b[34] as number) << 16) | ((b[35] as number) << 8) | (b[36] as number));
  const result: ParsedAuthenticatorData = { rpIdHash: b.slice(0, 32), flags, signCount };
  let pos = 37;

  if (flags.at) {
    if (b.length < pos + 18) throw malformed('AT flag set but attested credential data is missing or cut short');
    const aaguid = b.slice(pos, pos + 16);
    const idLength = ((b[pos + 16] as number) << 8) | (b[pos + 17] as number);
    pos += 18;
    if (idLength > MAX_CREDENTIAL_ID_LENGTH) throw malformed(`credentialIdLength ${idLength} exceeds ${MAX_CREDENTIAL_ID_LENGTH}`);
    if (b.length < pos + idLength) throw malformed(`credentialIdLength ${idLength} exceeds the ${b.length - pos} bytes left`);
    const credentialId = b.slice(pos, pos + idLength);
    pos += idLength;
    if (pos >= b.length) throw malformed('AT flag set but the credential public key is missing');
    const { map: coseKey, end } = mapAt(b, pos, 'credential public key');
    result.attestedCredentialData = { aaguid, credentialId, credentialPublicKey: b.slice(pos, end), coseKey };
    pos = end;
  }

  if (flags.ed) {
    if (pos >= b.length) throw malformed('ED flag set but the extensions map is missing');
    const { map, end } = mapAt(b, pos, 'extensions');
    result.extensions = map;
    pos = end;
  }

  if (pos !== b.length) {
    const why = !flags.at && !flags.ed ? ' (AT and ED are clear)' : '';
    throw malformed(`${b.length - pos} trailing bytes after authenticator data${why}`);
  }
  return result;
}
