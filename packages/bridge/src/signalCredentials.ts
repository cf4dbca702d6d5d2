/**
 * The WebAuthn Signal API on the vfido store (WebAuthn L3 5.1.10 signalUnknownCredential, 5.1.11
 * signalAllAcceptedCredentials, 5.1.12 signalCurrentUserDetails): the RP tells the client which of its
 * credentials are gone or what the user is now called, and the authenticator's store follows. The RP ID
 * is checked against the calling frame's origin first, as for a ceremony.
 * @module
 */
import { WebAuthnError, callerOrigin, checkRpId, type CredentialStore } from '@vfido/core';

/** One signal, as the page sends it (untrusted: validated by {@link parseSignal}). */
export type SignalRequest =
  | { kind: 'unknown'; rpId: string; credentialId: string }
  | { kind: 'allAccepted'; rpId: string; userId: string; allAcceptedCredentialIds: string[] }
  | { kind: 'currentUser'; rpId: string; userId: string; name: string; displayName: string };

const B64U = /^[A-Za-z0-9_-]*$/;
const str = (v: unknown): v is string => typeof v === 'string';
const b64u = (v: unknown): v is string => str(v) && B64U.test(v) && v.length % 4 !== 1;

/**
 * Validate a signal message from the page.
 * @returns the request, or undefined when it is malformed
 */
export function parseSignal(kind: unknown, options: unknown): SignalRequest | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const o = options as Record<string, unknown>;
  if (!str(o.rpId)) return undefined;
  if (kind === 'unknown' && b64u(o.credentialId)) return { kind, rpId: o.rpId, credentialId: o.credentialId };
  if (kind === 'allAccepted' && b64u(o.userId) && Array.isArray(o.allAcceptedCredentialIds) && o.allAcceptedCredentialIds.every(b64u)) {
    return { kind, rpId: o.rpId, userId: o.userId, allAcceptedCredentialIds: o.allAcceptedCredentialIds as string[] };
  }
  if (kind === 'currentUser' && b64u(o.userId) && str(o.name) && str(o.displayName)) return { kind, rpId: o.rpId, userId: o.userId, name: o.name, displayName: o.displayName };
  return undefined;
}

const sameBytes = (a: Uint8Array | undefined, b: Buffer): boolean => a !== undefined && Buffer.compare(Buffer.from(a), b) === 0;

/**
 * Apply a signal to the store for a caller.
 * @param origin - the calling frame's origin (from the browser, never from the page)
 * @returns how many credentials were removed or updated
 * @throws WebAuthnError SecurityError when the RP ID is not valid for the origin; NotAllowedError for an opaque origin
 */
export function applySignal(store: CredentialStore, origin: string, request: SignalRequest): number {
  // Chromium compares RP IDs as given: an upper-case RP ID is not the origin's domain.
  if (request.rpId !== request.rpId.toLowerCase()) throw new WebAuthnError('SecurityError', `rp id "${request.rpId}" is not a valid domain for ${origin}`);
  const rpId = checkRpId(request.rpId, callerOrigin(origin));
  const mine = store.list({ rpId });
  if (request.kind === 'unknown') {
    const id = Buffer.from(request.credentialId, 'base64url');
    const hit = mine.find((c) => sameBytes(c.id, id));
    return hit && store.delete(hit.id) ? 1 : 0;
  }
  const user = Buffer.from(request.userId, 'base64url');
  const theirs = mine.filter((c) => sameBytes(c.userHandle, user));
  if (request.kind === 'allAccepted') {
    const keep = new Set(request.allAcceptedCredentialIds.map((id) => Buffer.from(id, 'base64url').toString('base64url')));
    let removed = 0;
    for (const c of theirs) if (!keep.has(Buffer.from(c.id).toString('base64url')) && store.delete(c.id)) removed++;
    return removed;
  }
  for (const c of theirs) store.put({ ...c, userName: request.name, userDisplayName: request.displayName });
  return theirs.length;
}
