/**
 * Shared pieces of the demo RP tests (test/demo/*.test.ts): the #result panel reader and a `Visitor` that drives the
 * demo pages (examples/demo-rp) as a browser user would: Directory, TAP sign-in, Security info, passkey sign-in,
 * admin portal.
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoServer, DemoStoreData } from '../../examples/demo-rp/server.mjs';

/** The #result panel: which action, its outcome, the visible text and the JSON data block. */
export interface Result {
  action: string | null;
  outcome: string | null;
  text: string;
  data: Record<string, unknown>;
}

/** The #result panel of the current page (server-rendered, or written by app.js on a browser-side error). */
export async function result(page: Page): Promise<Result> {
  await page.waitForSelector('#result[data-outcome]');
  const data = (await page.locator('#result-data').count()) ? (JSON.parse((await page.locator('#result-data').textContent()) ?? '{}') as Record<string, unknown>) : {};
  return {
    action: await page.getAttribute('#result', 'data-action'),
    outcome: await page.getAttribute('#result', 'data-outcome'),
    text: ((await page.textContent('#result')) ?? '').replace(/\s+/g, ' '),
    data,
  };
}

/** A browser user with one authenticator, driving the demo pages. */
export class Visitor {
  constructor(readonly page: Page, public site: DemoServer) {}
  go(path: string) {
    return this.page.goto(`${this.site.url}${path}`);
  }
  async createUser(name: string, group: string): Promise<{ username: string; tap: string }> {
    await this.go('/directory');
    await this.page.fill('#create-user [name=name]', name);
    await this.page.selectOption('#create-user [name=group]', group);
    await this.page.click('#create-user button');
    const r = await result(this.page);
    expect(r.action).toBe('tap-issued');
    return r.data as { username: string; tap: string };
  }
  async tapSignIn(username: string, tap: string): Promise<void> {
    await this.go('/');
    await this.page.fill('#tap-signin [name=username]', username);
    await this.page.fill('#tap-signin [name=tap]', tap);
    await this.page.click('#tap-signin button');
  }
  async adminPortal(): Promise<{ access: string | null; reason: string | null; text: string }> {
    await this.go('/admin');
    return {
      access: await this.page.getAttribute('#access', 'data-access'),
      reason: await this.page.getAttribute('#access', 'data-reason'),
      text: ((await this.page.textContent('#access')) ?? '').replace(/\s+/g, ' '),
    };
  }
  async addPasskey(): Promise<Result> {
    await this.go('/security-info');
    await this.page.click('#add-passkey');
    return result(this.page);
  }
  async signOut(): Promise<void> {
    await this.page.click('#sign-out');
    await this.page.waitForURL(`${this.site.url}/`);
  }
  /** Passkey sign-in from the home page, or (`from: '/admin'`) the admin portal's step-up form. */
  async passkeySignIn(username: string, from = '/'): Promise<Result> {
    await this.go(from);
    await this.page.fill('#passkey-signin [name=username]', username);
    await this.page.click('#passkey-signin button');
    return result(this.page);
  }
}

/** The demo store as written to disk. */
export const storeOnDisk = (site: DemoServer): DemoStoreData => JSON.parse(readFileSync(join(site.dataDir, 'store.json'), 'utf8')) as DemoStoreData;

