import { describe, expect, it } from 'vitest';
import { attachAuthenticator, connectBidi, type BidiEventParams, type BidiTransport } from './index.js';

type Handler = (params: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A BiDi session in memory: records commands, answers them with `handlers`, emits events to listeners. */
class FakeBidi implements BidiTransport {
  readonly sent: { method: string; params: Record<string, unknown> }[] = [];
  readonly #listeners = new Map<string, Set<(p: BidiEventParams) => void>>();
  constructor(readonly handlers: Record<string, Handler> = {}) {}
  async send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.sent.push({ method, params });
    return (await this.handlers[method]?.(params)) ?? {};
  }
  on(method: string, listener: (p: BidiEventParams) => void): void {
    if (!this.#listeners.has(method)) this.#listeners.set(method, new Set());
    this.#listeners.get(method)!.add(listener);
  }
  off(method: string, listener: (p: BidiEventParams) => void): void {
    this.#listeners.get(method)?.delete(listener);
  }
  emit(method: string, params: BidiEventParams): void {
    for (const l of this.#listeners.get(method) ?? []) l(params);
  }
  listening(method: string): number {
    return this.#listeners.get(method)?.size ?? 0;
  }
  /** The answers sent back to the page: [realm, answer JSON]. */
  answers(): [string, { ok?: boolean; name?: string; message?: string }][] {
    return this.sent
      .filter((s) => s.method === 'script.callFunction' && (s.params.target as { realm?: string }).realm)
      .map((s) => [(s.params.target as { realm: string }).realm, JSON.parse((s.params.arguments as { value: string }[])[1]!.value) as { ok?: boolean }]);
  }
}

/** What attach told the page script: the channel id, the key and the receiver. */
function installed(bidi: FakeBidi): { channel: string; key: string; receiver: string } {
  const add = bidi.sent.find((s) => s.method === 'script.addPreloadScript')!.params;
  const config = JSON.parse(/const CONFIG = (\{.*?\});/.exec(add.functionDeclaration as string)![1]!) as { key: string; bidi: { receiver: string } };
  const channel = (add.arguments as { type: string; value: { channel: string } }[])[0]!;
  expect(channel.type).toBe('channel');
  return { channel: channel.value.channel, key: config.key, receiver: config.bidi.receiver };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const OPTIONS = { rp: { id: 'localhost', name: 'x' }, user: { id: 'AAAA', name: 'a', displayName: 'a' }, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };

describe('attachAuthenticator (WebDriver BiDi)', () => {
  it('refuses targets that are no BiDi session with ERR_TARGET_INVALID', async () => {
    await expect(attachAuthenticator(42 as never)).rejects.toMatchObject({ name: 'BridgeError', code: 'ERR_TARGET_INVALID' });
    await expect(attachAuthenticator('http://127.0.0.1:9/session')).rejects.toMatchObject({ code: 'ERR_TARGET_INVALID' });
    const classic = { getCapabilities: async () => ({ get: () => undefined }) };
    await expect(attachAuthenticator(classic)).rejects.toMatchObject({ code: 'ERR_TARGET_INVALID', message: expect.stringMatching(/enableBidi/) });
  });

  it('a WebSocket that does not open is BidiError ERR_BIDI_CONNECTION', async () => {
    await expect(connectBidi('ws://127.0.0.1:9/session')).rejects.toMatchObject({ name: 'BidiError', code: 'ERR_BIDI_CONNECTION' });
  });

  it('adds a preload script with a channel argument in the scope, and removes it at detach', async () => {
    const bidi = new FakeBidi({ 'script.addPreloadScript': () => ({ script: 'S1' }), 'session.subscribe': (p) => ({ subscription: `sub-${(p.events as string[]).length}` }) });
    const vfido = await attachAuthenticator(bidi, { preset: 'yubikey-5-nfc', userContexts: ['uc1'] });
    const subscribes = bidi.sent.filter((s) => s.method === 'session.subscribe').map((s) => s.params);
    expect(subscribes).toEqual([
      { events: ['script.message'], userContexts: ['uc1'] },
      { events: ['script.realmCreated', 'script.realmDestroyed', 'browsingContext.contextCreated', 'browsingContext.contextDestroyed'], userContexts: ['uc1'] },
    ]);
    const { receiver } = installed(bidi);
    expect(bidi.sent.find((s) => s.method === 'script.addPreloadScript')!.params).toMatchObject({ userContexts: ['uc1'] });
    expect(receiver).toMatch(/^__vfido_reply_/);
    await vfido.detach();
    expect(bidi.sent.slice(-2)).toEqual([
      { method: 'script.removePreloadScript', params: { script: 'S1' } },
      { method: 'session.unsubscribe', params: { subscriptions: ['sub-4'] } },
    ]);
    // The channel stays heard (pages loaded before detach get "passthrough"); the frame events do not.
    expect(bidi.listening('script.message')).toBe(1);
    expect(bidi.listening('script.realmCreated')).toBe(0);
  });

  it('answers only its own channel and key, in the calling realm; a realm whose browser origin differs from its report is refused', async () => {
    const bidi = new FakeBidi();
    const vfido = await attachAuthenticator(bidi, { preset: 'yubikey-5-nfc' });
    const { channel, key } = installed(bidi);
    bidi.emit('browsingContext.contextCreated', { context: 'top', parent: null });
    bidi.emit('script.realmCreated', { realm: 'R1', context: 'top', origin: 'http://localhost:1234', type: 'window' });
    const message = (over: Record<string, unknown>, data = { op: 'create', id: '1', key, reply: 7, options: OPTIONS, realm: { origin: 'https://victim.example', ancestorOrigins: '', policy: { create: true, get: true }, id: 'd1' } }) =>
      bidi.emit('script.message', { channel, data: { type: 'string', value: JSON.stringify(data) }, source: { realm: 'R1', context: 'top' }, ...over });
    message({ channel: 'someone-else' });
    message({}, { op: 'create', id: '1', key: 'guess', reply: 7, options: OPTIONS, realm: { origin: 'http://localhost:1234', ancestorOrigins: '', policy: { create: true, get: true }, id: 'd1' } });
    bidi.emit('script.message', { channel, data: { type: 'object', value: [] }, source: { realm: 'R1', context: 'top' } });
    await settle();
    expect(bidi.answers()).toEqual([]);
    message({});
    await settle();
    expect(bidi.answers()).toEqual([['R1', { ok: false, name: 'NotAllowedError', message: 'vfido: the calling context (http://localhost:1234) reported origin https://victim.example' }]]);
    expect(vfido.credentials()).toEqual([]);
    await vfido.detach();
  });

  it('without a reported policy (Firefox) the ancestry comes from the frame tree and the policy from the container allow attribute', async () => {
    let allow: string | null = null;
    const bidi = new FakeBidi({
      'browsingContext.getTree': (p) => ({ contexts: [{ context: p.root, parent: p.root === 'child' ? 'top' : null, children: [] }] }),
      'script.getRealms': (p) => ({ realms: [{ realm: `realm-${String(p.context)}`, origin: p.context === 'top' ? 'http://localhost:1234' : 'http://a.localhost:1234', type: 'window', context: p.context }] }),
      'script.callFunction': (p) =>
        (p.target as { sandbox?: string }).sandbox
          ? {
              type: 'success',
              result: {
                type: 'array',
                value: [
                  { type: 'string', value: 'http://localhost:1234/embed' },
                  { type: 'array', value: [{ type: 'window', value: { context: 'child' } }, allow === null ? { type: 'null' } : { type: 'string', value: allow }, { type: 'string', value: 'http://a.localhost:1234/' }] },
                ],
              },
            }
          : {},
    });
    const vfido = await attachAuthenticator(bidi, { preset: 'yubikey-5-nfc' });
    const { channel, key } = installed(bidi);
    const get = (reply: number) =>
      bidi.emit('script.message', {
        channel,
        data: { type: 'string', value: JSON.stringify({ op: 'get', id: String(reply), key, reply, options: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rpId: 'a.localhost' }, realm: { origin: 'http://a.localhost:1234', id: 'd1' } }) },
        source: { realm: 'realm-child', context: 'child' },
      });
    get(1);
    await settle();
    expect(bidi.answers().at(-1)![1]).toMatchObject({ ok: false, name: 'NotAllowedError', message: expect.stringMatching(/publickey-credentials-get.*the iframe of http:\/\/a\.localhost:1234 does not allow it/) });
    // The sandbox read the container in the parent context: the page's own scripts never run there.
    expect(bidi.sent.find((s) => (s.params.target as { sandbox?: string } | undefined)?.sandbox)!.params.target).toMatchObject({ context: 'top', sandbox: expect.stringMatching(/^vfido-/) });
    allow = 'publickey-credentials-get';
    get(2);
    await settle();
    // Allowed now: the authenticator is reached (it has no credential for a.localhost: NotAllowedError from the client, not the policy).
    expect(bidi.answers().at(-1)![1]).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(bidi.answers().at(-1)![1].message).not.toMatch(/feature is not enabled/);
    await vfido.detach();
  });
});
