/**
 * JSON shapes of a FIDO MDS3 BLOB: the payload and its entries (FIDO Metadata Service v3.0,
 * sections 3.1.1-3.1.6) and the metadata statement each entry carries (FIDO Metadata Statement
 * v3.0, section 4). Names and types follow the specs; only the members vfido fills are declared.
 * @module
 */

/** UAF/CTAP protocol version (Metadata Statement 3.0 `Version`: for FIDO2, 1.0 = CTAP 2.0, 1.1 = CTAP 2.1). */
export interface MdsVersion {
  major: number;
  minor: number;
}

/** One user verification method (Metadata Statement 3.0 `VerificationMethodDescriptor`). */
export interface VerificationMethodDescriptor {
  /** FIDO Registry USER_VERIFY name, e.g. `passcode_external`. */
  userVerificationMethod: string;
}

/** A credential algorithm as authenticatorGetInfo lists it (CTAP 2.1 6.4 `algorithms`). */
export interface PublicKeyCredentialParametersJson {
  type: 'public-key';
  alg: number;
}

/**
 * authenticatorGetInfo in JSON with its CTAP member names (Metadata Statement 3.0
 * `authenticatorGetInfo`, CTAP 2.1 6.4); `aaguid` is 32 lowercase hex digits without dashes.
 */
export interface AuthenticatorGetInfoJson {
  versions: string[];
  extensions?: string[];
  aaguid: string;
  options?: Record<string, boolean>;
  maxMsgSize?: number;
  pinUvAuthProtocols?: number[];
  maxCredentialCountInList?: number;
  maxCredentialIdLength?: number;
  transports?: string[];
  algorithms?: PublicKeyCredentialParametersJson[];
  maxSerializedLargeBlobArray?: number;
  minPINLength?: number;
  firmwareVersion?: number;
  maxCredBlobLength?: number;
  maxRPIDsForSetMinPINLength?: number;
  preferredPlatformUvAttempts?: number;
  uvModality?: number;
  remainingDiscoverableCredentials?: number;
}

/** A FIDO2 metadata statement (Metadata Statement 3.0 section 4, `MetadataStatement`). */
export interface MetadataStatement {
  legalHeader: string;
  aaguid: string;
  description: string;
  authenticatorVersion: number;
  protocolFamily: 'fido2';
  schema: 3;
  upv: MdsVersion[];
  /** FIDO Registry ALG_SIGN names, e.g. `secp256r1_ecdsa_sha256_raw`. */
  authenticationAlgorithms: string[];
  /** FIDO Registry ALG_KEY names; FIDO2 authenticators use `cose`. */
  publicKeyAlgAndEncodings: string[];
  /** FIDO Registry ATTESTATION names: `basic_full`, `basic_surrogate`, `attca`, `anonca`, `none`. */
  attestationTypes: string[];
  /** OR-list of AND-combinations of verification methods. */
  userVerificationDetails: VerificationMethodDescriptor[][];
  keyProtection: string[];
  matcherProtection: string[];
  /** Overall security strength in bits (NIST SP 800-57 Part 1, Table 2). */
  cryptoStrength?: number;
  attachmentHint: string[];
  tcDisplay: string[];
  /** Standard base64 (not base64url) DER trust anchors for the attestation chain. */
  attestationRootCertificates: string[];
  authenticatorGetInfo: AuthenticatorGetInfoJson;
  /** Only U2F statements ({@link U2fMetadataStatement}) name key identifiers. */
  attestationCertificateKeyIdentifiers?: never;
}

/** A status report (MDS 3.0 section 3.1.3 `StatusReport`). */
export interface StatusReport {
  /** MDS 3.0 3.1.4 `AuthenticatorStatus`, e.g. `FIDO_CERTIFIED_L1`. */
  status: string;
  /** ISO-8601 date (YYYY-MM-DD). */
  effectiveDate: string;
}

/**
 * A U2F metadata statement (Metadata Statement 3.0 section 4, `protocolFamily: 'u2f'`): no AAGUID and no
 * authenticatorGetInfo; the model is named by the key identifiers of its attestation certificates.
 */
export interface U2fMetadataStatement extends Omit<MetadataStatement, 'aaguid' | 'protocolFamily' | 'authenticatorGetInfo' | 'attestationCertificateKeyIdentifiers'> {
  aaguid?: never;
  protocolFamily: 'u2f';
  /** Lowercase hex key identifiers (RFC 5280 4.2.1.2 method 1) of the model's attestation certificates. */
  attestationCertificateKeyIdentifiers: string[];
  authenticatorGetInfo?: never;
}

/** One BLOB entry (MDS 3.0 section 3.1.1 `MetadataBLOBPayloadEntry`), FIDO2 form (keyed by AAGUID). */
export interface Fido2MetadataBlobPayloadEntry {
  aaguid: string;
  attestationCertificateKeyIdentifiers?: never;
  metadataStatement: MetadataStatement;
  statusReports: StatusReport[];
  /** ISO-8601 date (YYYY-MM-DD). */
  timeOfLastStatusChange: string;
}

/** One BLOB entry (MDS 3.0 section 3.1.1), U2F form: keyed by `attestationCertificateKeyIdentifiers`, no `aaguid`. */
export interface U2fMetadataBlobPayloadEntry {
  aaguid?: never;
  /** Same list as the statement's: lowercase hex key identifiers of the attestation certificates. */
  attestationCertificateKeyIdentifiers: string[];
  metadataStatement: U2fMetadataStatement;
  statusReports: StatusReport[];
  /** ISO-8601 date (YYYY-MM-DD). */
  timeOfLastStatusChange: string;
}

/** One BLOB entry (MDS 3.0 section 3.1.1 `MetadataBLOBPayloadEntry`): FIDO2 (by AAGUID) or U2F (by key identifiers). */
export type MetadataBlobPayloadEntry = Fido2MetadataBlobPayloadEntry | U2fMetadataBlobPayloadEntry;

/** The JWS payload (MDS 3.0 section 3.1.6 `MetadataBLOBPayload`). */
export interface MetadataBlobPayload {
  legalHeader: string;
  /** Serial number of this BLOB; relying parties ignore a BLOB whose `no` is not above the cached one. */
  no: number;
  /** ISO-8601 date (YYYY-MM-DD) by which a new BLOB is due. */
  nextUpdate: string;
  entries: MetadataBlobPayloadEntry[];
}
