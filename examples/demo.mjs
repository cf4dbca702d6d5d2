#!/usr/bin/env node
// vfido browser demo (`npm run demo`): starts the demo relying party (examples/demo-rp/), launches headless
// Chromium and, for several authenticator models, goes through the Entra-style flow on the real pages: an
// administrator issues a Temporary Access Pass, the user signs in with it, the admin portal refuses that session,
// the user adds a passkey (judged by the passkey profile of their group), signs in with it, and the admin portal
// lets the passkey session in. The passkey comes from @vfido/playwright (backend 'shim', so the model's AAGUID and
// attestation are the real ones). Prints a table, saves a screenshot per run into demo-output/, exits 0 when every
// outcome is what the policy should decide (EXPECTED below), 1 when one is not, 2 when no browser is found.
//
//   node examples/demo.mjs [--preset yubikey-5-nfc[,icloud-keychain]] [--policy admins|standard-users|windows-hello-preview|authenticator-pilot|all]
//                          [--headed] [--port 0] [--browser-path /path/to/chrome] [--out demo-output] [--data-dir DIR]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const PRESETS = ['yubikey-5-nfc', 'windows-hello-hardware', 'ms-authenticator-ios', 'icloud-keychain', 'google-password-manager'];
const DEFAULT_POLICIES = ['standard-users', 'admins'];
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// What the policy should decide at registration, per demo group (examples/policies/*.json) and preset:
// `admit`, or the deny code that must be among the reasons. Admitted passkeys must then sign in and reach the
// admin portal; refused ones leave the user without a passkey. The TAP session is always refused by the portal.
const admit = (why) => ({ verdict: 'admitted', why });
const deny = (code, why) => ({ verdict: 'denied', code, why });
const EXPECTED = {
  'standard-users': {
    'yubikey-5-nfc': admit('device-bound security key; the profile allows both types and blocks only Microsoft Authenticator'),
    'windows-hello-hardware': admit('device-bound and not blocked; attestation is not enforced, so tpm is simply accepted'),
    'ms-authenticator-ios': deny('AAGUID_BLOCKED', 'Microsoft Authenticator is on the block list for all users (only the pilot group may use it)'),
    'icloud-keychain': admit('synced passkeys are allowed and attestation is not enforced, so fmt none is accepted'),
    'google-password-manager': admit('synced passkeys are allowed and attestation is not enforced, so fmt none is accepted'),
  },
  'authenticator-pilot': {
    'yubikey-5-nfc': admit("satisfies 'Standard users' as for any user"),
    'windows-hello-hardware': admit("satisfies 'Standard users' as for any user"),
    'ms-authenticator-ios': admit("blocked by 'Standard users' but allowed by 'Authenticator pilot': any one profile suffices"),
    'icloud-keychain': admit("satisfies 'Standard users' (synced allowed)"),
    'google-password-manager': admit("satisfies 'Standard users' (synced allowed)"),
  },
  admins: {
    'yubikey-5-nfc': deny('AAGUID_NOT_ALLOWED', 'the Admins profile allows only the two Microsoft Authenticator AAGUIDs'),
    'windows-hello-hardware': deny('AAGUID_NOT_ALLOWED', 'not on the Authenticator allow list (and Windows Hello cannot be attested in the preview)'),
    'ms-authenticator-ios': admit('device-bound, on the allow list, packed attestation chains to its MDS root'),
    'icloud-keychain': deny('PASSKEY_TYPE_NOT_ALLOWED', 'synced passkey; Admins allows device-bound only (synced passkeys cannot be attested)'),
    'google-password-manager': deny('PASSKEY_TYPE_NOT_ALLOWED', 'synced passkey; Admins allows device-bound only (synced passkeys cannot be attested)'),
  },
  'windows-hello-preview': {
    'yubikey-5-nfc': deny('AAGUID_NOT_ALLOWED', 'only the three Windows Hello AAGUIDs are allowed'),
    'windows-hello-hardware': admit('a Windows Hello AAGUID on the allow list, attestation not enforced (preview configuration)'),
    'ms-authenticator-ios': deny('AAGUID_NOT_ALLOWED', 'only the three Windows Hello AAGUIDs are allowed'),
    'icloud-keychain': deny('PASSKEY_TYPE_NOT_ALLOWED', 'synced passkey; the profile allows device-bound only'),
    'google-password-manager': deny('PASSKEY_TYPE_NOT_ALLOWED', 'synced passkey; the profile allows device-bound only'),
  },
};

