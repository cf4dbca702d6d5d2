/**
 * The relying party's credential record (WebAuthn L3 section 4 "Credential Record"; created in 7.1 step 27,
 * read and updated in 7.2) and its JSON form for storage.
 *
 * The record holds bytes (`publicKey`), which `JSON.stringify` cannot keep; {@link credentialRecordToJSON}
 * writes them as base64url and {@link credentialRecordFromJSON} validates every field on the way back in,
 * so a corrupted or tampered row fails with ERR_CREDENTIAL_RECORD_INVALID before any ceremony uses it.
 * @module
 */
import { isCborMap } from '../cbor/cborValue.js';
import { decodeCbor } from '../cbor/decodeCbor.js';
import { parseCoseKey } from '../cose/parseCoseKey.js';
import { decodeBase64url, encodeBase64url, unpadBase64url } from '../encoding/base64url.js';
import { copyBytes, normalizeAaguid } from '../encoding/bytes.js';
import { VerificationError } from '../errors.js';

/** Longest credential ID a record may hold (L3 7.1 step 25). */
const MAX_ID_BYTES = 1023;

/**
 * What the RP stores per credential (L3 4 "Credential Record"; 7.1 step 27). `verifyRegistration` returns one as
 * `credential`; `verifyAuthentication` takes one and returns the updated one as `credentialRecord`.
 */
export interface CredentialRecord {
  /** Credential ID, base64url (the record's `id`). */
  id: string;
  /** Credential public key, COSE_Key bytes (the record's `publicKey`). */
  publicKey: Uint8Array;
  /** Last stored signature counter (the record's `signCount`). */
  signCount: number;
  /** COSE algorithm of `publicKey`. */
  algorithm?: number;
  /** `getTransports()` at registration (the record's `transports`); use them in `excludeCredentials`/`allowCredentials`. */
  transports?: string[];
  /** Whether the credential has ever been used with user verification (the record's `uvInitialized`). */
  uvInitialized?: boolean;
  /** BE at registration; when given, every assertion's BE must equal it (L3 7.2 step 19). */
  backupEligible?: boolean;
  /** BS as last seen (the record's `backupState`). */
  backupState?: boolean;
  /** AAGUID at registration, dashed lowercase; needed by a sign-in `policy` (key restrictions apply at every sign-in). */
  aaguid?: string;
}

/** The version {@link credentialRecordToJSON} writes and {@link credentialRecordFromJSON} reads. */
export const CREDENTIAL_RECORD_VERSION = 1;

/** A {@link CredentialRecord} as JSON: the same members, `publicKey` as base64url, plus `version` and `type`. */
export type CredentialRecordJSON = Omit<CredentialRecord, 'publicKey'> & {
  /** Format version, {@link CREDENTIAL_RECORD_VERSION}. */
  version: typeof CREDENTIAL_RECORD_VERSION;
  /** Always `public-key` (the record's `type`). */
  type: 'public-key';
  /** COSE_Key bytes, base64url. */
  publicKey: string;
};

const invalid = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_CREDENTIAL_RECORD_INVALID', `credential record ${message}`, cause === undefined ? undefined : { cause });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw invalid('.id must be a non-empty base64url string');
  const bytes = decodeBase64url(id);
  if (!bytes || bytes.byteLength === 0) throw invalid('.id is not base64url');
  if (bytes.byteLength > MAX_ID_BYTES) throw invalid(`.id is ${bytes.byteLength} bytes; at most ${MAX_ID_BYTES} allowed`);
  return unpadBase64url(id);
}

function checkCoseKey(publicKey: Uint8Array, algorithm: number | undefined): number {
  let alg: number;
  try {
    const map = decodeCbor(publicKey);
    if (!isCborMap(map)) throw new Error('not a cbor map');
    alg = parseCoseKey(map).alg;
  } catch (cause) {
    throw invalid('.publicKey is not a COSE public key', cause);
  }
  if (algorithm !== undefined && algorithm !== alg) throw invalid(`.algorithm ${algorithm} differs from the public key's algorithm ${alg}`);
  return alg;
}

function checkSignCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw invalid('.signCount must be an integer from 0 to 2^32-1');
  }
  return n;
}

