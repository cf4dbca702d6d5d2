/**
 * @vfido/bridge: the driver-neutral core of vfido's browser bridge. The handle every driver returns
 * ({@link VfidoHandle}: store, simulated user, events), its errors and event types. Drivers live in their own
 * packages or subpaths (`@vfido/playwright`, ...); `@vfido/bridge/driver` is the kit they are built from.
 * @module
 */
export { VfidoHandle, type ExportFormats, type ImportableCredential } from './vfidoHandle.js';
export { BridgeError, type BridgeErrorCode } from './bridgeError.js';
export type { AssertedEvent, Backend, BackendApproximation, BackendName, ConditionalChoice, RegisteredEvent, VfidoEvents } from './types.js';
