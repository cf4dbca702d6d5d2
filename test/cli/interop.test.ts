/**
 * Interop: responses the `vfido` program prints (run in-process through its `run` entry, test/cli/vfido.ts) verify with two implementations nobody here
 * wrote: @simplewebauthn/server and python-fido2's Fido2Server (Debian python3-fido2, run with
 * /usr/bin/python3 and test/cli/fido2_verify.py). Each trusts only the preset's vfido TEST roots.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsService, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { VirtualAuthenticator, presets } from '@vfido/core';
import { ROOT, tempDir, vfido } from './vfido.js';
import { peerPath } from '../../scripts/peers.mjs';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const REG_CHALLENGE = Buffer.from('0123456789abcdef-registration').toString('base64url');
const AUTH_CHALLENGE = Buffer.from('fedcba9876543210-authentication').toString('base64url');
const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)

/** Register and sign in through the CLI; the responses as printed. */
async function ceremony(preset: string) {
  const store = join(tempDir(), 'store.json');
  const created = await vfido(['create', '--preset', preset, '--origin', ORIGIN, '--rp-id', RP_ID, '--challenge', REG_CHALLENGE, '--store', store, '--json']);
  expect(created.code, created.stderr).toBe(0);
  const got = await vfido(['get', '--origin', ORIGIN, '--rp-id', RP_ID, '--challenge', AUTH_CHALLENGE, '--store', store, '--json']);
  expect(got.code, got.stderr).toBe(0);
  return { registration: JSON.parse(created.stdout), authentication: JSON.parse(got.stdout), roots: await new VirtualAuthenticator({ preset }).attestationRoots() };
}

// Packed (basic), TPM (AttCA) and none: the formats python-fido2 0.9 verifies, plus no attestation.
const PRESETS = ['yubikey-5-nfc', 'windows-hello-hardware', 'icloud-keychain'];

describe.concurrent('vfido CLI responses verify elsewhere', () => {
  it.each(PRESETS)('%s: @simplewebauthn/server and python-fido2 Fido2Server', async (id) => {
    const preset = presets[id]!;
    const { registration, authentication, roots } = await ceremony(id);

    SettingsService.setRootCertificates({ identifier: preset.attestation.format, certificates: roots });
    const reg = await verifyRegistrationResponse({ response: registration, expectedChallenge: REG_CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: false });
    expect(reg.verified).toBe(true);
    expect(reg.registrationInfo!.fmt).toBe(preset.attestation.format);
    expect(reg.registrationInfo!.aaguid).toBe(preset.aaguid);
    const info = reg.registrationInfo!.credential;
    const auth = await verifyAuthenticationResponse({
      response: authentication,
      expectedChallenge: AUTH_CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: info.id, publicKey: info.publicKey, counter: info.counter },
      requireUserVerification: false,
    });
    expect(auth.verified).toBe(true);

    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install Debian's python3-fido2 (apt-get install -y python3-fido2)`);
    const request = { rpId: RP_ID, origin: ORIGIN, rootsPem: roots.join('\n'), registration: { response: registration, challenge: REG_CHALLENGE }, authentication: { response: authentication, challenge: AUTH_CHALLENGE } };
    let out: string;
    try {
      out = execFileSync(PYTHON, [join(ROOT, 'test/cli/fido2_verify.py')], { input: JSON.stringify(request) }).toString();
    } catch (error) {
      throw new Error(`python-fido2 rejected the ${id} responses: ${String((error as { stdout?: Buffer }).stdout ?? error)} (needs Debian python3-fido2)`);
    }
    const py = JSON.parse(out);
    expect(py).toMatchObject({ registered: true, authenticated: true, fmt: preset.attestation.format, aaguid: preset.aaguid.replace(/-/g, ''), attestationChecked: roots.length > 0 });
  });
});
