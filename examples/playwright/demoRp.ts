/**
 * Steps through the demo relying party's pages (examples/demo-rp), found by role and text as a user sees them.
 * In your app, replace these with your own sign-up and sign-in steps.
 */
import type { Page } from '@playwright/test';
import { expect } from '@vfido/playwright/test';

/** A fresh user name per test: the specs share one server. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Directory: create a user in `group` (an option's value or label, e.g. `admins`) and read the one-time TAP from the result. */
export async function createUser(page: Page, name: string, group: string): Promise<{ username: string; tap: string }> {
  await page.goto('/directory');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Group').selectOption(group);
  await page.getByRole('button', { name: 'Create user and issue TAP' }).click();
  const created = page.getByRole('heading', { name: /^User .+ created$/ });
  await expect(created).toBeVisible();
  const username = /^User (\S+) created$/.exec((await created.innerText()).trim())?.[1];
  const tap = /Temporary Access Pass: (\S+)/.exec(await page.getByText(/^Temporary Access Pass: /).innerText())?.[1];
  if (!username || !tap) throw new Error('no user name or TAP on the directory page');
  return { username, tap };
}

/** Sign in with the Temporary Access Pass; lands on Security info. */
export async function signInWithTap(page: Page, username: string, tap: string): Promise<void> {
  await page.goto('/');
  const form = page.locator('form').filter({ has: page.getByLabel('Temporary Access Pass') });
  await form.getByLabel('User name').fill(username);
  await form.getByLabel('Temporary Access Pass').fill(tap);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
}

/** A new user in `group`, signed in with their TAP, on Security info. */
export async function newUserOnSecurityInfo(page: Page, group: string): Promise<string> {
  const { username, tap } = await createUser(page, uniqueName('ada'), group);
  await signInWithTap(page, username, tap);
  return username;
}

/** Security info: press "Add a passkey" (the result is on the page afterwards). */
export async function addPasskey(page: Page): Promise<void> {
  await page.goto('/security-info');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
}

/** Sign out from the header. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('Not signed in')).toBeVisible();
}

/** The JSON the result panel carries (`#result-data`): the RP's verdict, reason codes included. */
export async function resultData<T>(page: Page): Promise<T> {
  return JSON.parse((await page.locator('#result-data').textContent()) ?? '{}') as T;
}
