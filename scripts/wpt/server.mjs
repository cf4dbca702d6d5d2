// A minimal wptserve stand-in for webauthn/: serves an extracted WPT copy over loopback with the paths the
// tests expect (/resources/..., /webauthn/..., /interfaces/...), generates the `.window.js` wrappers as
// wptserve does, and replaces the two vendor hooks WPT leaves to each runner: testharnessreport.js (report
// results to the runner) and testdriver-vendor.js (route testdriver actions to the runner).
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

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
 * Serve `wptDir` on 127.0.0.1 (any host name on the port reaches it).
 * @param {string} wptDir
 * @returns {Promise<{ port: number, close(): Promise<void> }>}
 */
export async function startServer(wptDir) {
  const root = normalize(wptDir + sep);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
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
        const full = normalize(join(root, js));
        if (!full.startsWith(root)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        return send(windowWrapper(await readFile(full, 'utf8'), js.split('/').pop()), TYPES['.html']);
      }
      const full = normalize(join(root, file));
      if (!full.startsWith(root)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      send(await readFile(full), TYPES[extname(full)] ?? 'application/octet-stream');
    } catch (error) {
      res.writeHead(error?.code === 'ENOENT' || error?.code === 'EISDIR' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(error?.message ?? error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
