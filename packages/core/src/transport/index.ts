/**
 * Loopback transports for the virtual CTAPHID device.
 * @module
 */
export { serveCtapHid, type ServeCtapHidOptions, type ServedAuthenticator, type CtapHidServer, type CtapHidAddress } from './serveCtapHid.js';
export { TransportError, type TransportErrorCode } from './transportError.js';
