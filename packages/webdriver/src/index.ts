/**
 * @vfido/webdriver: a vfido virtual FIDO2/WebAuthn authenticator in any browser that speaks WebDriver BiDi
 * (Chromium through chromedriver, Firefox), from selenium-webdriver, WebdriverIO or a raw BiDi WebSocket. Returns
 * the same {@link VfidoHandle} as every vfido driver.
 * @module
 */
export { attachAuthenticator, type AttachOptions, type BidiTarget, type SeleniumDriverLike } from './attachAuthenticator.js';
export type { BidiScope } from './bidiBackend.js';
export { detectEngine, type BrowserEngine } from './browserEngine.js';
export { connectBidi, BidiConnection } from './connectBidi.js';
export { isBidiTransport, type BidiTransport, type BidiEventParams } from './bidiTransport.js';
export { webdriverioTransport, isWebdriverioBrowser, type WebdriverioBrowserLike } from './webdriverioTransport.js';
export { BidiError, type BidiErrorCode } from './bidiError.js';
export { VfidoHandle, BridgeError } from '@vfido/bridge';
export type { AssertedEvent, ConditionalChoice, RegisteredEvent, VfidoEvents } from '@vfido/bridge';
