/**
 * Attestation trust anchors, scoped by AAGUID and/or attestation statement format
 * (WebAuthn L3 7.1 step 23: "obtain a list of acceptable trust anchors ... for that attestation type and
 * attestation statement format fmt, from a trusted source or from policy").
 *
 * Anchors come from PEM ({@link TrustStore.addRoots}) or from a FIDO MDS3 BLOB ({@link TrustStore.addMdsBlob},
 * MDS 3.0 section 3.1.8), whose `attestationRootCertificates` become anchors scoped to each entry's AAGUID (FIDO2
 * entries) or to its attestation certificate key identifiers (U2F entries, `attestationCertificateKeyIdentifiers`),
 * and whose status reports can revoke a model. Nothing is fetched: the caller reads the BLOB (a file, a cache).
 * @module
 */
import { normalizeAaguid } from '../encoding/bytes.js';
import { decodeBase64 } from '../encoding/base64url.js';
import { parseCertificate, type ParsedCertificate } from '../cert/parseCertificate.js';
import { VerificationError } from '../errors.js';
import { summarizeStatus } from './authenticatorStatus.js';
import type { AuthenticatorStatusSummary, MdsBlobSummary, MdsEntry, MdsKeyIdEntry, MetadataStatement } from './mdsTypes.js';
import { parseMdsPayload } from './parseMdsPayload.js';
import { verifyJwsX5c } from './verifyJwsX5c.js';

/** Which attestations an anchor applies to. An empty scope is global. Both fields given = both must match. */
export interface TrustScope {
  /** AAGUID (UUID text, any case, dashes optional). */
  aaguid?: string;
  /** Attestation statement format identifier, e.g. `'tpm'`, `'packed'`. */
  format?: string;
  /**
   * Key identifier of the attestation certificate (hex, any case): how FIDO MDS3 names U2F models
   * (`attestationCertificateKeyIdentifiers`, RFC 5280 4.2.1.2 method 1). Applies to zero-AAGUID attestations.
   */
  keyId?: string;
}

/** A root certificate the store trusts, with its scope. */
export interface TrustAnchor {
  certificate: ParsedCertificate;
  scope: Readonly<TrustScope>;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

const KEY_ID = /^(?:[0-9a-f]{2})+$/;

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

/** Options of {@link TrustStore.addMdsBlob}. */
export interface AddMdsBlobOptions {
  /** PEM (or bare base64 DER) of the MDS root(s) the BLOB's `x5c` must chain to, e.g. the FIDO MDS3 root. */
  roots: string | readonly string[];
  /** The clock for certificate validity and `nextUpdate`. Default `new Date()`. */
  now?: Date;
}

/** Parses every certificate in `pems`, reporting failures as ERR_TRUST_ANCHOR_INVALID. */
function parseAnchors(pems: string | readonly string[]): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  for (const text of typeof pems === 'string' ? [pems] : pems) {
    for (const der of certificatesFrom(text)) {
      try {
        out.push(parseCertificate(der));
      } catch (cause) {
        throw invalid('trust anchor is not an X.509 certificate', cause);
      }
    }
  }
  return out;
}

/** The roots an MDS statement lists, parsed; `name` identifies the entry in messages. */
function statementRoots(statement: MetadataStatement, name: string): ParsedCertificate[] {
  return statement.attestationRootCertificates.map((b64) => {
    const der = decodeBase64(b64);
    let certificate: ParsedCertificate | undefined;
    try {
      if (der) certificate = parseCertificate(der);
    } catch {
      certificate = undefined;
    }
    if (!certificate) throw new VerificationError('ERR_MDS_MALFORMED', `mds entry ${name} lists an attestation root that is not a base64 DER certificate`);
    return certificate;
  });
}

