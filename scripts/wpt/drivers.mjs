// testdriver's WebAuthn actions for one page, per backend:
//   chromium: Chromium's own virtual authenticator through the DevTools WebAuthn domain (no vfido at all),
//   cdp / shim: vfido's attachAuthenticator(page, { backend, preset }) with the preset closest to the
//   test's authenticator configuration.
import { attachAuthenticator } from '@vfido/playwright';
import { getPreset } from '@vfido/core';
import { TESTDRIVER_ACTIONS, cdpOptionsFor, cdpToWebdriverCredential, presetFor, webdriverToCdpCredential } from './mapping.mjs';

/** The testdriver actions both drivers implement as methods (click is served by the binding itself). */
const DRIVER_ACTIONS = Object.keys(TESTDRIVER_ACTIONS).filter((a) => a !== 'click');

/** Raised for an action a backend cannot serve; the page sees `error: <message>`. */
class DriverError extends Error {}

/** Chromium's own authenticator, as chromedriver drives it for WebDriver's virtual authenticator commands. */
class ChromiumDriver {
  #page;
  #session;
  constructor(page) {
    this.#page = page;
  }
  async #cdp(method, params) {
    if (!this.#session) {
      this.#session = await this.#page.context().newCDPSession(this.#page);
      await this.#session.send('WebAuthn.enable', { enableUI: false });
    }
    return this.#session.send(method, params);
  }
  async add_virtual_authenticator(config) {
    const { authenticatorId } = await this.#cdp('WebAuthn.addVirtualAuthenticator', { options: cdpOptionsFor(config) });
    return authenticatorId;
  }
  async remove_virtual_authenticator(authenticatorId) {
    await this.#cdp('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  }
  async add_credential(authenticatorId, credential) {
    await this.#cdp('WebAuthn.addCredential', { authenticatorId, credential: webdriverToCdpCredential(credential) });
  }
  async get_credentials(authenticatorId) {
    const { credentials } = await this.#cdp('WebAuthn.getCredentials', { authenticatorId });
    return credentials.map(cdpToWebdriverCredential);
  }
  async remove_credential(authenticatorId, credentialId) {
    await this.#cdp('WebAuthn.removeCredential', { authenticatorId, credentialId: Buffer.from(credentialId, 'base64url').toString('base64') });
  }
  async remove_all_credentials(authenticatorId) {
    await this.#cdp('WebAuthn.clearCredentials', { authenticatorId });
  }
  async set_user_verified(authenticatorId, uv) {
    await this.#cdp('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: uv?.isUserVerified === true });
  }
  async close() {
    await this.#session?.detach().catch(() => undefined);
  }
}

/**
 * The shim installs an init script once per document; testdriver adds authenticators while the document
 * runs. So the runner attaches an idle vfido authenticator before the page loads (it refuses every
 * ceremony at once: "no authenticator") and routes the shim's binding to the newest authenticator the test
 * added. Each add_virtual_authenticator is still a separate attachAuthenticator(page, ...) with its own
 * preset, store and client; only its binding is reached through the first attachment's page script, and
 * the page-side statics (isUserVerifyingPlatformAuthenticatorAvailable, getClientCapabilities) keep the
 * idle (generic) preset's answers.
 */
