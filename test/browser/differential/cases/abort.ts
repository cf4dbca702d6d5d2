/** AbortSignal: an aborted signal rejects with signal.reason, before and during the ceremony (WebAuthn L3 5.6, DOM 3.3). */
import type { DiffCase } from '../case.js';

const ERR = `const reason = new Error('stop'); const c = new AbortController();`;
const check = `const r = await D.settle(() => p); return { same: r.ok === false && caught === reason, outcome: r.ok ? 'resolved' : r };`;
const catching = (call: string) => `let caught; const p = ${call}.catch((e) => { caught = e; throw e; });`;

export const abortCases: DiffCase[] = [
  { name: 'create: signal aborted before, custom reason', page: `${ERR} c.abort(reason); const o = D.cc(); o.signal = c.signal; ${catching('navigator.credentials.create(o)')} ${check}` },
  { name: 'get: signal aborted before, custom reason', page: `${ERR} c.abort(reason); const o = D.gc(); o.signal = c.signal; ${catching('navigator.credentials.get(o)')} ${check}` },
  { name: 'create: signal aborted before, default reason', page: `const c = new AbortController(); c.abort(); const o = D.cc(); o.signal = c.signal; return D.settle(() => navigator.credentials.create(o));` },
  { name: 'get: signal aborted before, a string reason', page: `const c = new AbortController(); c.abort('why'); const o = D.gc(); o.signal = c.signal; return D.settle(() => navigator.credentials.get(o));` },
  // 'create: aborted during the ceremony' (abort() right after create()) is not here: Chromium's own answer races
  // its virtual authenticator (resolved in one run, rejected with the reason in another), so it is no oracle.
  // Abort while a ceremony is pending is covered by the 'before' cases above and test/browser/shim.test.ts.
  { name: 'get: signal aborted before with a TimeoutError', page: `const o = D.gc(); o.signal = AbortSignal.timeout(0); await new Promise((r) => setTimeout(r, 20)); return D.settle(() => navigator.credentials.get(o));` },
  { name: 'create: signal that is not an AbortSignal', page: `const o = D.cc(); o.signal = {}; return D.settle(() => navigator.credentials.create(o));` },
  { name: 'get: signal aborted before, reason is undefined', page: `const c = new AbortController(); c.abort(undefined); const o = D.gc(); o.signal = c.signal; return D.settle(() => navigator.credentials.get(o));` },
  { name: 'create: aborted with a TimeoutError signal', page: `const o = D.cc(); o.signal = AbortSignal.abort(new DOMException('late', 'TimeoutError')); return D.settle(() => navigator.credentials.create(o));` },
  { name: 'create: aborted signal and invalid options: the TypeError wins', page: `const c = new AbortController(); c.abort(); const o = D.cc(); delete o.publicKey.challenge; o.signal = c.signal; return D.settle(() => navigator.credentials.create(o));` },
  { name: 'create: abort after completion changes nothing', page: `const c = new AbortController(); const o = D.cc(); o.signal = c.signal; const cr = await navigator.credentials.create(o); c.abort(); return D.summary(cr).type;` },
];
