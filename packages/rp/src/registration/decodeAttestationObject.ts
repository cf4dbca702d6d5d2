/**
 * Attestation object decoding (WebAuthn L3 6.5.4 "Generating an Attestation Object"; 7.1 step 13):
 * a CBOR map { fmt: text, attStmt: map, authData: bytes }.
 * @module
 */
import { decodeCbor } from '../cbor/decodeCbor.js';
import { isBytes, isCborMap, type CborMap } from '../cbor/cborValue.js';
import { VerificationError } from '../errors.js';

/** The three members of an attestation object. */
export interface AttestationObject {
  fmt: string;
  attStmt: CborMap;
  authData: Uint8Array;
}

const malformed = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_ATTESTATION_MALFORMED', message, cause === undefined ? undefined : { cause });

/**
 * Decodes an attestation object.
 * @throws VerificationError ERR_ATTESTATION_MALFORMED
 */
export function decodeAttestationObject(bytes: Uint8Array): AttestationObject {
  let value;
  try {
    value = decodeCbor(bytes);
  } catch (cause) {
    throw malformed('attestationObject is not valid cbor', cause);
  }
  if (!isCborMap(value)) throw malformed('attestationObject is not a cbor map');
  const fmt = value.get('fmt');
  const attStmt = value.get('attStmt');
  const authData = value.get('authData');
  if (typeof fmt !== 'string') throw malformed('attestationObject.fmt must be a text string');
  if (!isCborMap(attStmt)) throw malformed('attestationObject.attStmt must be a map');
  if (!isBytes(authData)) throw malformed('attestationObject.authData must be a byte string');
  return { fmt, attStmt, authData };
}
