/**
 * Entry point: put a vfido virtual authenticator into a Playwright context or page, through an init-script
 * shim (any browser) or Chromium's DevTools WebAuthn domain.
 * @module
 */
import type { BrowserContext, Page } from 'playwright-core';
import { VirtualAuthenticator } from '@vfido/core';
import { BridgeError, VfidoHandle } from '@vfido/bridge';
import { cdpAuthenticatorOptions } from './cdp/cdpAuthenticatorOptions.js';
import { cdpApproximations, describeApproximations, type CdpApproximation } from './cdp/cdpApproximations.js';
import { CdpBackend } from './cdp/cdpBackend.js';
import { chooseBackend } from './chooseBackend.js';
import { ShimBackend } from './shim/shimBackend.js';
import type { AssertedEvent, AttachOptions, Backend, RegisteredEvent } from './types.js';

function isPage(target: BrowserContext | Page): target is Page {
  return typeof (target as Page).mainFrame === 'function';
}

/**
 * Attach a vfido authenticator. Attach before the page first touches `navigator.credentials`
 * (the shim is an init script: documents already loaded are not changed).
 * @param target - a BrowserContext (every page, present and future) or one Page
 * @param options - preset, backend, seed, store
 * @example
 * const vfido = await attachAuthenticator(context, { preset: 'yubikey-5-nfc' });
 * vfido.on('registered', (e) => console.log(e.credentialId));
 * @throws BridgeError `ERR_BACKEND_UNSUPPORTED` (cdp outside Chromium), `ERR_TARGET_INVALID`,
 *   `ERR_PRESET_APPROXIMATED` (cdp cannot be the preset and `allowApproximation` is false);
 *   PresetError `ERR_UNKNOWN_PRESET`
 */
export async function attachAuthenticator(target: BrowserContext | Page, options: AttachOptions = {}): Promise<VfidoHandle> {
  if (typeof target !== 'object' || target === null || typeof target.addInitScript !== 'function') {
    throw new BridgeError('ERR_TARGET_INVALID', 'attachAuthenticator needs a Playwright BrowserContext or Page');
  }
  const authenticator = new VirtualAuthenticator({
    ...(options.preset !== undefined && { preset: options.preset }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.store !== undefined && { store: options.store }),
  });
  const context = isPage(target) ? target.context() : target;
  const browserName = context.browser()?.browserType().name();
  const name = chooseBackend(options.backend ?? 'auto', authenticator.preset, browserName, options.requireAaguid ?? true);
  let approximations: CdpApproximation[] = [];
  if (name === 'cdp') {
    const preset = authenticator.preset;
    approximations = cdpApproximations(preset, cdpAuthenticatorOptions(preset, { verified: true, present: true }));
    if (approximations.length > 0 && options.allowApproximation === false) {
      throw new BridgeError('ERR_PRESET_APPROXIMATED', `${describeApproximations(preset, approximations)}`);
    }
    if (approximations.length > 0 && options.allowApproximation === undefined) console.warn(describeApproximations(preset, approximations));
  }
  let handle: VfidoHandle | undefined;
  const events = {
    registered: (e: RegisteredEvent) => handle?.emit('registered', e),
    asserted: (e: AssertedEvent) => handle?.emit('asserted', e),
  };
  const backend: Backend = name === 'cdp' ? await CdpBackend.attach(target, authenticator, events) : await ShimBackend.attach(target, authenticator, events, options.conditional);
  handle = new VfidoHandle(authenticator, backend, approximations);
  return handle;
}
