/**
 * Transient user activation (WebAuthn L3 5.1.3 step 2): create() in a frame that is not same-origin with its
 * ancestors needs it and uses it up, at the call; get() neither needs nor uses it; same-origin frames and
 * top-level documents keep it.
 */
import type { Frame, Page } from 'playwright-core';
import type { DiffCase } from '../case.js';
import type { Target } from '../targets.js';

/** In the frame, after a click: activation before, right after the call, after it settled, and the outcome. */
const CALL = (call: string) => `(async () => {
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  const before = navigator.userActivation.isActive;
  const p = ${call};
  const sync = navigator.userActivation.isActive;
  let outcome; try { await p; outcome = 'ok'; } catch (e) { outcome = e.name; }
  return { before, sync, after: navigator.userActivation.isActive, outcome };
})()`;
const CREATE = CALL(`navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(8), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } })`);
const CREATE_THEN_GET = CALL(`navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(8), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } })
  .then((c) => navigator.credentials.get({ publicKey: { challenge: rnd(16), allowCredentials: [{ type: 'public-key', id: c.rawId }] } }))`);
const GET = CALL(`navigator.credentials.get({ publicKey: { challenge: rnd(16), timeout: 2000 } })`);

/** Open the embedding page with a frame on `host` (the site's own host or another site), click in the frame, run `script`. */
const inFrame = (name: string, host: 'localhost' | 'a.localhost' | 'top', script: string): DiffCase => ({
  name,
  fresh: true,
  // The case's own page (a new document with its own authenticator) loads the embedding page.
  run: async (_t: Target, page: Page) => {
    const origin = new URL(page.url()).origin;
    const src = `${origin.replace('localhost', host)}/`;
    await page.goto(`${origin}${host === 'top' ? '/' : `/embed?allow=${encodeURIComponent('publickey-credentials-create; publickey-credentials-get')}&src=${encodeURIComponent(src)}`}`);
    const frame: Frame = host === 'top' ? page.mainFrame() : page.frames().find((f) => f !== page.mainFrame())!;
    await frame.waitForLoadState();
    await frame.locator('body').click();
    return await frame.evaluate(script);
  },
});

export const activationCases: DiffCase[] = [
  inFrame('create() in a cross-origin iframe uses the activation up', 'a.localhost', CREATE),
  inFrame('get() in a cross-origin iframe keeps the activation', 'a.localhost', GET),
  inFrame('get() in a cross-origin iframe after create() used the activation up: none comes back', 'a.localhost', CREATE_THEN_GET),
  inFrame('create() in a same-origin iframe keeps the activation', 'localhost', CREATE),
  inFrame('create() in a top-level document keeps the activation', 'top', CREATE),
];
