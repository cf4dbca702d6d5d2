/**
 * Origin and RP ID checks a browser makes before any ceremony (WebAuthn L3 5.1.3 steps 5-8,
 * 5.1.4.1 steps 6-9; HTML "is a registrable domain suffix of or is equal to").
 * @module
 */
import { parse } from 'tldts';
import { WebAuthnError } from './webAuthnError.js';

/** A parsed caller origin. */
export interface CallerOrigin {
  /** The serialized origin, e.g. `https://login.example.com`. */
  origin: string;
  /** Its effective domain (host). */
  effectiveDomain: string;
}

const isLocalhost = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/**
 * Parse and check the caller's origin: https, or http on localhost (a potentially trustworthy origin).
 * @throws WebAuthnError SecurityError for an opaque, insecure or IP-address origin
 */
export function callerOrigin(origin: string): CallerOrigin {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new WebAuthnError('SecurityError', `origin ${JSON.stringify(origin)} is not a valid URL origin such as https://login.example.com`);
  }
  if (url.origin === 'null') throw new WebAuthnError('NotAllowedError', `origin ${origin} is opaque`);
  const host = url.hostname;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalhost(host))) {
    throw new WebAuthnError('SecurityError', `origin ${url.origin} is not secure: use https (http is only allowed for localhost)`);
  }
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) {
    throw new WebAuthnError('SecurityError', `origin ${url.origin} uses an IP address, which is not a valid RP ID domain: use a host name`);
  }
  return { origin: url.origin, effectiveDomain: host };
}

/**
 * Check that `rpId` is the caller's effective domain or a registrable suffix of it (HTML "is a registrable
 * domain suffix of or is equal to", step 4: a parent must not be a public suffix). `localhost` counts as a
 * public suffix (it is a special-use TLD): `https://evil.localhost` may not claim rp id `localhost`. The
 * RP ID is compared as given, not lower-cased: Chromium refuses `LOCALHOST` on `localhost` (SecurityError).
 * @returns the RP ID to use (the effective domain when `rpId` is undefined)
 * @throws WebAuthnError SecurityError when the RP ID does not fit the origin
 */
export function checkRpId(rpId: string | undefined, caller: CallerOrigin): string {
  if (rpId === undefined) return caller.effectiveDomain;
  const domain = caller.effectiveDomain;
  if (rpId === domain) return rpId;
  if (!domain.endsWith('.' + rpId)) {
    throw new WebAuthnError('SecurityError', `rp id "${rpId}" is not ${domain} or a parent domain of it; set rp.id to ${domain} or one of its registrable parents (lower-case, as the origin spells it)`);
  }
  const info = parse(rpId, { allowPrivateDomains: true });
  if (!info.domain || info.publicSuffix === rpId) {
    throw new WebAuthnError('SecurityError', `rp id "${rpId}" is a public suffix; use a registrable domain such as ${info.domain ?? domain}`);
  }
  return rpId;
}
