/** Conditional mediation (WebAuthn L3 5.1.4, passkey autofill) next to modal requests. */
import type { DiffCase } from '../case.js';

export const conditionalCases: DiffCase[] = [
  {
    name: 'conditional get resolves through the user\'s pick',
    fresh: true,
    run: async (t, page) => {
      await page.evaluate(`D.cred().then(() => { window.__cond = D.settle(async () => D.summary(await navigator.credentials.get({ ...D.gc(), mediation: 'conditional' }))); })`);
      await page.waitForFunction('window.__cond !== undefined');
      for (let i = 0; i < 50; i++) {
        await t.completeConditional();
        if ((await page.evaluate(`D.within(window.__cond, 20)`)) !== 'pending') break;
      }
      return page.evaluate(`window.__cond`);
    },
  },
  {
    name: 'a modal get after a conditional get the user answered',
    fresh: true,
    run: async (t, page) => {
      await page.evaluate(`D.cred().then((c) => { window.__c = c; window.__cond = navigator.credentials.get({ ...D.gc(), mediation: 'conditional' }).then((x) => x.type, (e) => D.errorOf(e)); })`);
      await page.waitForFunction('window.__cond !== undefined');
      await t.completeConditional();
      return page.evaluate(`(async () => ({ cond: await D.within(window.__cond, 5000), modal: await D.get(null, [window.__c.rawId]).then((r) => r.ok ? r.value.type : r) }))()`);
    },
  },
  {
    name: 'conditional get with allowCredentials, answered',
    fresh: true,
    run: async (t, page) => {
      await page.evaluate(`D.cred().then((c) => { window.__cond = navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'conditional' }).then((x) => D.summary(x), (e) => D.errorOf(e)); })`);
      await page.waitForFunction('window.__cond !== undefined');
      await t.completeConditional();
      return page.evaluate('D.within(window.__cond, 5000)');
    },
  },
  { name: 'mediation with an unknown value', page: `const c = await D.cred(); return D.settle(async () => (await navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'bogus' })).type);` },
  { name: 'mediation silent', page: `const c = await D.cred(); return D.within(navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'silent' }).then((x) => x && x.type, (e) => D.errorOf(e)), 3000);` },
];
