// A minimal wptserve stand-in for webauthn/: serves an extracted WPT copy over loopback (http and https, a
// fresh self-signed certificate for WPT's host names) with the paths the tests expect (/resources/...,
// /webauthn/..., /interfaces/...), generates the `.window.js` wrappers and `.sub.` substitutions as wptserve
// does, and replaces the two vendor hooks WPT leaves to each runner: testharnessreport.js (report
// results to the runner) and testdriver-vendor.js (route testdriver actions to the runner).
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import * as x509 from '@peculiar/x509';

/** WPT's host names (tools/wpt config: browser_host, alternate_hosts.alt, subdomains), mapped to loopback. */
export const HOSTS = { main: 'web-platform.test', alt: 'not-web-platform.test', subdomains: ['www', 'www1', 'www2'] };

/** Chromium's --host-resolver-rules value sending every WPT host name to 127.0.0.1. */
export const HOST_RESOLVER_RULES = [HOSTS.main, `*.${HOSTS.main}`, HOSTS.alt, `*.${HOSTS.alt}`].map((h) => `MAP ${h} 127.0.0.1`).join(', ');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.idl': 'text/plain; charset=utf-8', '.json': 'application/json', '.css': 'text/css' };

/** Binding names the page scripts call (exposed by the runner with page.exposeBinding). */
export const BINDINGS = { report: '__wpt_report', driver: '__wpt_driver' };

// Vendor hook 1: every result and the completion go to the runner (top-level document only).
const REPORT_JS = `
(() => {
  if (window !== window.top) return;
  const send = (kind, payload) => { try { window.${BINDINGS.report}(kind, JSON.stringify(payload)); } catch (e) {} };
  add_result_callback((t) => send('result', { name: t.name, status: t.status, message: t.message }));
  add_completion_callback((tests, status) => send('done', {
    tests: tests.map((t) => ({ name: t.name, status: t.status, message: t.message })),
    status: { status: status.status, message: status.message },
  }));
})();
`;

// Vendor hook 2: testdriver's WebAuthn actions and click, as one binding call each. Errors reject with
// "error: <message>" strings, as WPT's own testdriver-extra.js does (helpers.js compares such strings).
const VENDOR_JS = `
(() => {
  const internal = window.test_driver_internal;
  if (!internal) return;
  internal.in_automation = true;
  const call = async (action, args) => {
    const answer = JSON.parse(await window.${BINDINGS.driver}(action, JSON.stringify(args)));
    if (!answer.ok) throw answer.error;
    return answer.value;
  };
  internal.add_virtual_authenticator = (config) => call('add_virtual_authenticator', [config]);
  internal.remove_virtual_authenticator = (id) => call('remove_virtual_authenticator', [id]);
  internal.add_credential = (id, credential) => call('add_credential', [id, credential]);
  internal.get_credentials = (id) => call('get_credentials', [id]);
  internal.remove_credential = (id, credentialId) => call('remove_credential', [id, credentialId]);
  internal.remove_all_credentials = (id) => call('remove_all_credentials', [id]);
  internal.set_user_verified = (id, uv) => call('set_user_verified', [id, uv]);
  internal.set_permission = (params) => call('set_permission', [params]);
  internal.click = (element, coords) => call('click', [coords]);
})();
`;

/**
 * The HTML wptserve generates for `name.window.js` (served as `name.window.html`), with its META lines.
 * @param {string} source - the .window.js text
 * @param {string} name - its file name
 */
export function windowWrapper(source, name) {
  const scripts = [];
  let timeout = '';
  let title = '';
  for (const line of source.split('\n')) {
    const m = /^\/\/\s*META:\s*(\w+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, key, value] = m;
    if (key === 'script') scripts.push(value.trim());
    if (key === 'timeout' && value.trim() === 'long') timeout = '<meta name="timeout" content="long">\n';
    if (key === 'title') title = `<title>${value.trim()}</title>\n`;
  }
  return `<!doctype html>\n<meta charset=utf-8>\n${timeout}${title}<script src="/resources/testharness.js"></script>\n<script src="/resources/testharnessreport.js"></script>\n${scripts.map((s) => `<script src="${s}"></script>\n`).join('')}<div id=log></div>\n<script src="${name}"></script>\n`;
}

/**
 * wptserve's `.sub.` substitution for the tokens webauthn tests use: `{{host}}`, `{{domains[sub]}}`,
 * `{{hosts[alt][sub]}}` / `{{hosts[][sub]}}`, `{{ports[http|https][0]}}`, `{{location[...]}}`, `{{GET[name]}}`.
 * Unknown tokens stay as they are.
 * @param {string} text
 * @param {{ ports: { http: number, https: number }, url: URL }} env
 */
