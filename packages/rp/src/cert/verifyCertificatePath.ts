/**
 * Attestation certificate path validation (RFC 5280 section 6, simplified; WebAuthn L3 7.1 step 24:
 * "verify that the attestation public key either correctly chains up to an acceptable root certificate,
 * or is itself an acceptable certificate").
 *
 * Starting at the attestation certificate, each step looks for the issuer first among the trust anchors,
 * then among the remaining `x5c` certificates (so order in `x5c` does not matter and a root included in
 * `x5c` is harmless). Every certificate on the path, the anchor included, must be valid at `now`;
 * every intermediate must be a CA. Revocation (CRL/OCSP) is not checked.
 *
 * When the path stops at a certificate whose issuer (or, for a self-signed root in `x5c`, whose own subject) is the
 * subject of a trust anchor with a different key, the result says so: the same CA name with another key is what
 * test PKIs generated from different seeds look like, and a bare "no anchor issued it" hides that.
 * @module
 */
import type { ParsedCertificate } from './parseCertificate.js';
import { describeCertificate } from './parseCertificate.js';
import { bytesEqual } from '../encoding/bytes.js';
import { authorityKeyId, subjectKeyId } from './keyIdentifier.js';

/** A root the chain ends at that has a trusted root's name but not its key. */
export interface RootKeyMismatch {
  /** The CA the chain ends at: its subject and key identifier (`undefined` when the chain does not say). */
  chainRoot: { subject: string; keyId: string | undefined };
  /** The trust anchor of that name: subject, key identifier and serial number. */
  trustedRoot: { subject: string; keyId: string; serial: string };
}

/** Outcome of path validation. */
export interface PathValidation {
  trusted: boolean;
  /** The anchor the path ended at, when trusted. */
  anchor?: ParsedCertificate;
  /** Why the path is not trusted, when not. */
  reason?: string;
  /** Set when the path ends at a CA with a trusted root's name but another key. */
  mismatch?: RootKeyMismatch;
}

/**
 * Looks for a trust anchor named like the CA `last` ends at (its issuer, or itself when self-signed) whose key is
 * not the one `last` names (its AKI, or its own key when self-signed).
 */
function rootKeyMismatch(last: ParsedCertificate, anchors: readonly ParsedCertificate[]): RootKeyMismatch | undefined {
  const selfSigned = last.subject === last.issuer;
  const rootName = last.issuer;
  const chainKey = selfSigned ? subjectKeyId(last) : authorityKeyId(last);
  for (const anchor of anchors) {
    if (anchor.subject !== rootName) continue;
    const anchorKey = subjectKeyId(anchor);
    if (chainKey === anchorKey) continue; // same key: the signature itself is bad, not a different root
    return {
      chainRoot: { subject: rootName, keyId: chainKey },
      trustedRoot: { subject: anchor.subject, keyId: anchorKey, serial: anchor.node.serialNumber.toLowerCase() },
    };
  }
  return undefined;
}

/** The message for a {@link RootKeyMismatch}. */
function mismatchReason(m: RootKeyMismatch): string {
  const hint = "(for vfido TEST roots: the authenticator's seed differs from the one the trust store/MDS BLOB was made with)";
  if (m.chainRoot.keyId === undefined) {
    // Without an authority key identifier the chain does not say which key signed it: a bad signature is as likely.
    return `the chain ends at '${m.chainRoot.subject}' (key unknown: no authority key identifier) but the trusted root of ` +
      `that name (key ${m.trustedRoot.keyId}) did not sign it: a different key under the same name, or a bad signature ${hint}`;
  }
  return `the chain ends at '${m.chainRoot.subject}' (key ${m.chainRoot.keyId}) but the trusted root of that name has key ` +
    `${m.trustedRoot.keyId}: a different key under the same name ${hint}`;
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
      const mismatch = rootKeyMismatch(current, anchors);
      if (mismatch) return { trusted: false, reason: mismatchReason(mismatch), mismatch };
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
