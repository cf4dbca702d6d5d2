/**
 * Test-only: small edits rows share (client data members, flags, credential id).
 * @module
 */
import { Flag, type AuthDataParts } from '../authData.js';

/** A draft of either ceremony: the members these edits touch. */
interface Draft {
  credential: Record<string, unknown>;
  clientDataJSON: Uint8Array;
  authData: AuthDataParts;
}

const utf8 = new TextEncoder();

/** Parses clientDataJSON, lets `edit` change the object, and serializes it again (JSON.stringify, key order kept). */
export function editClientData(d: Draft, edit: (c: Record<string, unknown>) => void): void {
  const c = JSON.parse(Buffer.from(d.clientDataJSON).toString('utf8')) as Record<string, unknown>;
  edit(c);
  d.clientDataJSON = utf8.encode(JSON.stringify(c));
}

/** Replaces clientDataJSON with these exact bytes (or UTF-8 text). */
export function setClientDataBytes(d: Draft, bytes: Uint8Array | string): void {
  d.clientDataJSON = typeof bytes === 'string' ? utf8.encode(bytes) : bytes;
}

/** Sets or clears flag bits. */
export function setFlag(d: Draft, bits: number, on: boolean): void {
  d.authData.flags = on ? d.authData.flags | bits : d.authData.flags & ~bits;
}

/** Sets the credential id in the authenticator data and in the JSON `id`/`rawId`, consistently. */
export function setCredentialId(d: Draft, id: Uint8Array): void {
  const a = d.authData.attested;
  if (a) a.credentialId = id;
  const text = Buffer.from(id).toString('base64url');
  d.credential.id = text;
  d.credential.rawId = text;
}

export { Flag };