export function substitute(text, env) {
  const hostOf = (alt, sub) => {
    const base = alt ? HOSTS.alt : HOSTS.main;
    return sub ? `${sub}.${base}` : base;
  };
  return text.replace(/\{\{([^{}]+)\}\}/g, (token, expr) => {
    const e = expr.trim();
    let m;
    if (e === 'host') return HOSTS.main;
    if ((m = /^domains\[([^\]]*)\]$/.exec(e))) return hostOf(false, m[1]);
    if ((m = /^hosts\[(alt)?\]\[([^\]]*)\]$/.exec(e))) return hostOf(Boolean(m[1]), m[2]);
    if ((m = /^ports\[(https?)\]\[0\]$/.exec(e))) return String(env.ports[m[1]]);
    if ((m = /^location\[(\w+)\]$/.exec(e))) {
      const u = env.url;
      const parts = { host: u.host, hostname: u.hostname, port: u.port, scheme: u.protocol.replace(':', ''), server: `${u.protocol}//${u.host}`, path: u.pathname, pathname: u.pathname, query: u.search, href: u.href };
      return parts[m[1]] ?? token;
    }
    if ((m = /^GET\[([^\]]*)\]$/.exec(e))) return env.url.searchParams.get(m[1]) ?? '';
    return token;
  });
}

/** A self-signed certificate for every WPT host name, and its SPKI hash for --ignore-certificate-errors-spki-list. */
async function certificate() {
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const names = [HOSTS.main, `*.${HOSTS.main}`, HOSTS.alt, `*.${HOSTS.alt}`, 'localhost'];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${HOSTS.main}`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 7 * 86400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns', value })))],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return {
    cert: cert.toString('pem'),
    key: `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
    spkiHash: createHash('sha256').update(spki).digest('base64'),
  };
}

/**
 * The test files of webauthn/ as WPT's manifest lists them for automation (manual tests left out), as
 * URL paths: `webauthn/x.https.html`, `webauthn/y.https.window.html`.
 * @param {string} wptDir
 */
export async function listTests(wptDir) {
  const names = await readdir(join(wptDir, 'webauthn'));
  return names
    .filter((n) => !n.includes('-manual'))
    .flatMap((n) => (/\.html$/.test(n) ? [n] : /\.window\.js$/.test(n) ? [n.replace(/\.js$/, '.html')] : []))
    .sort()
    .map((n) => `webauthn/${n}`);
}

/**
 * Serve `wptDir` on 127.0.0.1 over http and https (any host name on the ports reaches it; Chromium's
 * --host-resolver-rules sends WPT's host names there).
 * @param {string} wptDir
 * @returns {Promise<{ ports: { http: number, https: number }, spkiHash: string, urlOf(file: string): string, close(): Promise<void> }>}
 */
export async function startServer(wptDir) {
  const root = normalize(wptDir + sep);
  const ports = { http: 0, https: 0 };
  const inside = (p) => {
    const full = normalize(join(root, p));
    if (!full.startsWith(root)) throw Object.assign(new Error('outside the WPT copy'), { code: 'ENOENT' });
    return full;
  };
  const handler = (scheme) => async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
      const path = decodeURIComponent(url.pathname);
      const send = (body, type) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (path === '/resources/testharnessreport.js') return send(REPORT_JS, TYPES['.js']);
      if (path === '/resources/testdriver-vendor.js') return send(VENDOR_JS, TYPES['.js']);
      if (path === '/favicon.ico') return send('', 'image/x-icon');
      const file = path === '/resources/WebIDLParser.js' ? '/resources/webidl2/lib/webidl2.js' : path;
      if (/\.window\.html$/.test(file)) {
        const js = file.replace(/\.html$/, '.js');
        return send(windowWrapper(await readFile(inside(js), 'utf8'), js.split('/').pop()), TYPES['.html']);
      }
      const full = inside(file);
      const type = TYPES[extname(full)] ?? 'application/octet-stream';
      if (/\.sub\.[^/]*$/.test(file)) return send(substitute(await readFile(full, 'utf8'), { ports, url }), type);
      send(await readFile(full), type);
    } catch (error) {
      res.writeHead(error?.code === 'ENOENT' || error?.code === 'EISDIR' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(error?.message ?? error));
    }
  };
  const { cert, key, spkiHash } = await certificate();
  const http = createServer(handler('http'));
  const https = createHttpsServer({ cert, key }, handler('https'));
  await Promise.all([http, https].map((srv) => new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))));
  ports.http = http.address().port;
  ports.https = https.address().port;
  const close = (srv) => new Promise((resolve) => srv.close(() => resolve()));
  return {
    ports,
    spkiHash,
    // .https. (and .window.js, whose names carry .https.) on https://web-platform.test, the rest on http, as WPT does.
    urlOf: (file) => (/\.https\./.test(file) ? `https://${HOSTS.main}:${ports.https}/${file}` : `http://${HOSTS.main}:${ports.http}/${file}`),
    close: () => Promise.all([close(http), close(https)]).then(() => undefined),
  };
}
