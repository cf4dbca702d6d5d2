import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '@vfido/core';
import { parseRequest, ShimSession, type CallerFacts } from './shimSession.js';
import { FIREFOX_DIALECT } from './browserDialect.js';

const facts = (over: Partial<CallerFacts> = {}): (() => Promise<CallerFacts>) => async () => ({
  origin: 'https://rp.example',
  topOrigin: 'https://rp.example',
  crossOrigin: false,
  policy: true,
  policyNote: 'test',
  ...over,
});

const creation = { rp: { name: 'x' }, user: { id: 'AQID', name: 'a', displayName: 'a' }, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };

function session(): ShimSession {
  return new ShimSession(new VirtualAuthenticator({ preset: 'generic', seed: 'session' }), { registered: () => undefined, asserted: () => undefined });
}

describe('parseRequest: page data never throws', () => {
  it.each(['null', 'undefined', '', '{', '[]', '"x"', '42', '{"op":"create"}', '{"op":"delete","id":"1"}', `{"op":"get","id":"${'x'.repeat(100)}"}`])('%s is not a request', (raw) => {
    expect(parseRequest(raw)).toBeUndefined();
  });
  it.each([null, undefined, 42, [], {}, { op: 'create', id: 1 }])('%o is not a request', (raw) => {
    expect(parseRequest(raw)).toBeUndefined();
  });
  it('keeps the realm report only when well formed', () => {
    const r = parseRequest(JSON.stringify({ op: 'get', id: '1', key: 'k', realm: { origin: 'null', ancestorOrigins: 'https://a.example https://b.example', policy: { create: true, get: 'yes' }, activation: 1 } }));
    expect(r).toEqual({ op: 'get', id: '1', options: undefined, key: 'k', realm: { origin: 'null', ancestorOrigins: ['https://a.example', 'https://b.example'] } });
    expect(parseRequest({ op: 'get', id: '1', realm: { origin: 7 } })?.realm).toBeUndefined();
  });
});

describe('ShimSession: refusals as Chromium answers them', () => {
  const scope = () => ({ frame: {}, realm: 'r', page: {} });
  const request = (op: 'create' | 'get', extra: object = {}) => parseRequest({ op, id: String(Math.random()), options: op === 'create' ? creation : { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' }, ...extra })!;

  it('opaque origin, disabled feature, cross-origin create without activation -> NotAllowedError', async () => {
    const s = session();
    expect(await s.answer(request('create'), facts({ origin: 'null' }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(await s.answer(request('get'), facts({ policy: false }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError' });
    const cross = { crossOrigin: true, topOrigin: 'https://top.example' };
    expect(await s.answer(request('create'), facts({ ...cross, activation: false }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError', message: expect.stringContaining('user activation') });
    expect(await s.answer(request('create'), facts({ ...cross, activation: true }), scope())).toMatchObject({ ok: true });
    expect(await s.answer(request('create'), async () => ({ refused: 'mismatch' }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError' });
  });

  it("in Firefox's dialect the policy check comes first, then an opaque origin is SecurityError (Firefox 153 ESR's own answers)", async () => {
    const s = new ShimSession(new VirtualAuthenticator({ preset: 'generic', seed: 'session' }), { registered: () => undefined, asserted: () => undefined }, 'manual', FIREFOX_DIALECT);
    expect(await s.answer(request('create'), facts({ origin: 'null' }), scope())).toEqual({ ok: false, name: 'SecurityError', message: 'The operation is insecure.' });
    expect(await s.answer(request('get'), facts({ origin: 'null', policy: false }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError', message: expect.stringContaining('publickey-credentials-get') });
    expect(await s.answer(request('get'), facts({ policy: false }), scope())).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(await s.answer(request('create'), facts({}), scope())).toMatchObject({ ok: true });
  });

  it('a second modal request in the same frame is OperationError; another frame is served', async () => {
    const s = session();
    const frame = {};
    const page = {};
    const first = s.answer(request('create'), facts(), { frame, realm: 'r', page });
    expect(await s.answer(request('create'), facts(), { frame, realm: 'r', page })).toEqual({ ok: false, name: 'OperationError', message: 'A request is already pending.' });
    expect(await s.answer(request('create'), facts(), { frame: {}, realm: 'r', page })).toMatchObject({ ok: true });
    expect(await first).toMatchObject({ ok: true });
  });

  it('a conditional create stays pending until aborted; close ends what is pending', async () => {
    const s = session();
    const frame = {};
    const r = request('create', { mediation: 'conditional' });
    let settled = false;
    const pending = s.answer(r, facts(), { frame, realm: 'r', page: {} }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    expect(await s.answer({ op: 'abort', id: r.id }, facts(), { frame, realm: 'r', page: {} })).toEqual({ ok: true, response: null });
    expect(await pending).toMatchObject({ ok: false, name: 'AbortError' });
    const later = s.answer(request('create', { mediation: 'conditional' }), facts(), scope());
    s.close();
    expect(await later).toMatchObject({ ok: false, name: 'AbortError' });
    expect(await s.answer(request('create'), facts(), scope())).toEqual({ passthrough: true });
  });

  it("a new document in the frame ends the old document's pending requests", async () => {
    const s = session();
    const frame = {};
    const page = {};
    const old = s.answer(request('get', { mediation: 'conditional' }), facts(), { frame, realm: 'old', page });
    const next = await s.answer(request('create'), facts(), { frame, realm: 'new', page });
    expect(next).toMatchObject({ ok: true });
    expect(await old).toMatchObject({ ok: false, name: 'AbortError' });
  });

  it('the driver ends a gone document at once: by realm, by frame, and by a new timeOrigin (not a same-document navigation)', async () => {
    const s = session();
    const page = {};
    const conditional = (realm: { id: string; timeOrigin: number }) => request('get', { mediation: 'conditional', realm: { origin: 'https://rp.example', ...realm } });
    const byRealm = s.answer(conditional({ id: 'a', timeOrigin: 1 }), facts(), { frame: {}, realm: 'a', page });
    s.realmGone('a');
    expect(await byRealm).toMatchObject({ ok: false, name: 'AbortError' });

    const frame = {};
    const byFrame = s.answer(conditional({ id: 'b', timeOrigin: 2 }), facts(), { frame, realm: 'b', page });
    expect(s.hasPending(frame)).toBe(true);
    s.frameGone(frame);
    expect(await byFrame).toMatchObject({ ok: false, name: 'AbortError' });

    const navigated = {};
    let settled = false;
    const byDocument = s.answer(conditional({ id: 'c', timeOrigin: 3 }), facts(), { frame: navigated, realm: 'c', page }).finally(() => (settled = true));
    s.frameNavigated(navigated, 3); // history.pushState: the same document
    await Promise.resolve();
    expect(settled).toBe(false);
    s.frameNavigated(navigated, 4);
    expect(await byDocument).toMatchObject({ ok: false, name: 'AbortError' });
    expect(s.hasPending(navigated)).toBe(false);
  });
});