const USAGE = `usage: node examples/demo.mjs [--preset id[,id]] [--policy name[,name]|all] [--headed] [--port N] [--browser-path PATH] [--out DIR] [--data-dir DIR]
  presets (default): ${PRESETS.join(', ')}
  policies: ${Object.keys(EXPECTED).join(', ')}, all (default: ${DEFAULT_POLICIES.join(', ')})`;

// The #result panel once it has an outcome: rendered by the server with its JSON in #result-data (whole once the
// document is parsed), or written by app.js on a browser-side error, without data.
const resultOf = async (page) => {
  await page.waitForLoadState('domcontentloaded');
  const data = page.locator('#result-data');
  return {
    outcome: await page.getAttribute('#result', 'data-outcome'),
    data: (await data.count()) ? JSON.parse((await data.textContent()) ?? '{}') : {},
    text: (await page.textContent('#result'))?.replace(/\s+/g, ' ').trim(),
  };
};

/** One user, one preset, one group: TAP -> admin portal -> add passkey -> passkey sign-in -> admin portal. */
async function runFlow({ browser, attachAuthenticator, demo, preset, group, out }) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    await attachAuthenticator(context, { preset, backend: 'shim' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const go = (path) => page.goto(`${demo.url}${path}`);

    await go('/directory');
    await page.fill('#create-user [name=name]', `${preset}.${group}`);
    await page.selectOption('#create-user [name=group]', group);
    await page.click('#create-user button');
    await page.waitForSelector('#result[data-outcome]');
    const { username, tap } = (await resultOf(page)).data;

    await go('/');
    await page.fill('#tap-signin [name=username]', username);
    await page.fill('#tap-signin [name=tap]', tap);
    await page.click('#tap-signin button');
    await page.waitForURL('**/security-info');
    await go('/admin');
    const tapAdmin = await page.getAttribute('#access', 'data-access');

    await go('/security-info');
    await page.click('#add-passkey');
    await page.waitForSelector('#result[data-outcome]');
    const reg = await resultOf(page);
    const shot = join(out, `${preset}--${group}.png`);
    if (reg.outcome !== 'admitted') await page.screenshot({ path: shot, fullPage: true });

    await page.click('#sign-out');
    await page.waitForURL(`${demo.url}/`);
    await page.fill('#passkey-signin [name=username]', username);
    await page.click('#passkey-signin button');
    await page.waitForSelector('#result[data-outcome]');
    const signIn = await resultOf(page);
    let passkeyAdmin = 'n/a';
    if (signIn.outcome === 'ok') {
      await go('/admin');
      passkeyAdmin = await page.getAttribute('#access', 'data-access');
      await go('/security-info');
      await page.screenshot({ path: shot, fullPage: true });
    }
    return { reg, signIn, tapAdmin, passkeyAdmin, shot };
  } finally {
    await context.close();
  }
}

/** Does the run match EXPECTED? Returns the list of mismatches. */
function check(expected, run) {
  if (!expected) return [];
  const problems = [];
  const denyCodes = (run.reg.data.reasons ?? []).filter((r) => r.kind === 'deny').map((r) => r.code);
  if (run.reg.outcome !== expected.verdict) problems.push(`registration ${run.reg.outcome}, expected ${expected.verdict}`);
  else if (expected.code && !denyCodes.includes(expected.code)) problems.push(`deny reasons ${denyCodes.join(', ')}, expected ${expected.code}`);
  if (run.tapAdmin !== 'refused') problems.push(`admin portal with a TAP session: ${run.tapAdmin}, expected refused`);
  const admitted = expected.verdict === 'admitted';
  if (admitted && run.signIn.outcome !== 'ok') problems.push(`passkey sign-in ${run.signIn.outcome}, expected ok`);
  if (!admitted && run.signIn.outcome === 'ok') problems.push('passkey sign-in succeeded without an admitted passkey');
  if (admitted && run.passkeyAdmin !== 'granted') problems.push(`admin portal with a passkey session: ${run.passkeyAdmin}, expected granted`);
  return problems;
}

