/**
 * How the shim's CDP channel talks to one page's CDP session. A Playwright `CDPSession` is the client half of
 * Playwright's client/server split: every command is wrapped as an API call (a stack trace captured and
 * parsed, parameters validated, one event-loop hop to the server half and one back with the response) and
 * every event crosses the same hops. For a ceremony (`Runtime.bindingCalled` in, `Runtime.callFunctionOn`
 * out) that machinery costs more Node time than the authenticator itself (issue 14 item 4, measured in
 * packages/playwright/bench). When Playwright runs in this process (`chromium.launch()`, not
 * `chromium.connect()`), its client connection can name the server-side session behind a client object
 * (`toImpl`, Playwright's in-process hook); the link then listens and sends there: the same CDP session, the
 * same browser-made events (CDP `Runtime.*` data, never page data), without the client half. Anything
 * unexpected (another Playwright version, a remote connection) falls back to the public `CDPSession`.
 * @module
 */
import type { CDPSession } from 'playwright-core';
import { deliverAnswer } from '@vfido/bridge/driver';

/** One CDP session as the channel uses it: events by method, commands with a result. */
export interface CdpLink {
  /** Listen to one CDP event (the event's `params`). */
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  /** Send one CDP command; resolves with its result. */
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  /**
   * Send one CDP command whose failure the caller ignores (an answer to a document that may be gone):
   * resolves when the browser answered or the command failed, never rejects, and skips the stack trace
   * Playwright captures per command for a failure message nobody reads (bridge `deliverAnswer`).
   */
  sendIgnoringFailure(method: string, params?: Record<string, unknown>): Promise<void>;
  /** Which half of Playwright the link talks to (`server`: the in-process fast path). */
  readonly via: 'client' | 'server';
}

/** The server-side Playwright CDP session as far as the link relies on it (checked at run time). */
interface ServerCdpSession {
  on(event: 'event', listener: (e: { method: string; params?: Record<string, unknown> }) => void): unknown;
  _send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

/** The client connection's in-process hook (absent when Playwright is connected to a remote server). */
interface ClientConnection {
  toImpl?: (object: unknown) => unknown;
}

function serverSession(cdp: CDPSession): ServerCdpSession | undefined {
  try {
    const connection = (cdp as unknown as { _connection?: ClientConnection })._connection;
    const impl = typeof connection?.toImpl === 'function' ? (connection.toImpl(cdp) as Partial<ServerCdpSession> | undefined) : undefined;
    if (impl && typeof impl.on === 'function' && typeof impl._send === 'function') return impl as ServerCdpSession;
  } catch {
    // not in-process, or another Playwright: the public API
  }
  return undefined;
}

/**
 * The link for one Playwright CDP session: the server half when Playwright runs in this process, else the
 * public `CDPSession`. Use one link for all of a session's events and commands (their order is kept per half).
 * @param cdp - from `context.newCDPSession(page)`
 * @param preferClient - force the public API (tests of the fallback)
 */
export function cdpLink(cdp: CDPSession, preferClient = false): CdpLink {
  const server = preferClient ? undefined : serverSession(cdp);
  if (server) {
    const listeners = new Map<string, ((params: Record<string, unknown>) => void)[]>();
    server.on('event', (e) => {
      // Inside Playwright's own dispatch: a listener's failure must not reach it.
      for (const listener of listeners.get(e.method) ?? []) {
        try {
          listener(e.params ?? {});
        } catch {
          // dropped: Playwright's server must not see it (the channel's listeners do not throw by design)
        }
      }
    });
    return {
      via: 'server',
      on(method, listener) {
        listeners.set(method, [...(listeners.get(method) ?? []), listener]);
      },
      send: (method, params) => server._send(method, params),
      sendIgnoringFailure: (method, params) => deliverAnswer(() => server._send(method, params)),
    };
  }
  const client = cdp as unknown as { on(method: string, listener: (params: Record<string, unknown>) => void): unknown; send(method: string, params?: Record<string, unknown>): Promise<unknown> };
  return {
    via: 'client',
    on(method, listener) {
      client.on(method, listener);
    },
    send: (method, params) => client.send(method, params),
    sendIgnoringFailure: (method, params) => deliverAnswer(() => client.send(method, params)),
  };
}
