#!/usr/bin/env node
/**
 * The vfido demo relying party: a small web app on localhost (node:http, no framework) that models the Microsoft
 * Entra ID passkey flow. Run it and open the printed address in a browser:
 *
 *   node examples/demo-rp/server.mjs [--port 8080] [--data-dir ./demo-data]
 *
 * State (users, passkeys, sessions, activity) lives in `<data dir>/store.json`; the FIDO MDS3 BLOB the RP trusts is
 * `<data dir>/mds-blob.jwt` with its root `mds-root.pem` (a vfido test BLOB written at first start).
 * Pages: `/` sign in, `/directory` users and TAPs, `/security-info` passkeys, `/admin` the admin portal.
 * @module
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JsonStore } from './store.mjs';
import { loadDemoTrust } from './trust.mjs';
import { loadTenant, POLICY_DIR } from './tenant.mjs';
import { adminPortalAccess } from './adminPortal.mjs';
import { adminPage, directoryPage, homePage, securityInfoPage } from './pages.mjs';
import { DemoError, createUser, finishRegistration, finishSignIn, issueTap, registrationOptions, signInOptions, signInWithTap } from './ceremonies.mjs';

const COOKIE = 'vfido_demo_sid';
const MAX_BODY = 256 * 1024;
const PUBLIC = new URL('./public/', import.meta.url);
const STATIC = {
  '/app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('app.js', PUBLIC)) },
  '/style.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('style.css', PUBLIC)) },
};

const sidOf = (req) => /(?:^|;\s*)vfido_demo_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}
const sendJson = (res, status, value, headers) => send(res, status, 'application/json', JSON.stringify(value), headers);

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new DemoError('ERR_BODY', 'request body too large', 413);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new DemoError('ERR_BODY', 'request body is not json');
  }
}

/**
 * Starts the demo RP.
 * @param {import('./server.d.mts').DemoServerOptions} [options]
 * @returns {Promise<import('./server.d.mts').DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vfido-demo-'));
  const store = new JsonStore(dataDir);
  const trustInfo = await loadDemoTrust(dataDir);
  const tenant = loadTenant(options.policyDir ?? POLICY_DIR);
  const rp = { store, tenant, trust: trustInfo.trust, trustInfo, rpId: 'localhost', rpName: 'Contoso (vfido demo)', origins: [] };

  /** The session of a request, creating one (and its cookie) when `create`. */
  const sessionOf = (req, res, create) => {
    const sid = sidOf(req);
    if (sid && store.data.sessions[sid]) return sid;
    if (!create) return undefined;
    const fresh = randomBytes(18).toString('base64url');
    store.update((d) => { d.sessions[fresh] = { createdAt: new Date().toISOString() }; });
    res.setHeader('set-cookie', `${COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return fresh;
  };
  /** The session's one-shot result panel. */
  const takeFlash = (sid) => {
    const flash = sid ? store.data.sessions[sid]?.flash : undefined;
    if (flash) store.update((d) => { delete d.sessions[sid].flash; });
    return flash;
  };
  const setFlash = (sid, flash) => store.update((d) => { d.sessions[sid].flash = flash; });

  const api = {
    'POST /api/users': async (sid, body) => {
      const { username, tap, expiresAt } = createUser(rp, body);
      setFlash(sid, { kind: 'tap-issued', outcome: 'ok', title: `User ${username} created`, lines: [`Temporary Access Pass: ${tap} (one-time, expires ${expiresAt})`], data: { username, tap, expiresAt } });
      return { next: '/directory' };
    },
    'POST /api/tap/issue': async (sid, body) => {
      const { username, tap, expiresAt } = issueTap(rp, String(body.username ?? ''));
      setFlash(sid, { kind: 'tap-issued', outcome: 'ok', title: `New Temporary Access Pass for ${username}`, lines: [`Temporary Access Pass: ${tap} (one-time, expires ${expiresAt})`], data: { username, tap, expiresAt } });
      return { next: '/directory' };
    },
    'POST /api/tap/signin': async (sid, body) => signInWithTap(rp, sid, body),
    'POST /api/register/options': async (sid) => ({ options: registrationOptions(rp, sid) }),
    'POST /api/register/verify': async (sid, body) => {
      setFlash(sid, await finishRegistration(rp, sid, body.credential));
      return { next: '/security-info' };
    },
    'POST /api/signin/options': async (sid, body) => ({ options: signInOptions(rp, sid, body) }),
    'POST /api/signin/verify': async (sid, body) => {
      const flash = await finishSignIn(rp, sid, body.credential);
      setFlash(sid, flash);
      const next = typeof body.next === 'string' && body.next.startsWith('/') && !body.next.startsWith('//') ? body.next : '/security-info';
      return { next: flash.outcome === 'ok' ? next : body.next === '/admin' ? '/admin' : '/' };
    },
    'POST /api/signout': async (sid) => {
      store.update((d) => { delete d.sessions[sid]; });
      return { next: '/' };
    },
  };

  const pages = {
    '/': (sid) => homePage(rp, store.data.sessions[sid], takeFlash(sid)),
    '/directory': (sid) => directoryPage(rp, store.data.sessions[sid], takeFlash(sid)),
    '/security-info': (sid) => (store.data.sessions[sid]?.username ? securityInfoPage(rp, store.data.sessions[sid], takeFlash(sid)) : undefined),
    '/admin': (sid) => {
      const session = store.data.sessions[sid];
      const flash = takeFlash(sid);
      return adminPage(rp, session, adminPortalAccess(rp, session), flash);
    },
  };

  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (req.method === 'GET' && host !== 'localhost') {
      // WebAuthn needs a domain (not an IP) as RP ID; http://localhost is a secure context.
      return send(res, 302, 'text/plain', 'use localhost', { location: `http://localhost:${port}${url.pathname}${url.search}` });
    }
    const route = api[`${req.method} ${url.pathname}`];
    if (route) {
      try {
        const sid = sessionOf(req, res, true);
        return sendJson(res, 200, await route(sid, await readJson(req)));
      } catch (error) {
        const code = error.code ?? 'ERR_INTERNAL';
        const status = error instanceof DemoError ? error.status : typeof error.code === 'string' ? 400 : 500;
        if (status === 500 && !options.quiet) console.error(error);
        return sendJson(res, status, { error: { code, message: error.message } });
      }
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (req.method === 'GET' && STATIC[url.pathname]) return send(res, 200, STATIC[url.pathname].type, STATIC[url.pathname].body);
    if (req.method === 'GET' && pages[url.pathname]) {
      const html = pages[url.pathname](sessionOf(req, res, false));
      return html === undefined ? send(res, 302, 'text/plain', 'sign in first', { location: '/' }) : send(res, 200, 'text/html; charset=utf-8', html);
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!options.quiet) console.error(error);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const port = server.address().port;
  const origin = `http://localhost:${port}`;
  rp.origins.push(origin);
  return {
    url: origin, origin, port, dataDir, store, trust: trustInfo, groups: Object.keys(tenant.groups),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('usage: node examples/demo-rp/server.mjs [--port 8080] [--data-dir DIR]');
    process.exit(0);
  }
  const demo = await startDemoServer({ port: Number(values.port), dataDir: values['data-dir'] });
  console.log(`vfido demo RP on ${demo.url}  (data: ${demo.dataDir}; Ctrl-C to stop)`);
}
