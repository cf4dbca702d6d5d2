import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CDPSession } from 'playwright-core';
import { cdpLink } from './cdpLink.js';

/** A stand-in for Playwright's client CDPSession: events by method, `send` answered locally. */
class ClientSession extends EventEmitter {
  sent: string[] = [];
  _connection: unknown;
  constructor(connection?: unknown) {
    super();
    this._connection = connection;
  }
  async send(method: string): Promise<unknown> {
    this.sent.push(method);
    return { via: 'client' };
  }
}

/** A stand-in for the server half: one `event` stream, `_send` answered locally. */
class ServerSession extends EventEmitter {
  sent: string[] = [];
  async _send(method: string): Promise<unknown> {
    this.sent.push(method);
    return { via: 'server' };
  }
}

const asCdp = (s: ClientSession): CDPSession => s as unknown as CDPSession;

describe('cdpLink', () => {
  it('uses the public CDPSession when the connection has no in-process hook (e.g. chromium.connect)', async () => {
    const client = new ClientSession({});
    const link = cdpLink(asCdp(client));
    expect(link.via).toBe('client');
    const seen: unknown[] = [];
    link.on('Runtime.bindingCalled', (e) => seen.push(e));
    client.emit('Runtime.bindingCalled', { name: 'b' });
    expect(seen).toEqual([{ name: 'b' }]);
    await expect(link.send('Runtime.enable')).resolves.toEqual({ via: 'client' });
    expect(client.sent).toEqual(['Runtime.enable']);
  });

  it('uses the server half when the in-process hook names a session with the expected shape', async () => {
    const server = new ServerSession();
    const client = new ClientSession({ toImpl: (x: unknown) => (x === client ? server : undefined) });
    const link = cdpLink(asCdp(client));
    expect(link.via).toBe('server');
    const seen: unknown[] = [];
    link.on('Runtime.executionContextCreated', (e) => seen.push(['created', e]));
    link.on('Runtime.bindingCalled', (e) => seen.push(['called', e]));
    // One stream keeps the browser's order between methods.
    server.emit('event', { method: 'Runtime.executionContextCreated', params: { context: { id: 1 } } });
    server.emit('event', { method: 'Runtime.bindingCalled', params: { name: 'b', executionContextId: 1 } });
    server.emit('event', { method: 'Page.frameNavigated', params: {} });
    expect(seen).toEqual([
      ['created', { context: { id: 1 } }],
      ['called', { name: 'b', executionContextId: 1 }],
    ]);
    await expect(link.send('Runtime.callFunctionOn')).resolves.toEqual({ via: 'server' });
    expect(server.sent).toEqual(['Runtime.callFunctionOn']);
    expect(client.sent).toEqual([]);
  });

  it('never lets a listener failure reach Playwright dispatch, and later listeners still run', () => {
    const server = new ServerSession();
    const link = cdpLink(asCdp(new ClientSession({ toImpl: () => server })));
    let later = 0;
    link.on('Runtime.bindingCalled', () => {
      throw new Error('listener failure');
    });
    link.on('Runtime.bindingCalled', () => later++);
    expect(() => server.emit('event', { method: 'Runtime.bindingCalled', params: {} })).not.toThrow();
    expect(later).toBe(1);
  });

  it('falls back to the public API when the hook throws or names something else', () => {
    const throwing = new ClientSession({
      toImpl: () => {
        throw new Error('not in-process');
      },
    });
    expect(cdpLink(asCdp(throwing)).via).toBe('client');
    expect(cdpLink(asCdp(new ClientSession({ toImpl: () => ({ on() {} }) }))).via).toBe('client');
    expect(cdpLink(asCdp(new ClientSession({ toImpl: () => new ServerSession() })), true).via).toBe('client');
  });

  it('sendIgnoringFailure: resolves on success and on failure, on both halves, without a stack for the failure Error Playwright makes', async () => {
    // Like Playwright's CRSession.send: the failure Error is made synchronously in the call.
    class FailingServer extends ServerSession {
      errors: Error[] = [];
      override _send(method: string): Promise<unknown> {
        this.sent.push(method);
        const error = new Error('Protocol error (Runtime.callFunctionOn): Cannot find context with specified id');
        this.errors.push(error);
        return Promise.reject(error);
      }
    }
    const server = new FailingServer();
    const link = cdpLink(asCdp(new ClientSession({ toImpl: () => server })));
    const limit = Error.stackTraceLimit;
    await expect(link.sendIgnoringFailure('Runtime.callFunctionOn', { executionContextId: 9 })).resolves.toBeUndefined();
    expect(server.sent).toEqual(['Runtime.callFunctionOn']);
    expect(server.errors[0]!.stack).not.toMatch(/\n\s+at /); // no frames captured
    expect(Error.stackTraceLimit).toBe(limit); // restored
    expect(new Error('after').stack).toMatch(/\n\s+at /);
    await expect(cdpLink(asCdp(new ClientSession({ toImpl: () => new ServerSession() }))).sendIgnoringFailure('Runtime.enable')).resolves.toBeUndefined();

    class FailingClient extends ClientSession {
      override async send(method: string): Promise<unknown> {
        this.sent.push(method);
        throw new Error('Target page, context or browser has been closed');
      }
    }
    const client = new FailingClient({});
    await expect(cdpLink(asCdp(client)).sendIgnoringFailure('Runtime.callFunctionOn')).resolves.toBeUndefined();
    expect(client.sent).toEqual(['Runtime.callFunctionOn']);
  });
});
