/**
 * The few things the driver needs from a WebDriver BiDi connection (W3C WebDriver BiDi 5 "Transport"): send a
 * command and get its `result`, listen to events by method name. A WebSocket of our own
 * ({@link connectBidi}), selenium-webdriver's BiDi connection and WebdriverIO's browser object all fit in a few lines.
 * @module
 */

/** An event's `params` (untrusted shape: the driver validates what it reads). */
export type BidiEventParams = Record<string, unknown>;

/** A WebDriver BiDi connection, reduced to what the driver uses. */
export interface BidiTransport {
  /**
   * Send one command and resolve with its `result`.
   * @throws BidiError `ERR_BIDI_COMMAND` when the browser answers with an error, `ERR_BIDI_CONNECTION` when closed
   */
  send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Listen to one event method (e.g. `script.message`); the driver subscribes to it with `session.subscribe`. */
  on(method: string, listener: (params: BidiEventParams) => void): void;
  /** Stop listening. */
  off(method: string, listener: (params: BidiEventParams) => void): void;
  /** Close the connection (connections vfido opened itself only). */
  close?(): Promise<void>;
  /** Let the process exit while the connection is open (connections vfido opened itself only). */
  unref?(): void;
}

/** Whether a value looks like a {@link BidiTransport}. */
export function isBidiTransport(value: unknown): value is BidiTransport {
  const v = value as Partial<BidiTransport> | null;
  return typeof v === 'object' && v !== null && typeof v.send === 'function' && typeof v.on === 'function' && typeof v.off === 'function';
}
