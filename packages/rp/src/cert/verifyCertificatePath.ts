/**
 * Attestation certificate path validation (RFC 5280 section 6, simplified; WebAuthn L3 7.1 step 24:
 * "verify that the attestation public key either correctly chains up to an acceptable root certificate,
 * or is itself an acceptable certificate").
 *
 * Starting at the attestation certificate, each step looks for the issuer first among the trust anchors,
 * then among the remaining `x5c` certificates (so order in `x5c` does not matter and a root included in
 * `x5c` is harmless). Every certificate on the path, the anchor included, must be valid at `now`;
 * every intermediate must be a CA. Revocation (CRL/OCSP) is not checked.
 * @module
 */
import type { ParsedCertificate } from './parseCertificate.js';
import { describeCertificate } from './parseCertificate.js';
import { bytesEqual } from '../encoding/bytes.js';

/** Outcome of path validation. */
export interface PathValidation {
  trusted: boolean;
  /** The anchor the path ended at, when trusted. */
  anchor?: ParsedCertificate;
  /** Why the path is not trusted, when not. */
  reason?: string;
}

const validAt = (cert: ParsedCertificate, now: Date): string | undefined => {
  if (now < cert.notBefore) return `${describeCertificate(cert)} is not valid before ${cert.notBefore.toISOString()}`;
  if (now > cert.notAfter) return `${describeCertificate(cert)} expired at ${cert.notAfter.toISOString()}`;
  return undefined;
};

const issuedBy = (child: ParsedCertificate, issuer: ParsedCertificate): boolean => {
  try {
    return child.node.checkIssued(issuer.node) && child.node.verify(issuer.publicKey);
  } catch {
    return false;
  }
};

/**
 * Validates `chain` (attestation certificate first) against `anchors` at time `now`.
 * Never throws; returns why a path is not trusted.
 */
export function verifyCertificatePath(
  chain: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  now: Date,
): PathValidation {
  const [leaf] = chain;
  if (!leaf) return { trusted: false, reason: 'no certificates to validate' };
  if (anchors.length === 0) return { trusted: false, reason: 'no trust anchors configured' };
  const used = new Set<ParsedCertificate>([leaf]);
  let current = leaf;
  for (let depth = 0; depth <= chain.length; depth++) {
    const expired = validAt(current, now);
    if (expired) return { trusted: false, reason: expired };
    // The certificate is itself an acceptable certificate.
    const same = anchors.find((a) => bytesEqual(a.der, current.der));
    if (same) return { trusted: true, anchor: same };
    // Issued by an anchor.
    for (const anchor of anchors) {
      if (!issuedBy(current, anchor)) continue;
      const anchorExpired = validAt(anchor, now);
      if (anchorExpired) return { trusted: false, reason: anchorExpired };
      return { trusted: true, anchor };
    }
    // Issued by another certificate from x5c.
    const next = chain.find((c) => !used.has(c) && issuedBy(current, c));
    if (!next) {
      return { trusted: false, reason: `no trust anchor or x5c certificate issued ${describeCertificate(current)}` };
    }
    if (next.basicConstraintsCa !== true && next.version === 3) {
      return { trusted: false, reason: `${describeCertificate(next)} signs certificates but is not a CA` };
    }
    used.add(next);
    current = next;
  }
  return { trusted: false, reason: 'certificate path is longer than x5c' };
}
