/**
 * Client-side errors named as browsers name their DOMExceptions (WebAuthn L3 5.1.3 / 5.1.4), and
 * the single table that maps CTAP status codes to them.
 * @module
 */
import { CtapStatus, ctapStatusName } from '../ctap2/status.js';

/** DOMException names the WebAuthn client can reject with (plus TypeError for malformed options; SyntaxError for prf.evalByCredential keys, WebAuthn L3 10.1.4). */
export type WebAuthnErrorName =
  | 'NotAllowedError'
  | 'InvalidStateError'
  | 'NotSupportedError'
  | 'SecurityError'
  | 'ConstraintError'
  | 'AbortError'
  | 'SyntaxError'
  | 'TypeError'
  | 'UnknownError';

/**
 * A ceremony rejection. `name` and `code` are the DOMException name a browser would use;
 * `ctapCode` names the authenticator status behind it, if any.
 */
export class WebAuthnError extends Error {
  /** Same as `name`: a stable code for tests, e.g. `NotAllowedError`. */
  readonly code: WebAuthnErrorName;
  /** The CTAP status name that caused it (e.g. `CTAP2_ERR_CREDENTIAL_EXCLUDED`). */
  readonly ctapCode: string | undefined;
  /**
   * @param name - DOMException name
   * @param message - what happened and what to change
   */
  constructor(name: WebAuthnErrorName, message: string, opts?: ErrorOptions & { ctapCode?: string }) {
    super(message, opts);
    this.name = name;
    this.code = name;
    this.ctapCode = opts?.ctapCode;
  }
}

/**
 * CTAP status -> DOMException name, as browsers map them (WebAuthn L3 5.1.3 step 21-22 and
 * 5.1.4.1: everything that could reveal credentials is NotAllowedError; only an excluded credential
 * surfaces as InvalidStateError).
 */
const CTAP_TO_DOM = new Map<number, WebAuthnErrorName>([
  [CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED, 'InvalidStateError'],
  [CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM, 'NotSupportedError'],
  [CtapStatus.CTAP2_ERR_KEY_STORE_FULL, 'ConstraintError'],
  [CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, 'ConstraintError'],
  [CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL, 'AbortError'],
]);

/** The DOMException-style error for a CTAP failure status. */
export function webAuthnErrorFromCtap(status: number, detail: string | undefined, ceremony: 'create' | 'get', cause?: unknown): WebAuthnError {
  const name = CTAP_TO_DOM.get(status) ?? 'NotAllowedError';
  const ctapCode = ctapStatusName(status);
  const what = ceremony === 'create' ? 'registration' : 'sign-in';
  return new WebAuthnError(name, `${what} failed: ${detail ?? ctapCode}`, { ctapCode, cause });
}