/** Copies the optional members after checking their types. */
function optionalMembers(input: Record<string, unknown>): Omit<CredentialRecord, 'id' | 'publicKey' | 'signCount' | 'algorithm'> {
  const out: Omit<CredentialRecord, 'id' | 'publicKey' | 'signCount' | 'algorithm'> = {};
  if (input.transports !== undefined) {
    if (!Array.isArray(input.transports) || !input.transports.every((t) => typeof t === 'string')) throw invalid('.transports must be an array of strings');
    out.transports = [...(input.transports as string[])];
  }
  for (const flag of ['uvInitialized', 'backupEligible', 'backupState'] as const) {
    const value = input[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw invalid(`.${flag} must be a boolean`);
    out[flag] = value;
  }
  // L3 6.1.3: BS may be set only when BE is.
  if (out.backupState === true && out.backupEligible === false) throw invalid('has backupState true but backupEligible false');
  if (input.aaguid !== undefined) {
    const aaguid = typeof input.aaguid === 'string' ? normalizeAaguid(input.aaguid) : undefined;
    if (!aaguid) throw invalid('.aaguid must be a UUID');
    out.aaguid = aaguid;
  }
  return out;
}

function checkAlgorithm(algorithm: unknown): number | undefined {
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'number' || !Number.isInteger(algorithm)) throw invalid('.algorithm must be an integer COSE algorithm');
  return algorithm;
}

/**
 * Writes a credential record as JSON-safe values (base64url for bytes). Pass `verifyRegistration(...).credential`
 * or `verifyAuthentication(...).credentialRecord`; members other than the record's are left out.
 * @param record the record to store
 * @returns a plain object for `JSON.stringify` or a JSON column
 * @example db.save(user, JSON.stringify(credentialRecordToJSON(registration.credential)))
 * @throws VerificationError ERR_CREDENTIAL_RECORD_INVALID when the record is malformed (e.g. `publicKey` is not COSE_Key bytes)
 */
export function credentialRecordToJSON(record: CredentialRecord): CredentialRecordJSON {
  if (!isObject(record)) throw invalid('must be an object');
  if (!(record.publicKey instanceof Uint8Array)) throw invalid('.publicKey must be a Uint8Array');
  const algorithm = checkCoseKey(record.publicKey, checkAlgorithm(record.algorithm));
  const json: CredentialRecordJSON = {
    version: CREDENTIAL_RECORD_VERSION,
    type: 'public-key',
    id: checkId(record.id),
    publicKey: encodeBase64url(record.publicKey),
    signCount: checkSignCount(record.signCount),
    algorithm,
  };
  return { ...json, ...optionalMembers(record as unknown as Record<string, unknown>) };
}

/**
 * Reads a credential record written by {@link credentialRecordToJSON}, validating every field. Members it does
 * not know are ignored; a different `version` is refused.
 * @param json the stored {@link CredentialRecordJSON}, or its JSON text
 * @returns the record, ready for `verifyAuthentication({ credential })`
 * @example const credential = credentialRecordFromJSON(db.load(credentialId))
 * @throws VerificationError ERR_CREDENTIAL_RECORD_INVALID when the text is not JSON, the version is not
 *   {@link CREDENTIAL_RECORD_VERSION}, or a field is missing, of the wrong type, or not a COSE public key
 */
export function credentialRecordFromJSON(json: unknown): CredentialRecord {
  let value: unknown = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw invalid('is not valid JSON', cause);
    }
  }
  if (!isObject(value)) throw invalid('must be a JSON object');
  if (value.version !== CREDENTIAL_RECORD_VERSION) {
    throw invalid(`version ${JSON.stringify(value.version)} is not supported; this @vfido/rp reads version ${CREDENTIAL_RECORD_VERSION}`);
  }
  if (value.type !== undefined && value.type !== 'public-key') throw invalid(`.type must be 'public-key'`);
  if (typeof value.publicKey !== 'string') throw invalid('.publicKey must be a base64url string');
  const publicKey = decodeBase64url(value.publicKey);
  if (!publicKey) throw invalid('.publicKey is not base64url');
  const record: CredentialRecord = {
    id: checkId(value.id),
    publicKey: copyBytes(publicKey),
    signCount: checkSignCount(value.signCount),
  };
  record.algorithm = checkCoseKey(record.publicKey, checkAlgorithm(value.algorithm));
  return { ...record, ...optionalMembers(value) };
}
