/**
 * A WebDriver BiDi connection of vfido's own over a WebSocket (W3C WebDriver BiDi 5, `ws` as the client: Node 20
 * has no WebSocket global): the `webSocketUrl` of a session (chromedriver, geckodriver, a Selenium grid), or
 * Firefox's remote agent (`--remote-debugging-port`, then `session.new` on `ws://host:port/session`).
 * @module
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { BidiError } from './bidiError.js';
import type { BidiEventParams, BidiTransport } from './bidiTransport.js';

interface Pending {
  method: string;
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** A {@link BidiTransport} over one WebSocket. */
export class BidiConnection implements BidiTransport {
  readonly #ws: WebSocket;
  readonly #events = new EventEmitter();
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #closed: Error | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.#events.setMaxListeners(0);
    ws.on('message', (data) => this.#receive(String(data)));
    ws.on('close', () => this.#fail(new BidiError('ERR_BIDI_CONNECTION', 'the WebDriver BiDi connection closed')));
    ws.on('error', (error) => this.#fail(new BidiError('ERR_BIDI_CONNECTION', `WebDriver BiDi connection error: ${error.message}`, { cause: error })));
  }

  /**
   * Open a connection.
   * @param url - `ws://...` of a BiDi session, or of Firefox's remote agent (`.../session`, then send `session.new`)
   * @throws BidiError `ERR_BIDI_CONNECTION` when the WebSocket does not open
   */
  static open(url: string): Promise<BidiConnection> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        // Node 20 resolves `localhost` to ::1 first; drivers listen on 127.0.0.1 (as selenium-webdriver does).
        ws = new WebSocket(url.replace('://localhost:', '://127.0.0.1:'), { perMessageDeflate: false });
      } catch (error) {
        reject(new BidiError('ERR_BIDI_CONNECTION', `cannot open WebDriver BiDi connection to ${url}: ${(error as Error).message}`, { cause: error }));
        return;
      }
      const failed = (error: Error): void => reject(new BidiError('ERR_BIDI_CONNECTION', `cannot open WebDriver BiDi connection to ${url}: ${error.message}`, { cause: error }));
      ws.once('error', failed);
      ws.once('open', () => {
        ws.off('error', failed);
        resolve(new BidiConnection(ws));
      });
    });
  }

  #receive(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // not a BiDi message
    }
    if (message.type === 'event' && typeof message.method === 'string') {
      this.#events.emit(message.method, (message.params ?? {}) as BidiEventParams);
      return;
    }
    const pending = typeof message.id === 'number' ? this.#pending.get(message.id) : undefined;
    if (!pending) return;
    this.#pending.delete(message.id as number);
    if (message.type === 'success') pending.resolve((message.result ?? {}) as Record<string, unknown>);
    else pending.reject(new BidiError('ERR_BIDI_COMMAND', `${pending.method}: ${String(message.error)}: ${String(message.message ?? '')}`));
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  /** @inheritDoc */
  send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { method, resolve, reject });
      this.#ws.send(JSON.stringify({ id, method, params }), (error) => {
        if (!error) return;
        this.#pending.delete(id);
        reject(new BidiError('ERR_BIDI_CONNECTION', `${method}: ${error.message}`, { cause: error }));
      });
    });
  }

  /** @inheritDoc */
  on(method: string, listener: (params: BidiEventParams) => void): void {
    this.#events.on(method, listener);
  }

  /** @inheritDoc */
  off(method: string, listener: (params: BidiEventParams) => void): void {
    this.#events.off(method, listener);
  }

  /** Close the WebSocket (the browser session stays). */
  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close();
    });
  }

  /** Let the process exit while this connection is open. */
  unref(): void {
    (this.#ws as unknown as { _socket?: { unref?(): void } })._socket?.unref?.();
  }
}

/**
 * Open a WebDriver BiDi connection.
 * @param url - a session's `webSocketUrl` capability, or Firefox's remote agent endpoint (`ws://127.0.0.1:<port>/session`)
 * @throws BidiError `ERR_BIDI_CONNECTION`
 */
export function connectBidi(url: string): Promise<BidiConnection> {
  return BidiConnection.open(url);
}
