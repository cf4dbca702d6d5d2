/**
 * TPMT_PUBLIC parser for WebAuthn TPM attestation `pubArea` (TPM 2.0 Library Part 2: 12.2.4 TPMT_PUBLIC,
 * 12.2.3.5 TPMS_RSA_PARMS, 12.2.3.6 TPMS_ECC_PARMS, 11.2.4.5 TPMT_RSA_SCHEME, 11.2.5.6 TPMT_ECC_SCHEME,
 * 11.2.3 TPMT_KDF_SCHEME, 11.1.6 TPMT_SYM_DEF_OBJECT; WebAuthn L3 8.3).
 * @module
 */
import { TpmAlg } from './constants.js';
import { TpmParseError, TpmReader } from './tpmReader.js';

/** RSA parameters and modulus. */
export interface TpmRsaPublic {
  type: 'rsa';
  keyBits: number;
  /** Public exponent; 0 in the structure means the default 65537 (already substituted here). */
  exponent: number;
  modulus: Uint8Array;
}

/** ECC parameters and point. */
export interface TpmEccPublic {
  type: 'ecc';
  /** TPM_ECC_CURVE. */
  curveId: number;
  x: Uint8Array;
  y: Uint8Array;
}

/** A parsed TPMT_PUBLIC. */
export interface TpmPublicArea {
  /** TPM_ALG_ID of the name algorithm. */
  nameAlg: number;
  objectAttributes: number;
  key: TpmRsaPublic | TpmEccPublic;
}

// TPMT_SYM_DEF_OBJECT: algorithm, then keyBits and mode unless TPM_ALG_NULL.
function skipSymmetric(r: TpmReader): void {
  if (r.u16('symmetric.algorithm') !== TpmAlg.NULL) {
    r.u16('symmetric.keyBits');
    r.u16('symmetric.mode');
  }
}

// TPMT_*_SCHEME / TPMT_KDF_SCHEME: scheme, then a hashAlg unless TPM_ALG_NULL.
function skipScheme(r: TpmReader, what: string): void {
  if (r.u16(`${what}.scheme`) !== TpmAlg.NULL) r.u16(`${what}.details.hashAlg`);
}

/**
 * Parses `pubArea`.
 * @throws TpmParseError when truncated, of an unsupported type, or followed by trailing bytes
 */
export function parsePubArea(bytes: Uint8Array): TpmPublicArea {
  const r = new TpmReader(bytes);
  const type = r.u16('type');
  const nameAlg = r.u16('nameAlg');
  const objectAttributes = r.u32('objectAttributes');
  r.tpm2b('authPolicy');
  let key: TpmRsaPublic | TpmEccPublic;
  if (type === TpmAlg.RSA) {
    skipSymmetric(r);
    skipScheme(r, 'scheme');
    const keyBits = r.u16('keyBits');
    const exponent = r.u32('exponent');
    const modulus = r.tpm2b('unique.rsa');
    key = { type: 'rsa', keyBits, exponent: exponent === 0 ? 65537 : exponent, modulus };
  } else if (type === TpmAlg.ECC) {
    skipSymmetric(r);
    skipScheme(r, 'scheme');
    const curveId = r.u16('curveID');
    skipScheme(r, 'kdf');
    const x = r.tpm2b('unique.ecc.x');
    const y = r.tpm2b('unique.ecc.y');
    key = { type: 'ecc', curveId, x, y };
  } else {
    throw new TpmParseError(`pubArea type 0x${type.toString(16)} is not RSA or ECC`);
  }
  r.end('pubArea');
  return { nameAlg, objectAttributes, key };
}
