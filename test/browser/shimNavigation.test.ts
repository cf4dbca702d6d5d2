/**
 * A document that leaves while its create() is pending: in Chromium the old document's promise never
 * settles and the authenticator operation is cancelled, so no credential is made after the page left. The
 * shim must end the pending ceremony when the driver sees the document go (CDP execution context destroyed
 * for frames on the CDP channel; Playwright's frame events, with a timeOrigin check, for the others), not at
 * the next request. Chromium's own behaviour is measured here first, with its virtual authenticator waiting
 * for a touch (presence simulation off).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { presets } from '@vfido/core';
import { attachAuthenticator, type VfidoHandle } from '../../packages/playwright/src/index.js';
import { cdpAuthenticatorOptions } from '../../packages/playwright/src/cdp/cdpAuthenticatorOptions.js';
import { useBrowserAndSite } from './harness.js';

const env = useBrowserAndSite();

/** Start a create() in the frame and leave it pending (its outcome lands in window.__outcome). */
const START = `(() => {
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  window.__outcome = 'pending';
  navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(8), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } })
    .then(() => { window.__outcome = 'created'; }, (e) => { window.__outcome = e.name; });
})()`;
/** Register and return how it ended. */
const REGISTER = `(async () => { const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  try { await navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(8), name: 'b', displayName: 'B' }, challenge: rnd(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } }); return 'created'; } catch (e) { return e.name; } })()`;

/**
 * Hold the vfido client's first authenticatorGetInfo (the first command of a ceremony) until released: the
 * stand-in for a user who has not touched the key yet. Resolves `reached` when the ceremony is there, and
 * `ended` when the client ceremony is over (the scripted user's endClientCeremony).
 */
function holdFirstCeremony(vfido: VfidoHandle): { reached: Promise<void>; ended: Promise<void>; release(): void } {
  const authenticator = vfido.authenticator;
  const request = authenticator.request.bind(authenticator);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const reachedP = new Promise<void>((r) => (reached = r));
  let held = false;
  authenticator.request = async (bytes, options) => {
    if (!held && bytes[0] === 0x04) {
      held = true;
      reached();
      await gate;
    }
    return request(bytes, options);
  };
  const user = authenticator.user;
  const end = user.endClientCeremony.bind(user);
  let ended!: () => void;
  const endedP = new Promise<void>((r) => (ended = r));
  let first = true;
  user.endClientCeremony = () => {
    end();
    if (first) ended();
    first = false;
  };
  return { reached: reachedP, ended: endedP, release };
}

/** `p`, or 'still pending' when it has not settled while the page made `rounds` more round trips. */
async function settledWithin(page: Page, p: Promise<void>, rounds = 50): Promise<'ended' | 'still pending'> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < rounds && !done; i++) await page.evaluate('0');
  return done ? 'ended' : 'still pending';
}

async function shimPage(): Promise<{ context: BrowserContext; page: Page; vfido: VfidoHandle }> {
  const context = await env.browser.newContext();
  const vfido = await attachAuthenticator(context, { preset: 'generic', backend: 'shim', seed: 'navigation' });
  const page = await context.newPage();
  await page.goto(`${env.site.origin}/`);
  return { context, page, vfido };
}

describe('navigation ends a pending create()', () => {
  it("Chromium's own: the old document's request is cancelled, no credential is made after it left", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { ...cdpAuthenticatorOptions(presets.generic!, { verified: true, present: false }) } });
    await page.goto(`${env.site.origin}/`);
    await page.evaluate(START);
    await page.goto(`${env.site.origin}/?next`);
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true });
    expect(await page.evaluate(REGISTER)).toBe('created');
    // Only the new document's credential exists.
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
    await context.close();
  });

  it('shim, main frame (CDP channel): the ceremony ends when the document goes, before the user acts', async () => {
    const { context, page, vfido } = await shimPage();
    const held = holdFirstCeremony(vfido);
    const registered: string[] = [];
    vfido.on('registered', (e) => registered.push(e.rpId));
    await page.evaluate(START);
    await held.reached;
    await page.goto(`${env.site.origin}/?next`);
    expect(await settledWithin(page, held.ended)).toBe('ended');
    held.release();
    expect(await page.evaluate(REGISTER)).toBe('created');
    expect(registered).toEqual(['localhost']);
    expect(vfido.credentials()).toHaveLength(1);
    await context.close();
  });

  it('shim, a cross-site iframe (Playwright binding): a new document ends it, a same-document navigation does not', async () => {
    const { context, page, vfido } = await shimPage();
    // a.localhost is another site than localhost: an out-of-process frame the page's CDP session does not see.
    const src = `${env.site.origin.replace('localhost', 'a.localhost')}/`;
    await page.goto(`${env.site.origin}/embed?allow=publickey-credentials-create&src=${encodeURIComponent(src)}`);
    const frame = (): Frame => page.frames().find((f) => f !== page.mainFrame())!;
    await frame().waitForLoadState();
    const registered: string[] = [];
    vfido.on('registered', (e) => registered.push(e.rpId));

    // Same-document navigation (history API) while the ceremony waits: it goes on.
    let held = holdFirstCeremony(vfido);
    await frame().locator('body').click(); // create() in a cross-origin iframe needs transient activation
    await frame().evaluate(START);
    await held.reached;
    await frame().evaluate(`history.pushState(null, '', '/elsewhere')`);
    await page.waitForFunction(() => true);
    held.release();
    await frame().waitForFunction(`window.__outcome !== 'pending'`);
    expect(await frame().evaluate('window.__outcome')).toBe('created');
    expect(registered).toEqual(['a.localhost']);

    // A new document in the frame: the old one's ceremony ends before the user acts.
    held = holdFirstCeremony(vfido);
    await frame().locator('body').click();
    await frame().evaluate(START);
    await held.reached;
    await frame().goto(`${src}?next`);
    expect(await settledWithin(page, held.ended)).toBe('ended');
    held.release();
    await page.evaluate('0');
    expect(registered).toEqual(['a.localhost']);
    expect(vfido.credentials()).toHaveLength(1);
    await context.close();
  });
});
