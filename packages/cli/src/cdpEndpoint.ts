/**
 * The `--cdp` value of `vfido attach`: a DevTools port, `host:port`, an `http://host:port` DevTools endpoint or a
 * browser `ws://` URL, checked before anything connects. Chromium serves `GET /json/version` on its
 * `--remote-debugging-port` (Chrome DevTools Protocol, "HTTP endpoints"); its `webSocketDebuggerUrl` is the
 * browser target every page is reached through. Loads no library (node:http only).
 * @module
 */
import { usage } from './errors.js';

/** Where to connect: the HTTP endpoint to probe, or a WebSocket URL given as is. */
export type CdpEndpoint = { kind: 'http'; url: string } | { kind: 'ws'; url: string };

/** What Chromium's `GET /json/version` answers (the fields vfido uses). */
export interface CdpVersion {
  /** e.g. `Chrome/156.0.7500.0` or `HeadlessChrome/156.0...`. */
  Browser: string;
  /** The browser target's WebSocket URL. */
  webSocketDebuggerUrl: string;
}

/**
 * Parse `--cdp`: `9222`, `localhost:9222` (chromedriver's `debuggerAddress`), `http://127.0.0.1:9222` (or https) or
 * `ws://127.0.0.1:9222/devtools/browser/<id>`. A bare port means 127.0.0.1.
 * @throws CliError `ERR_CDP_ENDPOINT` (exit 2) for anything else
 */
export function parseCdpEndpoint(value: string): CdpEndpoint {
  const bad = (why: string) =>
    usage('ERR_CDP_ENDPOINT', `--cdp '${value}' ${why}`, 'pass the port Chromium was started with (--remote-debugging-port=9222): --cdp 9222, --cdp localhost:9222, --cdp http://127.0.0.1:9222 or its ws://.../devtools/browser/<id> URL');
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port < 1 || port > 65535) throw bad('is not a port (1..65535)');
    return { kind: 'http', url: `http://127.0.0.1:${port}` };
  }
  // host:port, as chromedriver reports it (goog:chromeOptions.debuggerAddress, e.g. localhost:39541)
  const hostPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d+)$/i.exec(text);
  if (hostPort) {
    const port = Number(hostPort[2]);
    if (port < 1 || port > 65535) throw bad('is not a host:port (port 1..65535)');
    return { kind: 'http', url: `http://${hostPort[1]}:${port}` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('is neither a port nor a URL');
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: url.origin };
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return { kind: 'ws', url: url.href };
  throw bad(`has scheme ${url.protocol} (use http:, https:, ws: or wss:)`);
}

/**
 * Ask a DevTools HTTP endpoint what it is (`GET /json/version`).
 * @param url - `http://host:port`
 * @param timeoutMs - how long to wait for an answer
 * @throws CliError `ERR_CDP_UNREACHABLE` (nothing answers there), `ERR_CDP_NOT_CHROMIUM` (something answers,
 *   but not Chromium's DevTools endpoint: a web server, Firefox, a page target URL)
 */
export async function probeCdpEndpoint(url: string, timeoutMs: number): Promise<CdpVersion> {
  let answer: { status: number; body: string };
  try {
    answer = await getText(`${url}/json/version`, timeoutMs);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw usage('ERR_CDP_UNREACHABLE', `no DevTools endpoint answers at ${url} (${why})`, 'start Chromium with --remote-debugging-port=<port> and pass that port; check the host and that the browser is still running');
  }
  const notChromium = (why: string) =>
    usage('ERR_CDP_NOT_CHROMIUM', `${url} is not a Chromium DevTools endpoint: ${why}`, 'point --cdp at the port of a Chromium started with --remote-debugging-port (Firefox and WebKit do not serve CDP)');
  if (answer.status !== 200) throw notChromium(`GET /json/version answered HTTP ${answer.status}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    throw notChromium('GET /json/version is not JSON');
  }
  const version = body as Partial<CdpVersion> | null;
  if (typeof version?.webSocketDebuggerUrl !== 'string' || typeof version.Browser !== 'string' || !/chrom|edg/i.test(version.Browser)) {
    throw notChromium(`GET /json/version names no Chromium browser target (${typeof version?.Browser === 'string' ? version.Browser : 'no Browser field'})`);
  }
  return version as CdpVersion;
}

/** GET `url` with node:http(s) (fetch refuses the Fetch standard's "bad ports", which DevTools may listen on). */
async function getText(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const { get } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 1 << 20) request.destroy(new Error('answer larger than 1 MiB'));
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}
