/**
 * `android-safetynet` attestation (WebAuthn L3 8.5, deprecated format; RFC 7515 JWS compact serialization;
 * SafetyNet "compat check response" rules): the JWS is signed by a certificate for attest.android.com, its
 * payload nonce is base64(SHA-256(authenticatorData || clientDataHash)) and ctsProfileMatch is true.
 * @module
 */
import { coseAlgorithm, type CoseAlgorithmInfo } from '../../cose/algorithms.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { findExtension, type ParsedCertificate } from '../../cert/parseCertificate.js';
import { sha256 } from '../../crypto/hash.js';
import { verifySignature } from '../../crypto/verifySignature.js';
import { decodeBase64, decodeBase64url, encodeBase64 } from '../../encoding/base64url.js';
import { badSignature, malformed, parseChain, stmtBytes, stmtText } from './attStmtFields.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'android-safetynet';

/** The hostname the JWS signing certificate must be issued to. */
export const SAFETYNET_HOSTNAME = 'attest.android.com';

/** Largest accepted age of (and clock skew for) the SafetyNet response timestamp. */
export const SAFETYNET_MAX_AGE_MS = 60_000;

const JWS_ALGS: Readonly<Record<string, number>> = {
  RS256: -257, RS384: -258, RS512: -259, PS256: -37, PS384: -38, PS512: -39, ES256: -7, ES384: -35, ES512: -36,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function jsonPart(part: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64url(part);
  if (!bytes) throw malformed(FORMAT, `JWS ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (cause) {
    throw malformed(FORMAT, `JWS ${what} is not JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(FORMAT, `JWS ${what} is not an object`);
  return value as Record<string, unknown>;
}

function issuedToSafetyNet(cert: ParsedCertificate): boolean {
  if (cert.subjectAttributes.some(([oid, v]) => oid === '2.5.4.3' && v === SAFETYNET_HOSTNAME)) return true;
  const san = findExtension(cert, id_ce_subjectAltName);
  if (!san) return false;
  try {
    return AsnConvert.parse(san.value, SubjectAlternativeName).some((n) => n.dNSName === SAFETYNET_HOSTNAME);
  } catch {
    return false;
  }
}

/**
 * Verifies an `android-safetynet` attestation statement.
 * @returns type `basic` with the JWS x5c trust path
 * @throws VerificationError ERR_ATTESTATION_MALFORMED, ERR_ATTESTATION_SIGNATURE, ERR_ATTESTATION_UNSUPPORTED
 */
export function verifyAndroidSafetyNet({ attStmt, authData, clientDataHash, now }: AttestationInput): AttestationOutput {
  stmtText(FORMAT, attStmt, 'ver'); // reserved; any version string is accepted
  let jws: string;
  try {
    jws = utf8.decode(stmtBytes(FORMAT, attStmt, 'response'));
  } catch (cause) {
    throw malformed(FORMAT, 'attStmt.response is not UTF-8', cause);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) throw malformed(FORMAT, 'attStmt.response is not a compact JWS');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart, 'header');
  const payload = jsonPart(payloadPart, 'payload');

  const algId = typeof header.alg === 'string' ? JWS_ALGS[header.alg] : undefined;
  const algorithm: CoseAlgorithmInfo | undefined = algId === undefined ? undefined : coseAlgorithm(algId);
  if (!algorithm) throw malformed(FORMAT, `JWS alg ${String(header.alg)} is not supported`);
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw malformed(FORMAT, 'JWS header has no x5c');
  if (header.x5c.length > 8) throw malformed(FORMAT, 'JWS header x5c has more than 8 certificates');
  const ders = header.x5c.map((c) => (typeof c === 'string' ? decodeBase64(c) : undefined));
  const x5c = parseChain(FORMAT, ders, 'JWS x5c');
  const [leaf] = x5c;
  if (!issuedToSafetyNet(leaf)) throw malformed(FORMAT, `JWS signing certificate is not issued to ${SAFETYNET_HOSTNAME}`);

  const signature = decodeBase64url(signaturePart);
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  if (!signature || !verifySignature(algorithm, leaf.publicKey, signed, signature, 'ieee-p1363')) {
    throw badSignature(FORMAT, 'JWS signature does not verify with the x5c leaf certificate');
  }
  if (payload.nonce !== encodeBase64(sha256(authData.raw, clientDataHash))) {
    throw badSignature(FORMAT, 'JWS nonce is not base64(SHA-256(authenticatorData || clientDataHash))');
  }
  if (payload.ctsProfileMatch !== true) throw malformed(FORMAT, 'device does not pass the SafetyNet CTS profile match');
  const timestamp = payload.timestampMs;
  if (typeof timestamp !== 'number') throw malformed(FORMAT, 'JWS payload has no timestampMs');
  const age = now.getTime() - timestamp;
  if (age < -SAFETYNET_MAX_AGE_MS) throw malformed(FORMAT, 'SafetyNet response timestamp is in the future');
  if (age > SAFETYNET_MAX_AGE_MS) throw malformed(FORMAT, `SafetyNet response is ${Math.round(age / 1000)} s old; at most 60 s allowed`);
  return { type: 'basic', trustPath: x5c };
}
