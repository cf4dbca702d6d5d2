import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '@vfido/core';
import { ShimSession } from './shimSession.js';
import { answerChannelRequest, channelRequest, receiverFunction, deliverAnswer } from './replyChannel.js';

const creation = { rp: { name: 'x' }, user: { id: 'AQID', name: 'a', displayName: 'a' }, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };
const realm = { origin: 'https://rp.example', ancestorOrigins: '', policy: { create: true, get: true }, id: 'r1' };

describe('replyChannel', () => {
  it('drops messages without the key, a reply slot or a realm report', () => {
    const ok = { op: 'create', id: '1', key: 'k', reply: 1, realm, options: creation };
    expect(channelRequest(JSON.stringify(ok), 'k')).toMatchObject({ op: 'create', reply: 1 });
    expect(channelRequest(JSON.stringify(ok), 'other')).toBeUndefined();
    expect(channelRequest(JSON.stringify({ ...ok, reply: undefined }), 'k')).toBeUndefined();
    expect(channelRequest(JSON.stringify({ ...ok, realm: undefined }), 'k')).toBeUndefined();
    expect(channelRequest('not json', 'k')).toBeUndefined();
  });

  it('answers with the facts the driver supplies, as JSON text', async () => {
    const session = new ShimSession(new VirtualAuthenticator({ preset: 'generic', seed: 'reply' }), { registered: () => undefined, asserted: () => undefined });
    const request = channelRequest(JSON.stringify({ op: 'create', id: '1', key: 'k', reply: 3, realm, options: creation }), 'k')!;
    const refused = JSON.parse(await answerChannelRequest(session, request, () => ({ refused: 'unknown context' }), { frame: {}, page: {} }));
    expect(refused).toMatchObject({ ok: false, name: 'NotAllowedError', message: 'vfido: unknown context' });
    const facts = { origin: 'https://rp.example', topOrigin: 'https://rp.example', crossOrigin: false, policy: true, policyNote: 'test' };
    const answer = JSON.parse(await answerChannelRequest(session, request, async () => facts, { frame: {}, page: {} }));
    expect(answer).toMatchObject({ ok: true, response: { type: 'public-key' } });
    const thrown = JSON.parse(await answerChannelRequest(session, request, () => { throw new Error('driver bug'); }, { frame: {}, page: {} }));
    expect(thrown).toMatchObject({ ok: false, name: 'UnknownError' });
  });

  it('the receiver call names the receiver as a string literal', () => {
    expect(receiverFunction('r"x')).toContain('globalThis["r\\"x"]');
  });
});

describe('deliverAnswer', () => {
  it('never rejects, captures no stack for the Errors made in the call, and restores the limit', async () => {
    const limit = Error.stackTraceLimit;
    let made: Error | undefined;
    await expect(deliverAnswer(() => Promise.resolve({ result: {} }))).resolves.toBeUndefined();
    await expect(
      deliverAnswer(() => {
        made = new Error('Protocol error (Runtime.callFunctionOn): Cannot find context with specified id');
        return Promise.reject(made);
      }),
    ).resolves.toBeUndefined();
    expect(made!.stack).not.toMatch(/\n\s+at /);
    await expect(
      deliverAnswer(() => {
        throw new Error('session closed');
      }),
    ).resolves.toBeUndefined();
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('later').stack).toMatch(/\n\s+at /);
  });
});

