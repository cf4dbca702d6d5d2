import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '@vfido/core';
import { ShimSession } from './shimSession.js';
import { SessionBackend } from './sessionBackend.js';

class TestBackend extends SessionBackend {
  stopped = 0;
  constructor(session: ShimSession) {
    super(session);
  }
  protected async stop(): Promise<void> {
    this.stopped++;
  }
}

describe('SessionBackend', () => {
  it('detach closes the session (later requests pass through) and stops the driver once', async () => {
    const session = new ShimSession(new VirtualAuthenticator({ preset: 'generic', seed: 'backend' }), { registered: () => undefined, asserted: () => undefined });
    const backend = new TestBackend(session);
    expect(backend.name).toBe('shim');
    expect(await backend.completeConditional({ dismiss: true })).toBe(0);
    await backend.detach();
    expect(session.closed).toBe(true);
    expect(backend.stopped).toBe(1);
  });
});
