/**
 * @vfido/puppeteer: a vfido virtual authenticator inside a real browser page driven by Puppeteer: Chromium over
 * CDP, Firefox over WebDriver BiDi. Returns the same {@link VfidoHandle} as every vfido driver.
 * @module
 */
export { attachAuthenticator } from './attachAuthenticator.js';
export { VfidoHandle, BridgeError, type BridgeErrorCode, type ExportFormats, type ImportableCredential } from '@vfido/bridge';
export type { AttachOptions, AttachTarget, AssertedEvent, ConditionalChoice, RegisteredEvent, VfidoEvents } from './types.js';
