import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCdpEndpoint, probeCdpEndpoint } from './cdpEndpoint.js';
import { CliError } from './errors.js';

/** The code of what `fn` throws (a CliError), or the thrown value's message when it is something else. */
async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return error instanceof CliError ? error.code : `not a CliError: ${String(error)}`;
  }
  return 'did not throw';
}

describe('parseCdpEndpoint', () => {
  it('a port means 127.0.0.1; http(s) keeps the origin; ws(s) is used as given', () => {
    expect(parseCdpEndpoint('9222')).toEqual({ kind: 'http', url: 'http://127.0.0.1:9222' });
    expect(parseCdpEndpoint('localhost:39541')).toEqual({ kind: 'http', url: 'http://localhost:39541' }); // chromedriver's debuggerAddress
    expect(parseCdpEndpoint('[::1]:9222')).toEqual({ kind: 'http', url: 'http://[::1]:9222' });
    expect(parseCdpEndpoint('http://localhost:9222/json/version')).toEqual({ kind: 'http', url: 'http://localhost:9222' });
    expect(parseCdpEndpoint('ws://127.0.0.1:9222/devtools/browser/abc')).toEqual({ kind: 'ws', url: 'ws://127.0.0.1:9222/devtools/browser/abc' });
  });

  it('anything else is ERR_CDP_ENDPOINT', async () => {
    for (const bad of ['0', '65536', 'localhost', 'localhost:0', 'file:///tmp/x', '']) expect(await codeOf(() => parseCdpEndpoint(bad)), bad).toBe('ERR_CDP_ENDPOINT');
  });
});

describe('probeCdpEndpoint', () => {
  // Answers /json/version as the path says: /chromium/... like Chromium, /firefox/... with a non-Chromium browser.
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, kind] = (req.url ?? '').split('/');
      if (kind === 'chromium') return res.end(JSON.stringify({ Browser: 'HeadlessChrome/156.0.0.0', webSocketDebuggerUrl: 'ws://127.0.0.1:1/devtools/browser/x' }));
      if (kind === 'firefox') return res.end(JSON.stringify({ Browser: 'Firefox/153.0', webSocketDebuggerUrl: 'ws://127.0.0.1:1/' }));
      if (kind === 'html') return res.end('<!doctype html><p>hello');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads Chromium's browser target, and tells what else answers", async () => {
    expect((await probeCdpEndpoint(`${base}/chromium`, 5000)).webSocketDebuggerUrl).toBe('ws://127.0.0.1:1/devtools/browser/x');
    expect(await codeOf(() => probeCdpEndpoint(`${base}/firefox`, 5000))).toBe('ERR_CDP_NOT_CHROMIUM');
    expect(await codeOf(() => probeCdpEndpoint(`${base}/html`, 5000))).toBe('ERR_CDP_NOT_CHROMIUM');
    expect(await codeOf(() => probeCdpEndpoint(`${base}/missing`, 5000))).toBe('ERR_CDP_NOT_CHROMIUM');
  });
});