/** The anchors derived from the loaded MDS BLOB's statements: scoped to an AAGUID, or to each key identifier of a U2F entry. */
function mdsAnchors(entries: readonly MdsEntry[], keyIdEntries: readonly MdsKeyIdEntry[]): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const { aaguid, metadataStatement } of entries) {
    const scope = Object.freeze({ aaguid });
    for (const certificate of statementRoots(metadataStatement, aaguid)) anchors.push({ certificate, scope });
  }
  for (const { attestationCertificateKeyIdentifiers: keyIds, metadataStatement } of keyIdEntries) {
    const roots = statementRoots(metadataStatement, `with key identifiers ${keyIds.join(',')}`);
    for (const keyId of keyIds) {
      const scope = Object.freeze({ keyId });
      for (const certificate of roots) anchors.push({ certificate, scope });
    }
  }
  return anchors;
}

/**
 * A set of attestation root certificates, optionally with FIDO MDS3 metadata.
 * @example
 * const store = new TrustStore().addRoots(yubicoRootPem, { format: 'packed' });
 * store.addMdsBlob(readFileSync('blob.jwt', 'utf8'), { roots: fidoMdsRootPem });
 */
export class TrustStore {
  readonly #anchors: TrustAnchor[] = [];
  #mdsAnchors: TrustAnchor[] = [];
  #mdsEntries = new Map<string, MdsEntry>();
  #mdsKeyIdEntries = new Map<string, MdsKeyIdEntry>();

  /**
   * Adds root certificates.
   * @param pems PEM text (one or several CERTIFICATE blocks) or bare base64 DER, or a list of them
   * @param scope restrict the anchors to an AAGUID and/or format; omit for global anchors
   * @returns this store, for chaining
   * @throws VerificationError ERR_TRUST_ANCHOR_INVALID when a certificate cannot be parsed or the AAGUID or key id is malformed
   */
  addRoots(pems: string | readonly string[], scope: TrustScope = {}): this {
    const normalized: TrustScope = {};
    if (scope.aaguid !== undefined) {
      const aaguid = normalizeAaguid(scope.aaguid);
      if (!aaguid) throw invalid(`scope.aaguid '${scope.aaguid}' is not a UUID`);
      normalized.aaguid = aaguid;
    }
    if (scope.format !== undefined) normalized.format = scope.format;
    if (scope.keyId !== undefined) {
      const keyId = scope.keyId.toLowerCase();
      if (!KEY_ID.test(keyId)) throw invalid(`scope.keyId '${scope.keyId}' is not a hex key identifier`);
      normalized.keyId = keyId;
    }
    for (const certificate of parseAnchors(pems)) this.#anchors.push({ certificate, scope: Object.freeze({ ...normalized }) });
    return this;
  }

  /**
   * Loads a FIDO MDS3 metadata BLOB (MDS 3.0 section 3.1.8): checks the JWS `x5c` chain against `options.roots`
   * at `now`, verifies the signature, then makes each FIDO2 entry's `attestationRootCertificates` anchors scoped
   * to its AAGUID, and each U2F entry's anchors scoped to its `attestationCertificateKeyIdentifiers`, and keeps
   * their statements and status reports. A BLOB replaces the one loaded before it (callers
   * refreshing from MDS should compare `no` first). A `nextUpdate` in the past does not fail: `stale` says so.
   * @param jwt the BLOB as downloaded: a JWS compact serialization
   * @param options the MDS root(s) to trust and the clock
   * @returns the BLOB's `no`, `nextUpdate`, number of AAGUID and key-identifier entries, and whether it is stale
   * @see https://fidoalliance.org/specs/mds/fido-metadata-service-v3.0-ps-20210518.html#metadata-blob-object-processing-rules
   * @throws VerificationError ERR_TRUST_ANCHOR_INVALID (a root is not a certificate), ERR_MDS_MALFORMED (not a
   *   JWS, unsupported alg, bad payload), ERR_MDS_UNTRUSTED_CHAIN (x5c does not reach a root, or a certificate
   *   is not valid at `now`), ERR_MDS_SIGNATURE (signature does not verify). On error the store is unchanged.
   */
  addMdsBlob(jwt: string, options: AddMdsBlobOptions): MdsBlobSummary {
    const now = options.now ?? new Date();
    const roots = parseAnchors(options.roots);
    if (roots.length === 0) throw invalid('addMdsBlob needs at least one mds root certificate');
    const { payload } = verifyJwsX5c(jwt, roots, now);
    const parsed = parseMdsPayload(payload);
    const anchors = mdsAnchors(parsed.entries, parsed.keyIdEntries);
    this.#mdsAnchors = anchors;
    this.#mdsEntries = new Map(parsed.entries.map((e) => [e.aaguid, e]));
    this.#mdsKeyIdEntries = new Map(parsed.keyIdEntries.flatMap((e) => e.attestationCertificateKeyIdentifiers.map((k) => [k, e] as const)));
    return {
      no: parsed.no,
      nextUpdate: parsed.nextUpdate,
      entries: this.#mdsEntries.size + parsed.keyIdEntries.length,
      stale: Date.parse(parsed.nextUpdate) < now.getTime(),
    };
  }

