/**
 * Build authenticatorData (WebAuthn L3 6.1 "Authenticator Data" and 6.5.1 "Attested Credential
 * Data"): rpIdHash (32) || flags (1) || signCount (4, big-endian) || [aaguid (16) ||
 * credentialIdLength (2) || credentialId || credentialPublicKey] || [extensions].
 * @module
 */
import { decodeCbor } from '../cbor/decodeCbor.js';
import { encodeCbor } from '../cbor/encodeCbor.js';
import { CborError } from '../cbor/cborError.js';
import type { CborMap } from '../cbor/types.js';
import { AuthDataError } from './authDataError.js';
import { AuthDataFlag, flagsByte } from './flagsByte.js';

/** Largest credentialIdLength WebAuthn L3 6.5.1 allows. */
export const MAX_CREDENTIAL_ID_LENGTH = 1023;

/** What goes into authenticator data; AT and ED follow from which parts are present. */
export interface AuthenticatorDataInput {
  /** SHA-256 of the RP ID (32 bytes). */
  rpIdHash: Uint8Array;
  /** User Present, User Verified, Backup Eligibility, Backup State (absent = clear). */
  flags: { up: boolean; uv: boolean; be?: boolean; bs?: boolean };
  /** Signature counter, 0..2^32-1. */
  signCount: number;
  /** Present on registration (sets AT). */
  attestedCredentialData?: {
    /** 16-byte AAGUID. */
    aaguid: Uint8Array;
    /** Credential ID, at most 1023 bytes. */
    credentialId: Uint8Array;
    /** COSE_Key bytes (see `encodeCoseKey`). */
    credentialPublicKey: Uint8Array;
  };
  /** Authenticator extension outputs (sets ED); an empty map is left out. */
  extensions?: CborMap;
}

const invalid = (message: string, opts?: ErrorOptions): AuthDataError => new AuthDataError('ERR_AUTHDATA_INVALID', message, opts);

function checkLength(bytes: Uint8Array, length: number, name: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw invalid(`${name} must be ${length} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`);
  }
}

/**
 * Build authenticator data. AT is set when `attestedCredentialData` is given, ED when
 * `extensions` has entries; extensions are encoded as canonical CBOR.
 * @param input - the parts (see {@link AuthenticatorDataInput})
 * @throws AuthDataError `ERR_AUTHDATA_INVALID` for wrong sizes, a signCount outside 0..2^32-1,
 *   BS without BE (WebAuthn L3 6.1.3), a credentialPublicKey that is not one CBOR map, extensions
 *   CTAP2 CBOR cannot carry (floats, out-of-range integers)
 * @see https://www.w3.org/TR/webauthn-3/#sctn-authenticator-data
 */
export function buildAuthenticatorData(input: AuthenticatorDataInput): Uint8Array {
  const { rpIdHash, flags, signCount, attestedCredentialData: acd, extensions } = input;
  checkLength(rpIdHash, 32, 'rpIdHash');
  if (!Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) throw invalid(`signCount ${signCount} is not in 0..2^32-1`);
  if (flags.bs && !flags.be) throw invalid('the BS flag needs the BE flag (WebAuthn L3 6.1.3)');

  let acdLength = 0;
  if (acd) {
    checkLength(acd.aaguid, 16, 'aaguid');
    if (!(acd.credentialId instanceof Uint8Array) || acd.credentialId.length > MAX_CREDENTIAL_ID_LENGTH) {
      throw invalid(`credentialId must be at most ${MAX_CREDENTIAL_ID_LENGTH} bytes`);
    }
    let key: unknown;
    try {
      key = decodeCbor(acd.credentialPublicKey, { maxDepth: 8 }); // the depth parseAuthenticatorData accepts, so parse -> build works
    } catch (cause) {
      throw invalid('credentialPublicKey is not one cbor item', { cause: cause instanceof CborError ? cause : undefined });
    }
    if (!(key instanceof Map)) throw invalid('credentialPublicKey is not a cbor map (cose_key)');
    acdLength = 16 + 2 + acd.credentialId.length + acd.credentialPublicKey.length;
  }
  let ext: Uint8Array | undefined;
  try {
    ext = extensions && extensions.size > 0 ? encodeCbor(extensions) : undefined;
  } catch (cause) {
    // e.g. a float or undefined read leniently from other authenticator data: not a CTAP2 value
    throw invalid(`extensions cannot be encoded as ctap2 cbor: ${(cause as Error).message}`, { cause });
  }

  const out = new Uint8Array(37 + acdLength + (ext?.length ?? 0));
  out.set(rpIdHash, 0);
  // AT and ED follow the parts present, whatever `flags` says (it may be a parsed flags object)
  const { AT, ED } = AuthDataFlag;
  out[32] = (flagsByte(flags) & ~(AT | ED)) | (acd ? AT : 0) | (ext ? ED : 0);
  out[33] = signCount >>> 24; // big-endian; byte writes avoid materializing out.buffer
  out[34] = (signCount >>> 16) & 0xff;
  out[35] = (signCount >>> 8) & 0xff;
  out[36] = signCount & 0xff;
  let pos = 37;
  if (acd) {
    out.set(acd.aaguid, pos);
    out[pos + 16] = acd.credentialId.length >> 8;
    out[pos + 17] = acd.credentialId.length & 0xff;
    out.set(acd.credentialId, pos + 18);
    pos += 18 + acd.credentialId.length;
    out.set(acd.credentialPublicKey, pos);
    pos += acd.credentialPublicKey.length;
  }
  if (ext) out.set(ext, pos);
  return out;
}
