/**
 * The `shim` backend hands client extension outputs to the page as the browser would: prf results,
 * largeBlob.blob and getCredBlob as ArrayBuffers (WebAuthn L3 10.1.4, 10.1.5; CTAP 2.1 12.2), with
 * toJSON() giving their base64url form. Inputs go in as BufferSources.
 */
import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { attachAuthenticator } from '../../packages/playwright/src/index.js';
import { useBrowserAndSite, type PageCredential, type PageGlobals } from './harness.js';

const env = useBrowserAndSite();

/** What the page saw of one ceremony's extension outputs. */
interface PageView {
  id: string;
  /** getClientExtensionResults() with each ArrayBuffer as { buffer: base64url } and other values as they are. */
  results: unknown;
  /** toJSON().clientExtensionResults. */
  json: unknown;
}

describe('shim: client extension outputs in the page', () => {
  it('prf, largeBlob, credProps and credBlob come back as ArrayBuffers, toJSON as base64url', async () => {
    const context = await env.browser.newContext();
    const vfido = await attachAuthenticator(context, { preset: 'yubikey-5-nfc', backend: 'shim' });
    const page = await context.newPage();
    await page.goto(`${env.site.origin}/`);
    const run = (op: 'create' | 'get', extensions: string, allowId?: string): Promise<PageView> =>
      page.evaluate(
        async ({ op, extensions, allowId }) => {
          const { navigator } = globalThis as unknown as PageGlobals;
          const b64u = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          const fromB64u = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
          const show = (v: unknown): unknown => {
            if (v instanceof ArrayBuffer) return { buffer: b64u(v) };
            if (ArrayBuffer.isView(v)) return { view: true };
            if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
            return v;
          };
          // Extension inputs: strings starting with "bytes:" become Uint8Arrays.
          const revive = (v: unknown): unknown => {
            if (typeof v === 'string' && v.startsWith('bytes:')) return new TextEncoder().encode(v.slice(6));
            if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k === 'ID' ? allowId! : k, revive(x)]));
            return v;
          };
          const ext = revive(JSON.parse(extensions));
          const challenge = crypto.getRandomValues(new Uint8Array(32));
          const credential = (
            op === 'create'
              ? await navigator.credentials.create({
                  publicKey: {
                    rp: { id: 'localhost', name: 'x' },
                    user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'ada', displayName: 'Ada' },
                    challenge,
                    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
                    authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' },
                    extensions: ext,
                  },
                })
              : await navigator.credentials.get({
                  publicKey: { challenge, rpId: 'localhost', allowCredentials: [{ type: 'public-key', id: fromB64u(allowId!) }], extensions: ext },
                })
          ) as PageCredential;
          return { id: credential.id, results: show(credential.getClientExtensionResults()), json: (credential.toJSON() as unknown as { clientExtensionResults: unknown }).clientExtensionResults };
        },
        { op, extensions, allowId },
      );

    const created = await run('create', JSON.stringify({ credProps: true, prf: {}, largeBlob: { support: 'required' }, credBlob: 'bytes:hello' }));
    expect(created.results).toEqual({ credProps: { rk: true }, prf: { enabled: true }, largeBlob: { supported: true }, credBlob: true });
    expect(created.json).toEqual(created.results);

    const written = await run('get', JSON.stringify({ largeBlob: { write: 'bytes:a large blob' } }), created.id);
    expect(written.results).toEqual({ largeBlob: { written: true } });
    const read = await run('get', JSON.stringify({ largeBlob: { read: true }, getCredBlob: true }), created.id);
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    expect(read.results).toEqual({ largeBlob: { blob: { buffer: b64('a large blob') } }, getCredBlob: { buffer: b64('hello') } });
    expect(read.json).toEqual({ largeBlob: { blob: b64('a large blob') }, getCredBlob: b64('hello') });

    const prf = await run('get', JSON.stringify({ prf: { eval: { first: 'bytes:one', second: 'bytes:two' } } }), created.id);
    const withUv = vfido.credentials({ rpId: 'localhost' })[0]!.hmacSecret!.withUv;
    const expected = (input: string) =>
      createHmac('sha256', withUv).update(createHash('sha256').update('WebAuthn PRF').update(Buffer.of(0)).update(input).digest()).digest().toString('base64url');
    expect(prf.results).toEqual({ prf: { results: { first: { buffer: expected('one') }, second: { buffer: expected('two') } } } });
    expect(prf.json).toEqual({ prf: { results: { first: expected('one'), second: expected('two') } } });
    await context.close();
  });
});
