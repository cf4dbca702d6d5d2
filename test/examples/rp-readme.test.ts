/**
 * packages/rp/README.md's `ts` blocks run as written: they are joined, in order, into one module
 * (test/examples/rpReadme.ts, which `tsc -p tsconfig.test.json` type-checks), and this test checks that the module
 * is the README's current code, runs it, and checks what the README's comments claim. It also checks that the
 * README's error tables list every code @vfido/rp can throw.
 *
 * After editing the README: VFIDO_UPDATE_README=1 npx vitest run test/examples/rp-readme.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PolicyErrorCode, VerificationErrorCode, credentialRecordFromJSON } from '@vfido/rp';

const README = fileURLToPath(new URL('../../packages/rp/README.md', import.meta.url));
const MODULE = fileURLToPath(new URL('./rpReadme.ts', import.meta.url));
/** What the test reads from the module: the README's own variables, exported by a fixed epilogue. */
const EPILOGUE = [
  '',
  '// Appended by the test, not part of the README: the values the test checks.',
  'export const readme = {',
  '  registrationOptions, registration, signIn, db, securityKeyOptions, stored, restored, attested, seedMismatch, admin,',
  '  adminSignIn, trust, strength, failure,',
  '};',
  '',
];

/** Joins the README's ```ts blocks into one module, with every `import { ... } from '...'` merged at the top. */
function moduleFromReadme(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      const m = /^import \{ ([^}]+) \} from '([^']+)';(?:\s*\/\/.*)?$/.exec(line);
      if (m) {
        const names = imports.get(m[2]!) ?? new Set<string>();
        for (const name of m[1]!.split(',')) names.add(name.trim());
        imports.set(m[2]!, names);
      } else {
        expect(line.startsWith('import '), `README import lines must be single-line named imports: ${line}`).toBe(false);
        body.push(line);
      }
    }
  }
  const header = [
    '// Generated from packages/rp/README.md by test/examples/rp-readme.test.ts: edit the README, not this file.',
    ...[...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`),
  ];
  return `${[...header, ...body, ...EPILOGUE].join('\n')}`;
}

describe('packages/rp/README.md', () => {
  const markdown = readFileSync(README, 'utf8');

  it('its ts blocks are test/examples/rpReadme.ts', () => {
    const expected = moduleFromReadme(markdown);
    if (process.env.VFIDO_UPDATE_README === '1') writeFileSync(MODULE, expected);
    expect(readFileSync(MODULE, 'utf8'), 'the README changed: VFIDO_UPDATE_README=1 npx vitest run test/examples/rp-readme.test.ts').toBe(expected);
  });

  it('runs, and does what its comments say', async () => {
    const { readme: r } = await import('./rpReadme.js');
    // Register and sign in.
    expect(r.registration.credential.attestation.fmt).toBe('packed');
    expect(r.signIn.userHandle).toBe(r.registrationOptions.userId);
    expect(r.signIn.cloneWarning).toBe(false);
    const row = credentialRecordFromJSON(r.db.get(r.registration.credential.id)!);
    expect(row.signCount).toBeGreaterThanOrEqual(r.signIn.newSignCount);
    expect(r.signIn.newSignCount).toBeGreaterThan(r.registration.credential.signCount);
    // Options.
    expect(r.securityKeyOptions.options.user.id).toBe(r.registrationOptions.userId);
    expect(r.securityKeyOptions.options.excludeCredentials.map((c) => c.id)).toEqual([r.registration.credential.id]);
    expect(r.securityKeyOptions.options.authenticatorSelection.requireResidentKey).toBe(false);
    // Records.
    expect(r.stored).toMatchObject({ version: 1, type: 'public-key', id: r.registration.credential.id, algorithm: r.registration.credential.algorithm, aaguid: r.registration.credential.aaguid });
    expect(r.stored.algorithm).toBe(-8); // the YubiKey takes the first offered algorithm it has: EdDSA
    expect(r.restored).toEqual(credentialRecordFromJSON(r.stored));
    // Trust.
    expect(r.attested.credential.attestation).toMatchObject({ fmt: 'packed', type: 'basic', trusted: true });
    expect(r.trust.metadataStatement(r.attested.credential.aaguid)?.description).toBe('YubiKey 5 Series with NFC');
    expect(r.seedMismatch).toContain('a different key under the same name');
    expect(r.seedMismatch).toContain('CN=vfido TEST Root CA - Yubico (NOT A REAL YUBICO CA)');
    // Policy.
    expect(r.admin.policy).toMatchObject({ admitted: true, matchedProfile: { name: 'Security keys' } });
    expect(r.adminSignIn.policy?.admitted).toBe(true);
    expect(r.adminSignIn.policy?.reasons.map((x) => x.code)).toContain('PROFILE_SATISFIED');
    expect(r.strength.satisfied).toBe(true);
    // Errors.
    expect(r.failure).toBe('ERR_ORIGIN_MISMATCH');
  });

  it('documents every error code', () => {
    for (const code of [...Object.values(VerificationErrorCode), ...Object.values(PolicyErrorCode)]) {
      expect(markdown, `README error tables lack ${code}`).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
    }
  });
});
