/**
 * Authenticator data parser (WebAuthn L3 6.1 "Authenticator Data", 6.5.1 "Attested Credential Data").
 *
 * Layout: rpIdHash (32) | flags (1) | signCount (4, big-endian) | [attestedCredentialData] | [extensions].
 * attestedCredentialData: aaguid (16) | credentialIdLength (2) | credentialId | credentialPublicKey (COSE_Key, CBOR).
 * Every byte must be accounted for: the AT and ED flags decide which optional parts are present.
 * @module
 */
import { decodeCborPrefix, CborFormatError } from '../cbor/decodeCbor.js';
import { isCborMap, type CborMap } from '../cbor/cborValue.js';
import { formatUuid } from '../encoding/bytes.js';
import { VerificationError } from '../errors.js';

/** Flag bits of authenticator data (L3 6.1, `flags`). */
export const AuthDataFlag = {
  /** bit 0: User Present */
  UP: 0x01,
  /** bit 2: User Verified */
  UV: 0x04,
  /** bit 3: Backup Eligibility */
  BE: 0x08,
  /** bit 4: Backup State */
  BS: 0x10,
  /** bit 6: Attested credential data included */
  AT: 0x40,
  /** bit 7: Extension data included */
  ED: 0x80,
} as const;

/** Decoded flag bits. */
export interface AuthenticatorFlags {
  up: boolean;
  uv: boolean;
  be: boolean;
  bs: boolean;
  at: boolean;
  ed: boolean;
  /** The raw flags byte. */
  byte: number;
}

/** Attested credential data (L3 6.5.1). */
export interface AttestedCredentialData {
  /** 16 raw bytes. */
  aaguid: Uint8Array;
  /** Dashed lowercase UUID form of `aaguid`. */
  aaguidString: string;
  credentialId: Uint8Array;
  /** The COSE_Key bytes exactly as they appear in the authenticator data. */
  credentialPublicKey: Uint8Array;
  /** The decoded COSE_Key map. */
  credentialPublicKeyMap: CborMap;
}

/** Parsed authenticator data. */
export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attestedCredentialData?: AttestedCredentialData;
  /** Authenticator extension outputs (a CBOR map), when ED is set. */
  extensions?: CborMap;
  /** The bytes that were parsed. */
  raw: Uint8Array;
}

const malformed = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_AUTHDATA_MALFORMED', message, cause === undefined ? undefined : { cause });

/**
 * Parses authenticator data.
 * @param bytes the authenticator data
 * @throws VerificationError ERR_AUTHDATA_MALFORMED when truncated, when AT/ED disagree with the bytes, or on trailing bytes
 */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.byteLength < 37) throw malformed(`authenticator data is ${bytes.byteLength} bytes; at least 37 expected`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byte = bytes[32] as number;
  const flags: AuthenticatorFlags = {
    up: (byte & AuthDataFlag.UP) !== 0,
    uv: (byte & AuthDataFlag.UV) !== 0,
    be: (byte & AuthDataFlag.BE) !== 0,
    bs: (byte & AuthDataFlag.BS) !== 0,
    at: (byte & AuthDataFlag.AT) !== 0,
    ed: (byte & AuthDataFlag.ED) !== 0,
    byte,
  };
  const result: AuthenticatorData = {
    rpIdHash: bytes.subarray(0, 32),
    flags,
    signCount: view.getUint32(33),
    raw: bytes,
  };
  let pos = 37;

  if (flags.at) {
    if (bytes.byteLength < pos + 18) throw malformed('attested credential data is truncated (AT flag set)');
    const aaguid = bytes.subarray(pos, pos + 16);
    const idLength = view.getUint16(pos + 16);
    pos += 18;
    if (bytes.byteLength < pos + idLength) throw malformed(`credential id length ${idLength} exceeds the authenticator data`);
    const credentialId = bytes.subarray(pos, pos + idLength);
    pos += idLength;
    let decoded;
    try {
      decoded = decodeCborPrefix(bytes, pos);
    } catch (cause) {
      throw malformed('credential public key is not valid cbor', cause);
    }
    if (!isCborMap(decoded.value)) throw malformed('credential public key is not a cbor map');
    result.attestedCredentialData = {
      aaguid,
      aaguidString: formatUuid(aaguid),
      credentialId,
      credentialPublicKey: bytes.subarray(pos, decoded.end),
      credentialPublicKeyMap: decoded.value,
    };
    pos = decoded.end;
  }

  if (flags.ed) {
    if (pos >= bytes.byteLength) throw malformed('extension data is missing (ED flag set)');
    let decoded;
    try {
      decoded = decodeCborPrefix(bytes, pos);
    } catch (cause) {
      throw malformed(cause instanceof CborFormatError ? 'extension data is not valid cbor' : 'extension data is invalid', cause);
    }
    if (!isCborMap(decoded.value)) throw malformed('extension data is not a cbor map');
    result.extensions = decoded.value;
    pos = decoded.end;
  }

  if (pos !== bytes.byteLength) {
    throw malformed(`authenticator data has ${bytes.byteLength - pos} unexpected trailing bytes (check the AT/ED flags)`);
  }
  return result;
}
