/**
 * Negative mutation suite: every row of test/negative/table.ts changes one field of a valid vfido
 * registration or assertion; @vfido/rp must give exactly the row's outcome (the WebAuthn L3 verdict and
 * its error code), and @simplewebauthn/server 14 the row's verdict (rows where it differs from the spec
 * say why). The last test writes test/negative/REPORT.md from the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrustStore } from '@vfido/rp';
import { makeFixtures, type Fixtures } from './fixtures.js';
import { renderReport } from './report.js';
import { CHAINED_FORMATS, configureTrust, runRow, type Outcome } from './run.js';
import { controls, mutations } from './table.js';
import { isDisagreement, type MutationRow } from './types.js';

const REPORT = fileURLToPath(new URL('./REPORT.md', import.meta.url));

let fx: Fixtures;
let store: TrustStore;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  fx = await makeFixtures();
  store = configureTrust(fx);
});

/** The flag an accepted row must report: attestation trusted (registration) or cloneWarning (authentication). */
const expectedFlag = (row: MutationRow): boolean =>
  row.expectFlag ?? (row.target === 'registration' ? CHAINED_FORMATS.includes(row.format) : false);

async function check(row: MutationRow): Promise<void> {
  const o = await runRow(row, fx, store);
  outcomes.set(row.name, o);
  expect(o.rp, `@vfido/rp: ${o.rpDetail}`).toBe(row.rp);
  if (o.rp === 'accept') expect(o.flag, row.target === 'registration' ? 'attestation trusted' : 'cloneWarning').toBe(expectedFlag(row));
  expect(o.swa, `@simplewebauthn/server: ${o.swaDetail}`).toBe(row.swa);
}

describe('the table', () => {
  it('has unique names, at least 150 mutations, and a reason exactly where SimpleWebAuthn differs from the spec', () => {
    const all = [...controls, ...mutations];
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
    expect(mutations.length).toBeGreaterThanOrEqual(150);
    for (const r of all) expect(r.why !== undefined, `${r.name}: why`).toBe(isDisagreement(r));
    for (const r of controls) expect([r.rp, r.swa]).toEqual(['accept', 'accept']);
  });
});

describe('controls: unchanged responses', () => {
  it.each(controls.map((r) => [r.name, r] as const))('%s', async (_name, row) => check(row));
});

describe('mutations', () => {
  it.each(mutations.map((r) => [r.name, r] as const))('%s', async (_name, row) => check(row));
});

describe('report', () => {
  it('every row ran as the table says; REPORT.md is the table rendered', () => {
    const missing = [...controls, ...mutations].filter((r) => {
      const o = outcomes.get(r.name);
      return !o || o.rp !== r.rp || o.swa !== r.swa;
    });
    expect(missing.map((r) => r.name)).toEqual([]);
    const report = renderReport(mutations, controls);
    let current = '';
    try {
      current = readFileSync(REPORT, 'utf8');
    } catch {
      // first run
    }
    if (current !== report) writeFileSync(REPORT, report);
    const disagreements = mutations.filter(isDisagreement);
    console.log(`${mutations.length} mutations (+${controls.length} controls); SimpleWebAuthn disagrees with the spec on ${disagreements.length}`);
  });
});
