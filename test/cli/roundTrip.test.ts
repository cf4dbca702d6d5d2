/**
 * `vfido create` -> `vfido verify registration` for every preset, and `vfido get` ->
 * `vfido verify authentication` for a representative subset, through the program's `run` entry (in-process), with the
 * preset's vfido TEST roots as the only trust anchors.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualAuthenticator, presetIds, presets, type Preset } from '@vfido/core';
import { tempDir, vfido } from './vfido.js';

const ORIGIN = 'https://login.example.com';
const REG_CHALLENGE = Buffer.from('registration challenge 0123456789').toString('base64url');
const AUTH_CHALLENGE = Buffer.from('authentication challenge 0123456').toString('base64url');
const ZERO = '00000000-0000-0000-0000-000000000000';

/**
 * Presets whose credential also signs in through `vfido get` and `vfido verify authentication`.
 * Every preset's registration is verified (attestation formats and trust differ per model); an
 * assertion depends only on the key algorithm, the counter mode and the BE/BS flags, which these
 * cover, together with one preset per attestation format (so each format's stored credential signs in):
 * - windows-hello-hardware: tpm, RS256, per-credential counter
 * - yubikey-5-nfc: packed basic, EdDSA (first of -8,-7,-257), global counter
 * - chrome-mac: packed self, timestamp counter
 * - icloud-keychain: none, synced (BE and BS set), zero counter
 * - ms-authenticator-android: android-key, device-bound, zero counter
 * - icloud-keychain-managed: apple (anonymization CA), zero counter
 * The U2F-only preset (feitian-epass-u2f, fido-u2f over CTAP1) is registered and verified here; `vfido get` looks
 * credentials up by RP ID, which a U2F key does not store (only SHA-256 of it), so its sign-in is covered in-process
 * (core client/u2fCeremony.test.ts, test/interop/rp-presets.test.ts).
 * The other presets repeat these combinations; each full ceremony costs four CLI processes, and
 * @vfido/core's own tests sign in with every preset in-process.
 */
const SIGN_IN = new Set(['windows-hello-hardware', 'yubikey-5-nfc', 'chrome-mac', 'icloud-keychain', 'ms-authenticator-android', 'icloud-keychain-managed']);

describe('vfido round trip: the sign-in subset', () => {
  it('covers every attestation format, counter mode, key algorithm and backup state of the presets', () => {
    const all = presetIds.map((id) => presets[id]!).filter((p) => p.getInfo.versions.some((v) => v.startsWith('FIDO_2_')));
    const chosen = all.filter((p) => SIGN_IN.has(p.id));
    const facets: ((p: Preset) => string)[] = [
      (p) => p.attestation.format,
      (p) => p.counter,
      (p) => String([-8, -7, -257].find((a) => (p.algorithms as number[]).includes(a))), // what --alg -8,-7,-257 picks
      (p) => `BE ${p.backup.eligible}, BS ${p.backup.state}`,
    ];
    for (const facet of facets) expect(new Set(chosen.map(facet))).toEqual(new Set(all.map(facet)));
  });
});

describe.concurrent('vfido round trip', () => {
  it.each(presetIds)('%s: create, verify registration (and sign in for the subset)', async (id) => {
    const preset = presets[id]!;
    const dir = tempDir();
    const store = join(dir, 'store.json');

    const created = await vfido(['create', '--preset', id, '--origin', ORIGIN, '--challenge', REG_CHALLENGE, '--store', store, ...(preset.residentKeys ? ['--resident'] : []), '--alg', '-8,-7,-257', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe('');
    const registration = JSON.parse(created.stdout);
    expect(registration.type).toBe('public-key');
    expect(registration.authenticatorAttachment).toBe(preset.attachment);
    writeFileSync(join(dir, 'reg.json'), created.stdout);

    const roots = await new VirtualAuthenticator({ preset: id }).attestationRoots();
    const trust = roots.length > 0 ? ['--trust', join(dir, 'roots.pem')] : [];
    if (roots.length > 0) writeFileSync(join(dir, 'roots.pem'), roots.join('\n'));
    const verified = await vfido(['verify', 'registration', '--response', join(dir, 'reg.json'), '--challenge', REG_CHALLENGE, '--origin', ORIGIN, ...trust, '--json']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const result = JSON.parse(verified.stdout);
    expect(result.verified).toBe(true);
    expect(result.attestation.fmt).toBe(preset.attestation.format);
    expect(result.attestation.trusted).toBe(roots.length > 0);
    expect(result.credential.aaguid).toBe(preset.attestation.format === 'fido-u2f' ? ZERO : preset.aaguid);
    expect(result.credential.backupEligible).toBe(preset.backup.eligible);
    expect(result.credential.id).toBe(registration.id);
    expect(preset.algorithms).toContain(result.credential.algorithm);
    writeFileSync(join(dir, 'record.json'), verified.stdout);
    if (!SIGN_IN.has(id)) return;

    const got = await vfido(['get', '--origin', ORIGIN, '--store', store, '--challenge', AUTH_CHALLENGE, '--json']);
    expect(got.code, got.stderr).toBe(0);
    const assertion = JSON.parse(got.stdout);
    expect(assertion.id).toBe(registration.id);
    writeFileSync(join(dir, 'auth.json'), got.stdout);

    const checked = await vfido(['verify', 'authentication', '--response', join(dir, 'auth.json'), '--challenge', AUTH_CHALLENGE, '--origin', ORIGIN, '--credential', join(dir, 'record.json'), '--json']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const auth = JSON.parse(checked.stdout);
    expect(auth.verified).toBe(true);
    expect(auth.credentialId).toBe(registration.id);
    expect(auth.backupState).toBe(preset.backup.state);
    if (preset.counter === 'zero') expect(auth.newSignCount).toBe(0);
    else expect(auth.newSignCount).toBeGreaterThan(result.credential.signCount);
    expect(auth.cloneWarning).toBe(false);
  });
});