function printTable(rows) {
  const columns = Object.keys(rows[0]);
  const width = (c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(width(columns[i]))).join('  ').trimEnd();
  console.log(line(columns));
  console.log(columns.map((c) => '-'.repeat(width(c))).join('  '));
  for (const r of rows) console.log(line(columns.map((c) => r[c] ?? '')));
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        preset: { type: 'string', multiple: true }, policy: { type: 'string', multiple: true }, headed: { type: 'boolean', default: false },
        port: { type: 'string', default: '0' }, 'browser-path': { type: 'string' }, out: { type: 'string', default: 'demo-output' },
        'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const split = (list) => list?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const presetIds = split(values.preset) ?? PRESETS;
  const policyArg = split(values.policy);
  const groups = !policyArg ? DEFAULT_POLICIES : policyArg.includes('all') ? Object.keys(EXPECTED) : policyArg;

  // The same finder/installer as `npm test` (scripts/peers.mjs): --browser-path, CHROME_PATH, Debian's chromium,
  // Playwright's own; installs one where it can, else prints the command to run.
  const { ensurePeers } = await import('../scripts/peers.mjs');
  const peers = await ensurePeers({ purposes: ['demo'], browserPath: values['browser-path'] });
  if (peers.code !== 0) return 2;
  const executablePath = peers.peers.find((p) => p.id === 'chromium').path;
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    console.error('playwright-core is not installed: run npm install first');
    return 2;
  }

  const { presets } = await import('@vfido/core');
  const { attachAuthenticator } = await import('@vfido/playwright');
  const { startDemoServer } = await import('./demo-rp/server.mjs');
  const unknownPreset = presetIds.find((p) => !presets[p]);
  if (unknownPreset) {
    console.error(`unknown preset '${unknownPreset}'; presets: ${Object.keys(presets).join(', ')}`);
    return 1;
  }
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'vfido-demo-'));
  const demo = await startDemoServer({ port: Number(values.port), dataDir, quiet: true });
  const unknownGroup = groups.find((g) => !demo.groups.includes(g));
  if (unknownGroup) {
    await demo.close();
    console.error(`unknown policy '${unknownGroup}'; choose from ${demo.groups.join(', ')} or all`);
    return 1;
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath, headless: !values.headed, args: LAUNCH_ARGS });
  console.log(`vfido demo: relying party ${demo.url} (data ${dataDir}), browser ${executablePath}`);
  console.log(`attestation trust: FIDO MDS3 BLOB ${demo.trust.blobPath} (vfido TEST BLOB; a real deployment loads ${'https://mds3.fidoalliance.org/'})\n`);

  const rows = [];
  const notes = [];
  let failures = 0;
  try {
    for (const group of groups) {
      for (const preset of presetIds) {
        const expected = EXPECTED[group]?.[preset];
        let run;
        try {
          run = await runFlow({ browser, attachAuthenticator, demo, preset, group, out });
        } catch (error) {
          failures++;
          rows.push({ preset, policy: group, verdict: 'ERROR', ok: 'NO' });
          notes.push(`${preset} / ${group}: ${error.message.split('\n')[0]}`);
          continue;
        }
        const d = run.reg.data;
        const problems = check(expected, run);
        if (problems.length) failures++;
        const denyCodes = (d.reasons ?? []).filter((r) => r.kind === 'deny').map((r) => r.code);
        rows.push({
          preset, model: d.model ?? '?', fmt: d.fmt ?? '?', trust: d.trust ?? '?', type: d.passkeyType ?? '?', policy: group,
          verdict: run.reg.outcome === 'admitted' ? `admitted (${d.profile})` : run.reg.outcome === 'denied' ? `denied ${denyCodes[0]}` : `error`,
          'sign-in': run.signIn.outcome === 'ok' ? 'ok' : run.signIn.outcome === 'error' ? 'no passkey' : run.signIn.outcome,
          counter: run.signIn.data.counter ? `${run.signIn.data.counter.before} -> ${run.signIn.data.counter.after}` : '-',
          admin: `TAP ${run.tapAdmin}, passkey ${run.passkeyAdmin}`,
          ok: !expected ? '?' : problems.length ? 'NO' : 'yes',
        });
        const reason = run.reg.outcome === 'admitted' ? (d.reasons ?? []).find((r) => r.kind === 'admit')?.message : (d.reasons ?? []).filter((r) => r.kind === 'deny').map((r) => r.message).join('; ') || run.reg.text;
        notes.push(`${preset} / ${group}: ${reason}\n    expected: ${expected ? `${expected.verdict}${expected.code ? ` ${expected.code}` : ''}: ${expected.why}` : 'nothing written for this pair'}` +
          `${problems.length ? `\n    MISMATCH: ${problems.join('; ')}` : ''}\n    screenshot: ${run.shot}`);
      }
    }
  } finally {
    await browser.close();
    await demo.close();
    if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(rows);
  console.log(`\nWhy:\n${notes.map((n) => `  ${n}`).join('\n')}`);
  const checked = rows.filter((r) => r.ok !== '?').length;
  console.log(`\n${checked - failures} of ${checked} runs decided as the policy should${failures ? ` (${failures} did not)` : ''}.`);
  return failures ? 1 : 0;
}

process.exitCode = await main();
