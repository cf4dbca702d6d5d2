/**
 * @vfido/playwright: a vfido virtual authenticator inside a real browser page, through an init-script
 * shim (any browser) or Chromium's DevTools WebAuthn domain.
 * @module
 */
export { attachAuthenticator } from './attachAuthenticator.js';
export { VfidoHandle, BridgeError, type BridgeErrorCode, type ExportFormats, type ImportableCredential } from '@vfido/bridge';
export { chooseBackend } from './chooseBackend.js';
export { cdpAuthenticatorOptions, cdpProtocolOf, type CdpAuthenticatorOptions, type CdpCtap2Version, type CdpProtocol } from './cdp/cdpAuthenticatorOptions.js';
export { cdpApproximations, CHROMIUM_VIRTUAL_AAGUID, type CdpApproximation, type CdpApproximationCode } from './cdp/cdpApproximations.js';
export type { AttachOptions, BackendName, RegisteredEvent, AssertedEvent, VfidoEvents, ConditionalChoice } from './types.js';
