/**
 * Copyable plain playwright-core script: attach a vfido Windows Hello authenticator to a context, register on a
 * page and save the passkey in Playwright's `context.credentials` shape for a later run.
 *   node examples/playwright/attach.mjs https://your-app.example/register
 */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { attachAuthenticator } from '@vfido/playwright';

const url = process.argv[2] ?? 'http://localhost:3000/register';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext();
const vfido = await attachAuthenticator(context, { preset: 'windows-hello-hardware', backend: 'auto' });
vfido.on('registered', (e) => console.log(`registered ${e.credentialId} for ${e.rpId} via ${e.backend}`));
vfido.on('asserted', (e) => console.log(`signed in with ${e.credentialId}, counter ${e.signCount}`));

const page = await context.newPage();
await page.goto(url);
// ...drive your registration UI here, e.g. await page.getByRole('button', { name: 'Create a passkey' }).click();

// Keys included: keep this file out of version control.
writeFileSync('passkeys.playwright.json', JSON.stringify(vfido.exportCredentials('playwright'), null, 2));
await vfido.detach();
await browser.close();
