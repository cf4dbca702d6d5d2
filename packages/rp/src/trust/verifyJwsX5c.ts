/**
 * Verification of a JWS compact serialization signed by the key of its `x5c` header (RFC 7515 sections
 * 3.1, 4.1.6, 5.2; RFC 7518 section 3 algorithms), as a FIDO MDS3 BLOB is (MDS 3.0 section 3.1.7;
 * processing rules 3.1.8 step 4: chain to the MDS root, then check the signature).
 * @module
 */
import { coseAlgorithm, type CoseAlgorithmInfo } from '../cose/algorithms.js';
import { parseCertificate, type ParsedCertificate } from '../cert/parseCertificate.js';
import { verifyCertificatePath } from '../cert/verifyCertificatePath.js';
import { verifySignature } from '../crypto/verifySignature.js';
import { decodeBase64, decodeBase64url } from '../encoding/base64url.js';
import { VerificationError } from '../errors.js';

/** JWS `alg` names accepted, with their COSE equivalents (RFC 8152 / RFC 8230 registry entries). */
const JWS_ALGORITHMS: Readonly<Record<string, number>> = {
  ES256: -7, ES384: -35, ES512: -36, RS256: -257, RS384: -258, RS512: -259, PS256: -37, PS384: -38, PS512: -39,
};
/** The curve each ECDSA `alg` requires (RFC 7518 3.4), as node:crypto names it. */
const JWS_CURVES: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** A verified JWS: its decoded payload (parsed JSON) and header. */
export interface VerifiedJws {
  header: { alg: string; x5c: string[] };
  payload: unknown;
}

const malformed = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_MDS_MALFORMED', message, cause === undefined ? undefined : { cause });

function jsonPart(part: string, name: string): unknown {
  const bytes = decodeBase64url(part);
  if (!bytes) throw malformed(`jws ${name} is not base64url`);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (cause) {
    throw malformed(`jws ${name} is not json`, cause);
  }
}

function parseHeader(value: unknown): { alg: string; x5c: string[]; info: CoseAlgorithmInfo } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('jws header is not a json object');
  const { alg, x5c } = value as Record<string, unknown>;
  if (typeof alg !== 'string') throw malformed('jws header has no alg');
  const cose = JWS_ALGORITHMS[alg];
  const info = cose === undefined ? undefined : coseAlgorithm(cose);
  if (!info) throw malformed(`jws alg ${JSON.stringify(alg.slice(0, 20))} is not supported (use ES256/384/512, RS256/384/512, PS256/384/512)`);
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) {
    throw malformed('jws header has no x5c certificate chain');
  }
  return { alg, x5c: x5c as string[], info };
}

/**
 * Parses a compact JWS, validates its `x5c` chain against `roots` at `now`, and verifies its signature.
 * @param jws the compact serialization `header.payload.signature`
 * @param roots trusted roots; `x5c[0]` must chain to one of them
 * @param now the clock for certificate validity
 * @throws VerificationError ERR_MDS_MALFORMED (syntax, unsupported alg, unparseable x5c),
 *   ERR_MDS_UNTRUSTED_CHAIN (no path to a root, or a certificate not valid at `now`),
 *   ERR_MDS_SIGNATURE (the signature does not verify with `x5c[0]`)
 */
export function verifyJwsX5c(jws: string, roots: readonly ParsedCertificate[], now: Date): VerifiedJws {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw malformed(`jws must have 3 dot-separated parts, found ${parts.length}`);
  const [h, p, s] = parts as [string, string, string];
  const { alg, x5c, info } = parseHeader(jsonPart(h, 'header'));
  const payload = jsonPart(p, 'payload');
  const signature = decodeBase64url(s);
  if (!signature || signature.byteLength === 0) throw malformed('jws signature is not base64url');

  let chain: ParsedCertificate[];
  try {
    chain = x5c.map((c) => {
      const der = decodeBase64(c); // RFC 7515 4.1.6: standard base64, not base64url
      if (!der) throw new Error('x5c entry is not base64');
      return parseCertificate(der);
    });
  } catch (cause) {
    throw malformed('jws x5c holds something that is not a base64 DER certificate', cause);
  }
  const path = verifyCertificatePath(chain, roots, now);
  if (!path.trusted) {
    throw new VerificationError('ERR_MDS_UNTRUSTED_CHAIN', `mds blob signing chain does not reach a configured mds root: ${path.reason ?? 'unknown reason'}`,
      path.mismatch ? { details: { ...path.mismatch } } : undefined);
  }
  const signer = chain[0] as ParsedCertificate;
  const curve = JWS_CURVES[alg];
  const keyCurve = signer.publicKey.asymmetricKeyDetails?.namedCurve;
  const data = Buffer.from(`${h}.${p}`, 'ascii');
  const ok = (curve === undefined || keyCurve === curve) && verifySignature(info, signer.publicKey, data, signature, 'ieee-p1363');
  if (!ok) throw new VerificationError('ERR_MDS_SIGNATURE', `mds blob ${alg} signature does not verify with its x5c signing certificate`);
  return { header: { alg, x5c }, payload };
}
