/**
 * Attestation trust anchors, scoped by AAGUID and/or attestation statement format
 * (WebAuthn L3 7.1 step 23: "obtain a list of acceptable trust anchors ... for that attestation type and
 * attestation statement format fmt, from a trusted source or from policy").
 *
 * Loading the FIDO MDS3 BLOB into a store is a separate concern; this store takes certificates directly.
 * @module
 */
import { normalizeAaguid } from '../encoding/bytes.js';
import { decodeBase64 } from '../encoding/base64url.js';
import { parseCertificate, type ParsedCertificate } from '../cert/parseCertificate.js';
import { VerificationError } from '../errors.js';

/** Which attestations an anchor applies to. An empty scope is global. Both fields given = both must match. */
export interface TrustScope {
  /** AAGUID (UUID text, any case, dashes optional). */
  aaguid?: string;
  /** Attestation statement format identifier, e.g. `'tpm'`, `'packed'`. */
  format?: string;
}

/** A root certificate the store trusts, with its scope. */
export interface TrustAnchor {
  certificate: ParsedCertificate;
  scope: Readonly<TrustScope>;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

const invalid = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_TRUST_ANCHOR_INVALID', message, cause === undefined ? undefined : { cause });

/** Splits PEM text (one or more CERTIFICATE blocks) or a bare base64 DER body into DER certificates. */
function certificatesFrom(text: string): Uint8Array[] {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => m[1] ?? '');
  const bodies = blocks.length > 0 ? blocks : [text];
  return bodies.map((body) => {
    const der = decodeBase64(body);
    if (!der || der.byteLength === 0) throw invalid('trust anchor is neither PEM nor base64 DER');
    return der;
  });
}

/**
 * A set of attestation root certificates.
 * @example
 * const store = new TrustStore().addRoots(yubicoRootPem, { format: 'packed' });
 */
export class TrustStore {
  readonly #anchors: TrustAnchor[] = [];

  /**
   * Adds root certificates.
   * @param pems PEM text (one or several CERTIFICATE blocks) or bare base64 DER, or a list of them
   * @param scope restrict the anchors to an AAGUID and/or format; omit for global anchors
   * @returns this store, for chaining
   * @throws VerificationError ERR_TRUST_ANCHOR_INVALID when a certificate cannot be parsed or the AAGUID is malformed
   */
  addRoots(pems: string | readonly string[], scope: TrustScope = {}): this {
    const normalized: TrustScope = {};
    if (scope.aaguid !== undefined) {
      const aaguid = normalizeAaguid(scope.aaguid);
      if (!aaguid) throw invalid(`scope.aaguid '${scope.aaguid}' is not a UUID`);
      normalized.aaguid = aaguid;
    }
    if (scope.format !== undefined) normalized.format = scope.format;
    for (const text of typeof pems === 'string' ? [pems] : pems) {
      for (const der of certificatesFrom(text)) {
        let certificate: ParsedCertificate;
        try {
          certificate = parseCertificate(der);
        } catch (cause) {
          throw invalid('trust anchor is not an X.509 certificate', cause);
        }
        this.#anchors.push({ certificate, scope: Object.freeze({ ...normalized }) });
      }
    }
    return this;
  }

  /**
   * Anchors that apply to an attestation: those scoped to its AAGUID, to its format, or global.
   * @param query the attestation's AAGUID (UUID text) and format
   */
  anchorsFor(query: { aaguid?: string; format?: string }): TrustAnchor[] {
    const aaguid = query.aaguid === undefined ? undefined : normalizeAaguid(query.aaguid);
    return this.#anchors.filter(
      ({ scope }) =>
        (scope.aaguid === undefined || scope.aaguid === aaguid) && (scope.format === undefined || scope.format === query.format),
    );
  }

  /** Number of anchors in the store. */
  get size(): number {
    return this.#anchors.length;
  }
}

/** True when `anchor` is scoped (to an AAGUID or a format) rather than global. */
export function isScopedAnchor(anchor: TrustAnchor): boolean {
  return anchor.scope.aaguid !== undefined || anchor.scope.format !== undefined;
}
