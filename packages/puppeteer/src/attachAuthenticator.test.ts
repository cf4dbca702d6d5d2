import { describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { BridgeError } from '@vfido/bridge';
import { attachAuthenticator } from './attachAuthenticator.js';
import { bidiLink } from './bidiLink.js';

describe('attachAuthenticator: targets that are not Puppeteer objects', () => {
  it.each([null, undefined, 42, 'page', {}, { addInitScript: () => undefined }])('%o -> BridgeError ERR_TARGET_INVALID', async (target) => {
    const error = await attachAuthenticator(target as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'ERR_TARGET_INVALID', message: expect.stringContaining('Puppeteer Browser, BrowserContext or Page') });
  });
});

describe('bidiLink', () => {
  it('a browser without the expected BiDi connection -> BridgeError ERR_TARGET_INVALID naming it', () => {
    expect(() => bidiLink({} as Browser)).toThrow(BridgeError);
    expect(() => bidiLink({ connection: { send: () => undefined } } as unknown as Browser)).toThrow(/Browser\.connection/);
  });
});
