/**
 * The parts of a FIDO MDS3 BLOB the trust store reads (FIDO Metadata Service v3.0 sections 3.1.1-3.1.6;
 * FIDO Metadata Statement v3.0 section 4). Only the members used here are declared; every other member
 * of a statement is kept as JSON, untouched, in {@link MetadataStatement}'s index signature.
 * @module
 */

/** A JSON value as found in a BLOB payload. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A metadata statement (Metadata Statement 3.0 section 4). The members the store uses are typed;
 * the rest (upv, keyProtection, authenticatorGetInfo, ...) are present as the BLOB carries them.
 */
export interface MetadataStatement {
  [member: string]: JsonValue | undefined;
  /** Human-readable model name. */
  description: string;
  /** AAGUID (FIDO2 statements only), dashed lowercase as in the BLOB. */
  aaguid?: string;
  /** `fido2`, `u2f` or `uaf`. */
  protocolFamily?: string;
  /** FIDO Registry ATTESTATION names, e.g. `basic_full`, `attca`. */
  attestationTypes?: string[];
  /** Standard base64 DER trust anchors of the model's attestation chains. */
  attestationRootCertificates: string[];
}

/** A status report (MDS 3.0 section 3.1.3 `StatusReport`). */
export interface StatusReport {
  /** MDS 3.0 3.1.4 `AuthenticatorStatus`, e.g. `FIDO_CERTIFIED_L1`, `REVOKED`. */
  status: string;
  /** ISO-8601 date (`YYYY-MM-DD`) the status took effect, when given. */
  effectiveDate?: string;
  /** Base64 DER of the attestation certificate a compromise report concerns, when given. */
  certificate?: string;
}

/** One BLOB entry (MDS 3.0 section 3.1.1 `MetadataBLOBPayloadEntry`), as the store keeps it. */
export interface MdsEntry {
  /** AAGUID, dashed lowercase. */
  aaguid: string;
  metadataStatement: MetadataStatement;
  statusReports: StatusReport[];
  /** ISO-8601 date of the last status change, when given. */
  timeOfLastStatusChange?: string;
}

/**
 * A U2F BLOB entry (MDS 3.0 section 3.1.1 with `attestationCertificateKeyIdentifiers` instead of `aaguid`),
 * as the store keeps it.
 */
export interface MdsKeyIdEntry {
  /** Lowercase hex key identifiers (RFC 5280 4.2.1.2 method 1) of the model's attestation certificates. */
  attestationCertificateKeyIdentifiers: string[];
  metadataStatement: MetadataStatement;
  statusReports: StatusReport[];
  /** ISO-8601 date of the last status change, when given. */
  timeOfLastStatusChange?: string;
}

/** What {@link TrustStore.addMdsBlob} loaded. */
export interface MdsBlobSummary {
  /** The BLOB's serial number (`no`). */
  no: number;
  /** The date the next BLOB is due (`nextUpdate`). */
  nextUpdate: string;
  /** Number of entries indexed: by AAGUID (FIDO2) or by attestation key identifiers (U2F); UAF `aaid` entries are skipped. */
  entries: number;
  /**
   * True when `nextUpdate` is before `now`: the BLOB is out of date. It is still loaded (test BLOBs are
   * long-lived and no network fetch is attempted); the caller decides whether to refresh.
   */
  stale: boolean;
}

/** An AAGUID's certification / compromise status (MDS 3.0 3.1.4). */
export interface AuthenticatorStatusSummary {
  /** The status of the most recent report. */
  latest: string;
  /** True when `latest` is a revoking status (REVOKED, *_COMPROMISE, USER_VERIFICATION_BYPASS): registrations are rejected. */
  revoked: boolean;
  /** Every report, as in the BLOB. */
  reports: readonly StatusReport[];
}
