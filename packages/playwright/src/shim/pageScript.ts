/**
 * The init script the `shim` backend puts into every frame: it replaces `navigator.credentials.create/get`
 * for `publicKey` requests and the `PublicKeyCredential` statics (WebAuthn L3 5.1.3, 5.1.4, 5.1.6, 5.1.7,
 * 5.1.8, 5.1.9), converts options to their JSON form (WebAuthn L3 5.4 / 5.5 `*JSON`), sends them to Node
 * through a Playwright binding, and turns the JSON answer back into objects that behave like the browser's own.
 *
 * The script is plain JavaScript in a string: it runs in the page, where Node types do not apply. It never
 * decides the origin; Node reads it from the calling frame. The WebAuthn surface the page sees is assembled from
 * the fragments in `./page/` (intrinsics, bytes, WebIDL, the WebAuthn dictionaries, credential objects,
 * ceremonies, statics); this file keeps the channel (`call`) and the install guard.
 * @module
 */

import { INTRINSICS } from './page/intrinsics.js';
import { BYTES } from './page/bytes.js';
import { WEBIDL } from './page/webidl.js';
import { WEBAUTHN_IDL } from './page/webauthnIdl.js';
import { CREDENTIAL_OBJECTS } from './page/credentialObjects.js';
import { CEREMONIES } from './page/ceremonies.js';
import { STATICS } from './page/statics.js';

/** Facts about the emulated authenticator the page-side statics answer with. */
export interface PageShimConfig {
  /** Name of the Playwright binding the script calls. */
  binding: string;
  /** PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(). */
  uvpa: boolean;
  /** PublicKeyCredential.getClientCapabilities(). */
  capabilities: Record<string, boolean>;
}

const SCRIPT = String.raw`
(() => {
  const CONFIG = __VFIDO_CONFIG__;
  const MARK = Symbol.for('vfido.shim');
  if (typeof window === 'undefined' || window[MARK]) return;
  const container = typeof navigator !== 'undefined' ? navigator.credentials : undefined;
  const PKC = window.PublicKeyCredential;
  if (!container || !PKC) return; // insecure context: WebAuthn is not exposed at all
  Object.defineProperty(window, MARK, { value: true });
  const CCProto = Object.getPrototypeOf(container);
  const original = { create: CCProto.create, get: CCProto.get };
  const AttResp = window.AuthenticatorAttestationResponse;
  const AssResp = window.AuthenticatorAssertionResponse;
  // Messages travel as JSON text both ways (cheaper through Playwright's serializer than nested objects).
  const { stringify, parse } = JSON;
  const call = async (message) => {
    const binding = window[CONFIG.binding];
    if (typeof binding !== 'function') return { passthrough: true };
    const answer = await binding(stringify(message));
    return typeof answer === 'string' ? parse(answer) : answer;
  };

  // ---- the WebAuthn surface the page sees (shim/page/*.ts, in dependency order)
${INTRINSICS}
${BYTES}
${WEBIDL}
${WEBAUTHN_IDL}
${CREDENTIAL_OBJECTS}
${CEREMONIES}
${STATICS}
})();
`;

/**
 * The init-script source for one attachment.
 * @param config - binding name and the authenticator facts the statics report
 */
export function pageScript(config: PageShimConfig): string {
  return SCRIPT.replace('__VFIDO_CONFIG__', () => JSON.stringify(config));
}
