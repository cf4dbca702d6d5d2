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
    name: 'a modal get while a conditional get is pending',
    fresh: true,
    page: `const c = await D.cred(); const cond = navigator.credentials.get({ ...D.gc(), mediation: 'conditional' }).then(() => 'resolved', (e) => D.errorOf(e));
      await new Promise((r) => setTimeout(r, 100));
      const modal = await D.get(null, [c.rawId]);
      return { modal: modal.ok ? modal.value.type : modal, cond: await D.within(cond, 1000) };`,
  },
  {
    name: 'a second conditional get while one is pending',
    fresh: true,
    page: `await D.cred(); const first = navigator.credentials.get({ ...D.gc(), mediation: 'conditional' }).then(() => 'resolved', (e) => D.errorOf(e));
      await new Promise((r) => setTimeout(r, 100));
      const second = navigator.credentials.get({ ...D.gc(), mediation: 'conditional' }).then(() => 'resolved', (e) => D.errorOf(e));
      return { first: await D.within(first, 500), second: await D.within(second, 500) };`,
  },
  { name: 'conditional get with allowCredentials', fresh: true, page: `const c = await D.cred(); return D.within(navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'conditional' }).then((x) => x.type, (e) => D.errorOf(e)), 500);` },
  { name: 'mediation with an unknown value', page: `const c = await D.cred(); return D.settle(async () => (await navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'bogus' })).type);` },
  { name: 'mediation silent', page: `const c = await D.cred(); return D.within(navigator.credentials.get({ ...D.gc([c.rawId]), mediation: 'silent' }).then((x) => x && x.type, (e) => D.errorOf(e)), 3000);` },
];
