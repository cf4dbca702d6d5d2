/**
 * Ceremony inputs shared by `vfido create`, `get` and `verify`: origin and RP ID checks,
 * challenges, and options JSON (WebAuthn L3 5.4 / 5.5).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { usage } from './errors.js';

/**
 * Check `--origin` and derive the RP ID from its host when `--rp-id` is absent.
 * @throws CliError `ERR_BAD_ORIGIN`
 */
export function originAndRpId(origin: string, rpId: string | undefined): { origin: string; rpId: string } {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw usage('ERR_BAD_ORIGIN', `--origin '${origin}' is not a URL`, 'pass the page origin, e.g. https://login.example.com');
  }
  if (url.origin === 'null' || url.origin !== origin.replace(/\/$/, '')) {
    throw usage('ERR_BAD_ORIGIN', `--origin '${origin}' is not an origin (scheme://host[:port] only)`, `pass ${url.origin === 'null' ? 'https://<host>' : url.origin}`);
  }
  return { origin: url.origin, rpId: rpId ?? url.hostname };
}

/** A fresh random 32-byte challenge, base64url. */
export function randomChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** The `publicKey` member of `{ publicKey: {...} }`, or the object itself. */
export function unwrapPublicKey(value: Record<string, unknown>): Record<string, unknown> {
  const inner = value['publicKey'];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) && 'challenge' in inner ? (inner as Record<string, unknown>) : value;
}
