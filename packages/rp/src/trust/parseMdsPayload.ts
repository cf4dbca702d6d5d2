/**
 * Reading a verified FIDO MDS3 `MetadataBLOBPayload` (MDS 3.0 sections 3.1.1 and 3.1.6) into entries
 * keyed by AAGUID (FIDO2) or by `attestationCertificateKeyIdentifiers` (U2F: lowercase hex key identifiers
 * of the attestation certificates). UAF (`aaid`) entries are skipped.
 * @module
 */
import { normalizeAaguid } from '../encoding/bytes.js';
import { VerificationError } from '../errors.js';
import type { JsonValue, MdsEntry, MdsKeyIdEntry, MetadataStatement, StatusReport } from './mdsTypes.js';

/** The payload's header fields, its FIDO2 entries and its U2F entries. */
export interface MdsPayload {
  no: number;
  nextUpdate: string;
  legalHeader: string | undefined;
  entries: MdsEntry[];
  keyIdEntries: MdsKeyIdEntry[];
}

/** A key identifier as MDS3 writes it: hex (a SHA-1, 20 bytes, by method 1); read case-insensitively, kept lowercase. */
const KEY_ID = /^(?:[0-9a-f]{2})+$/i;

function keyIdentifiers(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((k) => typeof k === 'string' && KEY_ID.test(k))) {
    throw malformed(`${where}.attestationCertificateKeyIdentifiers is not a non-empty list of hex key identifiers`);
  }
  return value.map((k: string) => k.toLowerCase());
}

const malformed = (message: string): VerificationError => new VerificationError('ERR_MDS_MALFORMED', message);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function statusReports(value: unknown, where: string): StatusReport[] {
  if (!Array.isArray(value)) throw malformed(`${where}.statusReports is not an array`);
  return value.map((r, i) => {
    if (!isObject(r) || typeof r.status !== 'string') throw malformed(`${where}.statusReports[${i}] has no status`);
    const report: StatusReport = { status: r.status };
    if (typeof r.effectiveDate === 'string') report.effectiveDate = r.effectiveDate;
    if (typeof r.certificate === 'string') report.certificate = r.certificate;
    return report;
  });
}

function statement(value: unknown, where: string): MetadataStatement {
  if (!isObject(value)) throw malformed(`${where}.metadataStatement is not an object`);
  const roots = value.attestationRootCertificates ?? [];
  if (!isStringArray(roots)) throw malformed(`${where}.metadataStatement.attestationRootCertificates is not a list of base64 certificates`);
  if (typeof value.description !== 'string') throw malformed(`${where}.metadataStatement.description is not a string`);
  return { ...(value as Record<string, JsonValue>), description: value.description, attestationRootCertificates: roots };
}

/**
 * Checks the payload's shape and returns its FIDO2 and U2F entries.
 * @throws VerificationError ERR_MDS_MALFORMED when `no`, `nextUpdate` or `entries` are missing, an
 *   AAGUID or key-identifier entry lacks a statement or status reports, or key identifiers are not hex
 */
export function parseMdsPayload(payload: unknown): MdsPayload {
  if (!isObject(payload)) throw malformed('mds payload is not a json object');
  const { no, nextUpdate, entries, legalHeader } = payload;
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 0) throw malformed('mds payload no is not a serial number');
  if (typeof nextUpdate !== 'string' || Number.isNaN(Date.parse(nextUpdate))) throw malformed('mds payload nextUpdate is not a date');
  if (!Array.isArray(entries)) throw malformed('mds payload entries is not an array');
  const out: MdsEntry[] = [];
  const keyIdEntries: MdsKeyIdEntry[] = [];
  entries.forEach((e: unknown, i) => {
    const where = `entries[${i}]`;
    if (!isObject(e)) throw malformed(`${where} is not an object`);
    if (e.aaguid === undefined) {
      if (e.attestationCertificateKeyIdentifiers === undefined) return; // UAF entry (aaid)
      // MDS 3.0 3.1.1: a U2F model is named by the key identifiers of its attestation certificates.
      const entry: MdsKeyIdEntry = {
        attestationCertificateKeyIdentifiers: keyIdentifiers(e.attestationCertificateKeyIdentifiers, where),
        metadataStatement: statement(e.metadataStatement, where),
        statusReports: statusReports(e.statusReports, where),
      };
      if (typeof e.timeOfLastStatusChange === 'string') entry.timeOfLastStatusChange = e.timeOfLastStatusChange;
      keyIdEntries.push(entry);
      return;
    }
    const aaguid = typeof e.aaguid === 'string' ? normalizeAaguid(e.aaguid) : undefined;
    if (!aaguid) throw malformed(`${where}.aaguid is not a UUID`);
    const entry: MdsEntry = { aaguid, metadataStatement: statement(e.metadataStatement, where), statusReports: statusReports(e.statusReports, where) };
    if (typeof e.timeOfLastStatusChange === 'string') entry.timeOfLastStatusChange = e.timeOfLastStatusChange;
    out.push(entry);
  });
  return { no, nextUpdate, legalHeader: typeof legalHeader === 'string' ? legalHeader : undefined, entries: out, keyIdEntries };
}
