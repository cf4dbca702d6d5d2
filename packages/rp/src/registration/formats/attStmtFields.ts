/**
 * Typed access to attestation statement fields, raising ERR_ATTESTATION_MALFORMED for the syntax checks
 * every format's verification procedure starts with ("Verify that attStmt is valid CBOR conforming to the
 * syntax defined above", WebAuthn L3 8.2-8.8).
 * @module
 */
import { isBytes, isInteger, type CborMap } from '../../cbor/cborValue.js';
import { parseCertificate, type ParsedCertificate } from '../../cert/parseCertificate.js';
import { coseAlgorithm, coseAlgorithmName, type CoseAlgorithmInfo } from '../../cose/algorithms.js';
import { VerificationError } from '../../errors.js';

/** Builds an ERR_ATTESTATION_MALFORMED error prefixed with the format name. */
export function malformed(fmt: string, message: string, cause?: unknown): VerificationError {
  return new VerificationError('ERR_ATTESTATION_MALFORMED', `${fmt}: ${message}`, cause === undefined ? undefined : { cause });
}

/** Builds an ERR_ATTESTATION_SIGNATURE error prefixed with the format name. */
export function badSignature(fmt: string, message: string): VerificationError {
  return new VerificationError('ERR_ATTESTATION_SIGNATURE', `${fmt}: ${message}`);
}

/** Reads byte string `key`. */
export function stmtBytes(fmt: string, attStmt: CborMap, key: string): Uint8Array {
  const v = attStmt.get(key);
  if (!isBytes(v)) throw malformed(fmt, `attStmt.${key} must be a byte string`);
  return v;
}

/** Reads text string `key`. */
export function stmtText(fmt: string, attStmt: CborMap, key: string): string {
  const v = attStmt.get(key);
  if (typeof v !== 'string') throw malformed(fmt, `attStmt.${key} must be a text string`);
  return v;
}

/**
 * Reads `alg` and looks it up.
 * @throws VerificationError ERR_ATTESTATION_MALFORMED (missing) or ERR_ATTESTATION_UNSUPPORTED (unknown alg)
 */
export function stmtAlg(fmt: string, attStmt: CborMap): CoseAlgorithmInfo {
  const alg = attStmt.get('alg');
  if (!isInteger(alg)) throw malformed(fmt, 'attStmt.alg must be an integer');
  const info = coseAlgorithm(alg);
  if (!info) throw new VerificationError('ERR_ATTESTATION_UNSUPPORTED', `${fmt}: attestation algorithm ${coseAlgorithmName(alg)} is not supported`);
  return info;
}

/** True when the statement has an `x5c` entry. */
export function hasX5c(attStmt: CborMap): boolean {
  return attStmt.has('x5c');
}

/**
 * Reads and parses `x5c` (a non-empty array of DER certificates).
 * @param maxLength reject longer chains (fido-u2f allows exactly 1)
 */
export function stmtX5c(fmt: string, attStmt: CborMap, maxLength = 8): CertificateChain {
  const v = attStmt.get('x5c');
  if (!Array.isArray(v) || v.length === 0) throw malformed(fmt, 'attStmt.x5c must be a non-empty array of certificates');
  if (v.length > maxLength) throw malformed(fmt, `attStmt.x5c has ${v.length} certificates; at most ${maxLength} allowed`);
  return parseChain(fmt, v, 'attStmt.x5c');
}

/** A non-empty certificate chain, attestation certificate first. */
export type CertificateChain = [ParsedCertificate, ...ParsedCertificate[]];

/** Parses DER certificates (from x5c or a JWS header) into a non-empty chain. */
export function parseChain(fmt: string, ders: readonly unknown[], where: string): CertificateChain {
  const chain = ders.map((der, i) => {
    if (!isBytes(der)) throw malformed(fmt, `${where}[${i}] must be a byte string`);
    try {
      return parseCertificate(der);
    } catch (cause) {
      throw malformed(fmt, `${where}[${i}] is not an X.509 certificate`, cause);
    }
  });
  const [leaf, ...rest] = chain;
  if (!leaf) throw malformed(fmt, `${where} is empty`);
  return [leaf, ...rest];
}
