/**
 * The parts of the WPT webauthn/ runner (scripts/wpt/) that need no WPT checkout and no browser: the
 * testdriver -> backend mapping (authenticator options, credential shapes) and the result bookkeeping.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator, getPreset } from '@vfido/core';
import { TESTDRIVER_ACTIONS, cdpOptionsFor, cdpToWebdriverCredential, presetFor, webdriverToCdpCredential } from '../../scripts/wpt/mapping.mjs';
import { countSubtests, differences, fileResult, formatDifferences, formatTable, regressions } from '../../scripts/wpt/results.mjs';
import { HOST_RESOLVER_RULES, listTests, startServer, substitute, windowWrapper } from '../../scripts/wpt/server.mjs';

describe('testdriver authenticator configuration', () => {
  it('maps to CDP options as chromedriver does (protocol, ctap2Version, extensions)', () => {
    const u2f = cdpOptionsFor({ protocol: 'ctap1/u2f', transport: 'usb' });
    expect(u2f).toMatchObject({ protocol: 'u2f', transport: 'usb', hasResidentKey: false, hasUserVerification: false, isUserVerified: false, automaticPresenceSimulation: true });
    expect(u2f).not.toHaveProperty('ctap2Version');
    expect(cdpOptionsFor({ protocol: 'ctap2' })).toMatchObject({ protocol: 'ctap2', ctap2Version: 'ctap2_0' });
    const full = cdpOptionsFor({ protocol: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, extensions: ['largeBlob', 'credBlob', 'minPinLength', 'prf', 'unknown'] });
    expect(full).toMatchObject({ protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasLargeBlob: true, hasCredBlob: true, hasMinPinLength: true, hasPrf: true });
    expect(cdpOptionsFor({ protocol: 'ctap2', isUserConsenting: false }).automaticPresenceSimulation).toBe(false);
  });

  it('maps to a vfido preset vfido accepts, with the configuration capabilities', () => {
    const generic = getPreset('generic');
    const before = JSON.stringify(generic);
    const u2f = presetFor({ protocol: 'ctap1/u2f', transport: 'usb' }, generic);
    expect(u2f.getInfo.versions).toEqual(['U2F_V2']);
    expect(u2f.residentKeys).toBe(false);
    expect(u2f.userVerification.capable).toBe(false);
    const platform = presetFor({ protocol: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, extensions: ['largeBlob', 'prf'] }, generic);
    expect(platform.attachment).toBe('platform');
    expect(platform.transports).toEqual(['internal']);
    expect(platform.getInfo.versions).toEqual(['FIDO_2_0', 'FIDO_2_1']);
    expect(platform.getInfo.extensions).toEqual(['largeBlobKey', 'hmac-secret']);
    expect(platform.getInfo.options).toMatchObject({ rk: true, uv: true, plat: true, largeBlobs: true });
    expect(u2f.getInfo.options?.largeBlobs).toBeUndefined();
    for (const preset of [u2f, platform]) expect(new VirtualAuthenticator({ preset }).preset.id).toBe(preset.id);
    expect(JSON.stringify(generic)).toBe(before); // the base preset is not mutated
  });

  it('credential shapes: WebDriver base64url <-> CDP base64, and vfido imports the CDP form', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(16);
    const webdriver = {
      credentialId: id.toString('base64url'),
      isResidentCredential: true,
      rpId: 'localhost',
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
      userHandle: Buffer.from('user-1').toString('base64url'),
      signCount: 7,
    };
    const cdp = webdriverToCdpCredential(webdriver);
    expect(cdp.credentialId).toBe(id.toString('base64'));
    expect(cdpToWebdriverCredential(cdp)).toEqual(webdriver);
    const authenticator = new VirtualAuthenticator();
    const stored = authenticator.addCredential(cdp, 'localhost');
    expect(Buffer.from(stored.id).equals(id)).toBe(true);
    expect(stored.rpId).toBe('localhost');
    expect(cdpToWebdriverCredential(authenticator.exportCredentials('cdp')[0]!)).toMatchObject({ credentialId: webdriver.credentialId, rpId: 'localhost', userHandle: webdriver.userHandle });
  });

  it('names a backend mapping for every WebAuthn testdriver action', () => {
    for (const action of ['add_virtual_authenticator', 'remove_virtual_authenticator', 'add_credential', 'get_credentials', 'remove_credential', 'remove_all_credentials', 'set_user_verified']) {
      expect(TESTDRIVER_ACTIONS[action]?.chromium).toBeTruthy();
      expect(TESTDRIVER_ACTIONS[action]?.vfido).toBeTruthy();
    }
  });
});

describe('results', () => {
  const ref = [
    fileResult('webauthn/a.https.html', { tests: [{ name: 'one', status: 0 }, { name: 'two', status: 0 }, { name: 'three', status: 1, message: 'x' }], status: { status: 0 } }),
    fileResult('webauthn/b.https.html', { tests: [{ name: 'only', status: 0 }], status: { status: 0 } }),
  ];
  const shim = [
    fileResult('webauthn/a.https.html', { tests: [{ name: 'one', status: 0 }, { name: 'two', status: 1, message: 'assert_equals: expected "a" but got "b"' }, { name: 'three', status: 0 }], status: { status: 0 } }),
    fileResult('webauthn/b.https.html', { tests: [] }, { timedOut: true }),
  ];

  it('reads testharness statuses and counts every file, including one that reported nothing', () => {
    expect(ref[0]?.subtests.map((t) => t.status)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(shim[1]?.harness).toBe('TIMEOUT');
    expect(countSubtests(ref)).toMatchObject({ files: 2, subtests: 4, PASS: 3, FAIL: 1, harnessErrors: 0 });
    expect(countSubtests(shim)).toMatchObject({ files: 2, subtests: 4, PASS: 2, FAIL: 1, TIMEOUT: 1, harnessErrors: 1 });
    expect(fileResult('f', { tests: [{ name: 'n', status: 3 }], status: { status: 1, message: 'boom' } })).toMatchObject({ harness: 'ERROR', message: 'boom', subtests: [{ status: 'NOTRUN' }] });
  });

  it('lists differences per file, and as regressions only what passes with chromium', () => {
    const diffs = differences(ref, shim);
    expect(diffs.map((d) => d.file)).toEqual(['webauthn/a.https.html', 'webauthn/b.https.html']);
    expect(diffs[0]?.subtests).toEqual([
      { name: 'two', reference: 'PASS', status: 'FAIL', message: 'assert_equals: expected "a" but got "b"', referenceMessage: null },
      { name: 'three', reference: 'FAIL', status: 'PASS', message: null, referenceMessage: 'x' },
    ]);
    expect(diffs[1]?.subtests.map((t) => [t.name, t.reference, t.status])).toEqual([['only', 'PASS', 'MISSING'], ['(file)', 'MISSING', 'TIMEOUT']]);
    expect(regressions(diffs).map((r) => `${r.file} ${r.name}`)).toEqual(['webauthn/a.https.html two', 'webauthn/b.https.html only']);
    expect(differences(ref, ref)).toEqual([]);
    const text = formatDifferences('shim', diffs);
    expect(text).toContain('[chromium PASS -> shim FAIL] two');
    expect(text).toContain('expected "a" but got "b"');
    const table = formatTable({ chromium: countSubtests(ref), shim: countSubtests(shim) }).split('\n');
    expect(table[0]).toMatch(/^backend\s+files\s+subtests\s+PASS\s+FAIL\s+TIMEOUT/);
    expect(table[2]).toMatch(/^chromium\s+2\s+4\s+3\s+1\s+0/);
    expect(table[3]).toMatch(/^shim\s+2\s+4\s+2\s+1\s+1/);
  });

  it('wraps a .window.js test as wptserve does (META scripts and timeout)', () => {
    const html = windowWrapper('// META: timeout=long\n// META: script=/resources/idlharness.js\n// META: script=helpers.js\ntest(() => {});\n', 'x.https.window.js');
    expect(html).toContain('<meta name="timeout" content="long">');
    const order = ['/resources/testharness.js', '/resources/testharnessreport.js', '/resources/idlharness.js', 'helpers.js', 'x.https.window.js'].map((s) => html.indexOf(`src="${s}"`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
  });
});

describe('server (a fake WPT tree, no checkout)', () => {
  it('substitutes the .sub. tokens webauthn tests use', () => {
    const env = { ports: { http: 8000, https: 8443 }, url: new URL('https://web-platform.test:8443/webauthn/x.sub.html?a=1') };
    expect(substitute('https://{{hosts[alt][www]}}:{{ports[https][0]}}/ {{host}} {{domains[www1]}} {{hosts[][]}} {{location[server]}} {{GET[a]}} {{unknown}}', env)).toBe(
      'https://www.not-web-platform.test:8443/ web-platform.test www1.web-platform.test web-platform.test https://web-platform.test:8443 1 {{unknown}}',
    );
    expect(HOST_RESOLVER_RULES).toContain('MAP *.not-web-platform.test 127.0.0.1');
  });

  it('lists automated tests, serves the vendor hooks, wrappers, substitutions and nothing outside the tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpt-fake-'));
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    put('webauthn/a.https.html', '<p>a</p>');
    put('webauthn/b.https.window.js', '// META: script=helpers.js\ntest(() => {});\n');
    put('webauthn/c-manual.https.html', '<p>manual</p>');
    put('webauthn/d.https.sub.html', '<p>{{ports[http][0]}}</p>');
    put('webauthn/helpers.js', '');
    put('resources/webidl2/lib/webidl2.js', '/* webidl2 */');
    const server = await startServer(dir);
    try {
      expect(await listTests(dir)).toEqual(['webauthn/a.https.html', 'webauthn/b.https.window.html', 'webauthn/d.https.sub.html']);
      expect(server.urlOf('webauthn/a.https.html')).toBe(`https://web-platform.test:${server.ports.https}/webauthn/a.https.html`);
      expect(server.urlOf('webauthn/s.http.html')).toBe(`http://web-platform.test:${server.ports.http}/webauthn/s.http.html`);
      expect(server.spkiHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      const get = async (path: string) => {
        const res = await fetch(`http://127.0.0.1:${server.ports.http}${path}`);
        return { status: res.status, text: await res.text() };
      };
      expect((await get('/resources/testdriver-vendor.js')).text).toContain('internal.add_virtual_authenticator');
      expect((await get('/resources/testharnessreport.js')).text).toContain('add_completion_callback');
      expect((await get('/resources/WebIDLParser.js')).text).toBe('/* webidl2 */');
      expect((await get('/webauthn/b.https.window.html')).text).toContain('<script src="b.https.window.js"></script>');
      expect((await get('/webauthn/d.https.sub.html')).text).toBe(`<p>${server.ports.http}</p>`);
      expect((await get('/webauthn/a.https.html')).text).toBe('<p>a</p>');
      expect((await get('/webauthn/missing.html')).status).toBe(404);
      expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