class ShimRouter {
  #page;
  #installed = false;
  #bindingName;
  #lastCallback;
  #lastKey;
  /** route ({ callback, key }) of the handle that answers now */
  active;
  idle;
  constructor(page) {
    this.#page = page;
  }
  /** A Page stand-in for attachAuthenticator: the real page, with the init script and binding installed once. */
  target() {
    const page = this.#page;
    return {
      mainFrame: () => page.mainFrame(),
      frames: () => page.frames(),
      // The page's events, so the shim ends a document's pending request when the document goes.
      on: (event, fn) => page.on(event, fn),
      once: (event, fn) => page.once(event, fn),
      off: (event, fn) => page.off(event, fn),
      // No browser(): the shim then skips its CDP channel (a CDP session needs the real Page) and serves
      // through the Playwright binding, which this router multiplexes.
      context: () => ({ browser: () => null }),
      addInitScript: async (script) => {
        // Every attachment's page script carries its own channel key; only the first script is installed,
        // so the router rewrites the key of each message to the key of the attachment it forwards to.
        const content = typeof script === 'string' ? script : script.content;
        const key = /"key":"([A-Za-z0-9_-]+)"/.exec(content ?? '')?.[1];
        if (key) this.#lastKey = key; // (the guard script that follows carries none)
        if (this.#installed) return { dispose: async () => undefined };
        this.#installed = true;
        return page.addInitScript(script);
      },
      exposeBinding: async (name, callback) => {
        this.#lastCallback = callback;
        if (this.#bindingName) return;
        this.#bindingName = name;
        await page.exposeBinding(name, (source, raw) => {
          const to = this.active ?? this.idle;
          if (typeof raw !== 'string' || !to.key) return to.callback(source, raw);
          const message = JSON.parse(raw);
          message.key = to.key;
          return to.callback(source, JSON.stringify(message));
        });
      },
    };
  }
  /** The binding callback the last attachAuthenticator call registered. */
  takeCallback() {
    const route = { callback: this.#lastCallback, key: this.#lastKey };
    this.#lastCallback = undefined;
    this.#lastKey = undefined;
    return route;
  }
}

/** vfido through attachAuthenticator, `cdp` or `shim` backend. */
class VfidoDriver {
  #page;
  #backend;
  #generic = getPreset('generic');
  #handles = new Map();
  #router;
  #next = 0;
  #idle;
  constructor(page, backend) {
    this.#page = page;
    this.#backend = backend;
  }
  /** Before navigation: the shim's idle attachment (see ShimRouter). */
  async prepare() {
    if (this.#backend !== 'shim') return;
    this.#router = new ShimRouter(this.#page);
    const idle = await attachAuthenticator(this.#router.target(), { backend: 'shim', preset: this.#generic });
    await idle.setUserPresent(false);
    this.#router.idle = this.#router.takeCallback();
    this.#idle = idle;
  }
  #handle(id) {
    const entry = this.#handles.get(id);
    if (!entry) throw new DriverError(`no virtual authenticator ${id}`);
    return entry.handle;
  }
  async add_virtual_authenticator(config) {
    const preset = presetFor(config, this.#generic);
    const target = this.#backend === 'shim' ? this.#router.target() : this.#page;
    const handle = await attachAuthenticator(target, { backend: this.#backend, preset });
    // WebDriver defaults: isUserVerified false, isUserConsenting true (WebAuthn L3 11.3).
    await handle.setUserVerified(config.isUserVerified === true);
    if (config.isUserConsenting === false) await handle.setUserPresent(false);
    // Chromium's authenticator with hasMinPinLength reports minPinLength to every RP; a real key (and vfido)
    // only to the RP IDs its platform named with authenticatorConfig setMinPINLength (CTAP 2.1 6.11.4, 12.4):
    // name the test page's RP ID, as a platform configured for the test would.
    if (preset.getInfo.extensions.includes('minPinLength')) handle.authenticator.setMinPinLength({ rpIds: [new URL(this.#page.url()).hostname] });
    const id = `vfido-${this.#backend}-${++this.#next}`;
    const entry = { handle, callback: this.#backend === 'shim' ? this.#router.takeCallback() : undefined };
    this.#handles.set(id, entry);
    if (entry.callback) this.#router.active = entry.callback;
    return id;
  }
  async remove_virtual_authenticator(id) {
    const entry = this.#handles.get(id);
    if (!entry) throw new DriverError(`no virtual authenticator ${id}`);
    this.#handles.delete(id);
    await entry.handle.detach();
    if (this.#router && this.#router.active === entry.callback) {
      const newest = [...this.#handles.values()].pop();
      this.#router.active = newest?.callback;
    }
  }
  async add_credential(id, credential) {
    const cdp = webdriverToCdpCredential(credential);
    await this.#handle(id).addCredential(cdp, cdp.rpId);
  }
  async get_credentials(id) {
    return this.#handle(id).exportCredentials('cdp').map(cdpToWebdriverCredential);
  }
  async remove_credential(id, credentialId) {
    const existed = await this.#handle(id).removeCredential(String(credentialId));
    if (!existed) throw new DriverError(`credential ${credentialId} not found`);
  }
  async remove_all_credentials(id) {
    const handle = this.#handle(id);
    for (const c of handle.credentials()) await handle.removeCredential(c.id);
  }
  async set_user_verified(id, uv) {
    await this.#handle(id).setUserVerified(uv?.isUserVerified === true);
  }
  async close() {
    for (const { handle } of this.#handles.values()) await handle.detach().catch(() => undefined);
    this.#handles.clear();
    await this.#idle?.detach().catch(() => undefined);
  }
}

/**
 * The driver of one page for `backend`, with the `__wpt_driver` binding installed. Call before navigating.
 * @param {import('playwright-core').Page} page
 * @param {'chromium' | 'cdp' | 'shim'} backend
 * @param {string} bindingName
 * @param {(line: string) => void} log - driver calls, for --verbose
 */
export async function installDriver(page, backend, bindingName, log) {
  const driver = backend === 'chromium' ? new ChromiumDriver(page) : new VfidoDriver(page, backend);
  if (driver.prepare) await driver.prepare();
  const calls = [];
  await page.exposeBinding(bindingName, async (source, action, argsJson) => {
    let args;
    try {
      args = JSON.parse(String(argsJson));
      if (!Array.isArray(args)) throw new TypeError('arguments are not an array');
    } catch (error) {
      return JSON.stringify({ ok: false, error: `error: bad arguments for ${action}: ${error.message}` });
    }
    const record = { action: String(action), ok: true };
    calls.push(record);
    try {
      if (action === 'click') {
        // testdriver gives coordinates in the calling frame's viewport; the mouse works in the page's.
        const [coords] = args;
        let x = Number(coords?.x);
        let y = Number(coords?.y);
        for (let frame = source.frame; frame.parentFrame(); frame = frame.parentFrame()) {
          const box = await (await frame.frameElement()).boundingBox();
          x += box?.x ?? 0;
          y += box?.y ?? 0;
        }
        await page.mouse.click(x, y);
        log(`  ${backend} click at ${x},${y}`);
        return JSON.stringify({ ok: true, value: null });
      }
      if (action === 'set_permission') throw new DriverError('set_permission is not implemented by this runner');
      if (!DRIVER_ACTIONS.includes(action)) throw new DriverError(`Action ${action} not implemented`);
      const value = await driver[action](...args);
      log(`  ${backend} ${action} -> ${JSON.stringify(value ?? null).slice(0, 80)}`);
      return JSON.stringify({ ok: true, value: value ?? null });
    } catch (error) {
      record.ok = false;
      record.error = String(error?.message ?? error);
      log(`  ${backend} ${action} failed: ${record.error}`);
      return JSON.stringify({ ok: false, error: `error: ${record.error}` });
    }
  });
  return { driver, calls };
}