  /**
   * The metadata statement the loaded MDS BLOB holds for an AAGUID.
   * @param aaguid UUID text, any case, dashes optional
   */
  metadataStatement(aaguid: string): MetadataStatement | undefined {
    const key = normalizeAaguid(aaguid);
    return key === undefined ? undefined : this.#mdsEntries.get(key)?.metadataStatement;
  }

  /**
   * The MDS status of an AAGUID: its latest status report and whether that revokes the model
   * (REVOKED, ATTESTATION_KEY_COMPROMISE, USER_VERIFICATION_BYPASS, USER_KEY_REMOTE_COMPROMISE,
   * USER_KEY_PHYSICAL_COMPROMISE). `undefined` when the AAGUID has no entry or no reports.
   * @param aaguid UUID text, any case, dashes optional
   */
  authenticatorStatus(aaguid: string): AuthenticatorStatusSummary | undefined {
    const key = normalizeAaguid(aaguid);
    const entry = key === undefined ? undefined : this.#mdsEntries.get(key);
    return entry ? summarizeStatus(entry.statusReports) : undefined;
  }

  /**
   * The metadata statement the loaded MDS BLOB holds for a U2F attestation certificate key identifier
   * (MDS 3.0 3.1.1 `attestationCertificateKeyIdentifiers`).
   * @param keyId hex key identifier, any case
   */
  metadataStatementForKeyId(keyId: string): MetadataStatement | undefined {
    return this.#mdsKeyIdEntries.get(keyId.toLowerCase())?.metadataStatement;
  }

  /**
   * The MDS status of the U2F model whose entry lists `keyId`, as {@link TrustStore.authenticatorStatus} gives it for an AAGUID.
   * @param keyId hex key identifier, any case
   */
  authenticatorStatusForKeyId(keyId: string): AuthenticatorStatusSummary | undefined {
    const entry = this.#mdsKeyIdEntries.get(keyId.toLowerCase());
    return entry ? summarizeStatus(entry.statusReports) : undefined;
  }

  /**
   * Anchors that apply to an attestation: those scoped to its AAGUID (from PEM or MDS), to one of its attestation
   * certificate key identifiers, to its format, or global.
   * @param query the attestation's AAGUID (UUID text), format, and key identifiers of its attestation certificate
   */
  anchorsFor(query: { aaguid?: string; format?: string; keyIds?: readonly string[] }): TrustAnchor[] {
    const aaguid = query.aaguid === undefined ? undefined : normalizeAaguid(query.aaguid);
    const keyIds = (query.keyIds ?? []).map((k) => k.toLowerCase());
    return [...this.#anchors, ...this.#mdsAnchors].filter(
      ({ scope }) =>
        (scope.aaguid === undefined || scope.aaguid === aaguid) &&
        (scope.format === undefined || scope.format === query.format) &&
        (scope.keyId === undefined || keyIds.includes(scope.keyId)),
    );
  }

  /** Number of anchors in the store (from PEM and from the MDS BLOB). */
  get size(): number {
    return this.#anchors.length + this.#mdsAnchors.length;
  }
}

/** True when `anchor` is scoped (to an AAGUID, a key identifier or a format) rather than global. */
export function isScopedAnchor(anchor: TrustAnchor): boolean {
  return anchor.scope.aaguid !== undefined || anchor.scope.format !== undefined || anchor.scope.keyId !== undefined;
}
