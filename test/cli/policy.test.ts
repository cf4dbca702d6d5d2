/**
 * `vfido policy matrix|check` and `vfido verify ... --policy` through the program's `run` entry (in-process), against the
 * example policies in examples/policies. Expected verdicts follow each file's documented intent (its
 * `description` and profiles) and the presets' facts, not the tool's output:
 * - admins.json: device-bound Microsoft Authenticator passkeys only, attested at registration; hybrid
 *   registrations cannot be attested, so they are refused;
 * - standard-users.json: device-bound and synced passkeys, Microsoft Authenticator blocked outside the pilot;
 * - windows-hello-preview.json: the three Windows Hello AAGUIDs only, attestation not enforced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetIds, presets } from '@vfido/core';
import { PolicyErrorCode, PolicyReasonCode } from '@vfido/rp';
import { ROOT, tempDir, vfido } from './vfido.js';

const ORIGIN = 'https://login.example.com';
const CHALLENGE = Buffer.from('policy test registration').toString('base64url');
const AUTH_CHALLENGE = Buffer.from('policy test sign-in').toString('base64url');
const POLICIES = join(ROOT, 'examples/policies');
const ADMINS = join(POLICIES, 'admins.json');
const STANDARD = join(POLICIES, 'standard-users.json');
const HELLO = join(POLICIES, 'windows-hello-preview.json');
const dir = tempDir();
const f = (name: string) => join(dir, name);

interface Reason {
  code: string;
  message: string;
  kind: 'deny' | 'admit' | 'warning';
}
interface Verdict {
  admitted: boolean;
  phase: string;
  reasons: Reason[];
}
interface Row {
  preset: string;
  via: 'direct' | 'hybrid';
  fmt?: string;
  registration?: Verdict;
  signIn?: Verdict;
  error?: unknown;
}

const admins = JSON.parse(readFileSync(ADMINS, 'utf8'));
const adminsProfile = admins.fido2.passkeyProfiles.find((p: { id: string }) => p.id === admins.fido2.includeTargets[0].allowedPasskeyProfiles[0]);
const denials = (v: Verdict | undefined) => (v?.reasons ?? []).filter((r) => r.kind === 'deny').map((r) => r.code);

describe('the example policies say what the expectations assume', () => {
  it('admins: device-bound only, attestation at registration, allow list of the two Microsoft Authenticator AAGUIDs', () => {
    expect(admins.fido2.includeTargets.map((t: { id: string }) => t.id)).toEqual(['admins']);
    expect(adminsProfile).toMatchObject({ passkeyTypes: 'deviceBound', attestationEnforcement: 'registrationOnly', keyRestrictions: { isEnforced: true, enforcementType: 'allow' } });
    expect(adminsProfile.keyRestrictions.aaGuids).toContain(presets['ms-authenticator-ios']!.aaguid);
    expect(adminsProfile.keyRestrictions.aaGuids).not.toContain(presets['icloud-keychain']!.aaguid);
    expect(adminsProfile.keyRestrictions.aaGuids).not.toContain(presets['yubikey-5-nfc']!.aaguid);
    // icloud-keychain is synced (BE set); the Microsoft Authenticator presets cannot attest over hybrid.
    expect(presets['icloud-keychain']!.backup.eligible).toBe(true);
    expect(presets['ms-authenticator-ios']!.backup.eligible).toBe(false);
    for (const id of ['ms-authenticator-ios', 'ms-authenticator-android']) {
      expect(presets[id]!.hybrid?.attestation.format).toBe('none');
      expect(presets[id]!.hybrid?.aaguid ?? presets[id]!.aaguid).toBe(presets[id]!.aaguid); // still allow-listed over hybrid
    }
  });

  it('the reason and error codes the tests match exist', () => {
    for (const code of ['PASSKEY_TYPE_NOT_ALLOWED', 'ATTESTATION_MISSING', 'AAGUID_NOT_ALLOWED', 'PROFILE_SATISFIED']) expect(PolicyReasonCode).toHaveProperty(code, code);
    expect(Object.values(PolicyErrorCode)).toEqual(expect.arrayContaining(['ERR_POLICY_JSON', 'ERR_POLICY_INVALID', 'ERR_POLICY_LIMIT']));
  });
});

describe.concurrent('vfido policy matrix', () => {
  it('admins.json: Authenticator admitted directly, denied cross-device; synced passkeys and other models denied', async () => {
    const r = await vfido(['policy', 'matrix', '--policy', ADMINS, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { groups: string[]; groupsDefaulted: boolean; rows: Row[] };
    expect(out).toMatchObject({ groups: ['admins'], groupsDefaulted: true }); // the groups admins.json includes
    const hybridPresets = presetIds.filter((id) => presets[id]!.hybrid);
    expect(out.rows).toHaveLength(presetIds.length + hybridPresets.length);
    expect(out.rows.filter((row) => row.error)).toEqual([]);
    const row = (preset: string, via = 'direct') => out.rows.find((x) => x.preset === preset && x.via === via)!;

    expect(row('ms-authenticator-ios').registration).toMatchObject({ admitted: true, phase: 'registration' });
    expect(row('ms-authenticator-ios').signIn).toMatchObject({ admitted: true, phase: 'signIn' });
    expect(row('ms-authenticator-ios').registration!.reasons[0]!.code).toBe(PolicyReasonCode.PROFILE_SATISFIED);

    for (const via of ['direct', 'hybrid']) {
      const icloud = row('icloud-keychain', via);
      expect(icloud.registration!.admitted).toBe(false);
      expect(denials(icloud.registration)[0]).toBe(PolicyReasonCode.PASSKEY_TYPE_NOT_ALLOWED);
      expect(denials(icloud.signIn)).toContain(PolicyReasonCode.PASSKEY_TYPE_NOT_ALLOWED); // the type is re-checked at sign-in
    }
    for (const id of ['ms-authenticator-ios', 'ms-authenticator-android']) {
      const hybrid = row(id, 'hybrid');
      expect(hybrid.fmt).toBe('none');
      expect(hybrid.registration!.admitted).toBe(false);
      expect(denials(hybrid.registration)).toEqual([PolicyReasonCode.ATTESTATION_MISSING]);
      expect(hybrid.signIn!.admitted).toBe(true); // attestation is enforced at registration only
    }
    for (const id of ['yubikey-5-nfc', 'windows-hello-hardware', 'titan']) expect(denials(row(id).registration)).toContain(PolicyReasonCode.AAGUID_NOT_ALLOWED);
    // Only the allow-listed AAGUIDs can be admitted at all.
    const admitted = out.rows.filter((x) => x.registration?.admitted).map((x) => presets[x.preset]!.aaguid);
    for (const aaguid of admitted) expect(adminsProfile.keyRestrictions.aaGuids).toContain(aaguid);
  });

  it('windows-hello-preview.json as text: the three Windows Hello presets admitted, the rest denied, one reason per row', async () => {
    const r = await vfido(['policy', 'matrix', '--policy', HELLO]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('groups all_users');
    expect(lines[1]).toMatch(/^preset\s+via\s+fmt\s+type\s+registration\s+sign-in\s+reason$/);
    const rows = lines.slice(3).map((l) => l.split(/\s{2,}/));
    const hello = ['windows-hello-hardware', 'windows-hello-vbs', 'windows-hello-software'];
    for (const cells of rows) {
      const [preset, via, , , registration, signIn, reason] = cells;
      if (hello.includes(preset!)) expect([registration, signIn, reason!.split(':')[0]], preset).toEqual(['admit', 'admit', PolicyReasonCode.PROFILE_SATISFIED]);
      else {
        expect(registration, `${preset} ${via}`).toBe('DENY');
        expect([PolicyReasonCode.AAGUID_NOT_ALLOWED, PolicyReasonCode.PASSKEY_TYPE_NOT_ALLOWED]).toContain(reason!.split(':')[0]);
      }
    }
    expect(rows.map((c) => c[0])).toEqual(expect.arrayContaining([...hello, 'icloud-keychain', 'yubikey-5-nfc']));
  });
});

describe.concurrent('vfido policy check and verify --policy', () => {
  beforeAll(async () => {
    const created = await vfido(['create', '--preset', 'yubikey-5-nfc', '--origin', ORIGIN, '--challenge', CHALLENGE, '--store', f('store.json'), '--json']);
    expect(created.code, created.stderr).toBe(0);
    writeFileSync(f('reg.json'), created.stdout);
    const got = await vfido(['get', '--origin', ORIGIN, '--store', f('store.json'), '--challenge', AUTH_CHALLENGE, '--json']);
    expect(got.code, got.stderr).toBe(0);
    writeFileSync(f('auth.json'), got.stdout);
    writeFileSync(f('bare-record.json'), JSON.stringify({ id: JSON.parse(created.stdout).id, publicKey: 'pQECAyYgASFYIA', signCount: 0 })); // no aaguid
    writeFileSync(f('not-json.json'), '{"fido2": ');
    writeFileSync(f('no-targets.json'), JSON.stringify({ vfidoPolicy: 1, fido2: { state: 'enabled' } }));
    const profile = (i: number) => ({ id: `p${i}`, name: `p${i}`, passkeyTypes: 'deviceBound', attestationEnforcement: 'disabled', keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] } });
    writeFileSync(f('four-profiles.json'), JSON.stringify({ vfidoPolicy: 1, fido2: { defaultPasskeyProfile: 'p1', passkeyProfiles: [1, 2, 3, 4].map(profile), includeTargets: [{ id: 'all_users', allowedPasskeyProfiles: ['p1'] }] } }));
  });

  it('policy check: a YubiKey registration under admins.json is denied with AAGUID_NOT_ALLOWED (exit 1)', async () => {
    const [text, json] = await Promise.all([
      vfido(['policy', 'check', '--policy', ADMINS, '--response', f('reg.json')]),
      vfido(['policy', 'check', '--policy', ADMINS, '--groups', 'admins', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, '--json']),
    ]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^policy DENIED at registration: .*admins\.json, groups admins/);
    expect(text.stdout).toMatch(/^ {2}deny AAGUID_NOT_ALLOWED: AAGUID a25342c0-3cdc-4414-8e46-f4807fca511c \(YubiKey 5 Series with NFC\) is not in the allow list of profile 'Admins'$/m);
    expect(text.stderr).toContain('took challenge and origin from clientDataJSON'); // it says the challenge was not checked
    expect(json.code, json.stderr).toBe(1);
    expect(json.stderr).toBe('');
    const verdict = JSON.parse(json.stdout);
    expect(verdict).toMatchObject({ admitted: false, phase: 'registration', groups: ['admins'], groupsDefaulted: false, aaguid: presets['yubikey-5-nfc']!.aaguid, passkeyType: 'deviceBound' });
    expect(denials(verdict)).toEqual([PolicyReasonCode.AAGUID_NOT_ALLOWED]); // the attestation itself satisfies the profile
  });

  it('verify registration --policy standard-users.json admits the YubiKey (exit 0); the record then signs in under it, not under admins.json', async () => {
    const reg = await vfido(['verify', 'registration', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, '--policy', STANDARD, '--groups', 'all_users', '--json']);
    expect(reg.code, reg.stdout + reg.stderr).toBe(0);
    const out = JSON.parse(reg.stdout);
    expect(out).toMatchObject({ verified: true, credential: { aaguid: presets['yubikey-5-nfc']!.aaguid }, policy: { admitted: true, phase: 'registration', groups: ['all_users'], matchedProfile: { name: 'Standard users' } } });
    writeFileSync(f('record.json'), reg.stdout);

    const auth = (policy: string, groups: string, json = true) =>
      vfido(['verify', 'authentication', '--response', f('auth.json'), '--challenge', AUTH_CHALLENGE, '--origin', ORIGIN, '--credential', f('record.json'), '--policy', policy, '--groups', groups, ...(json ? ['--json'] : [])]);
    const [standard, admin, signIn] = await Promise.all([auth(STANDARD, 'all_users'), auth(ADMINS, 'admins', false), vfido(['policy', 'check', '--policy', STANDARD, '--groups', 'all_users', '--response', f('record.json'), '--json'])]);
    expect(standard.code, standard.stdout + standard.stderr).toBe(0);
    expect(JSON.parse(standard.stdout)).toMatchObject({ verified: true, policy: { admitted: true, phase: 'signIn' } });
    expect(admin.code, admin.stdout + admin.stderr).toBe(1);
    expect(admin.stdout).toContain('authentication verified');
    expect(admin.stdout).toMatch(/policy DENIED at sign-in: .*\n {2}deny AAGUID_NOT_ALLOWED: /);
    expect(signIn.code, signIn.stderr).toBe(0);
    expect(JSON.parse(signIn.stdout)).toMatchObject({ admitted: true, phase: 'signIn' });
  });

  it('verify registration --policy admins.json: verified, denied by policy, exit 1 with the reason', async () => {
    const r = await vfido(['verify', 'registration', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, '--policy', ADMINS, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verified).toBe(true);
    expect(out.policy.admitted).toBe(false);
    expect(denials(out.policy)).toContain(PolicyReasonCode.AAGUID_NOT_ALLOWED);
  });

  /** [args, exit code, code on stderr, text of the next step] */
  const ERRORS: [string[], number, string, string][] = [
    [['policy', 'matrix', '--policy', '@not-json.json'], 2, PolicyErrorCode.JSON, 'fix the --policy file'],
    [['policy', 'check', '--policy', '@no-targets.json', '--response', '@reg.json'], 2, PolicyErrorCode.INVALID, 'vfido policy examples'],
    [['verify', 'registration', '--response', '@reg.json', '--challenge', CHALLENGE, '--origin', ORIGIN, '--policy', '@four-profiles.json'], 2, PolicyErrorCode.LIMIT, 'fix the --policy file'],
    [['policy', 'check', '--policy', '@missing.json', '--response', '@reg.json'], 2, 'ERR_FILE_NOT_FOUND', 'check the path'],
    [['policy', 'check', '--policy', ADMINS, '--response', '@auth.json'], 2, 'ERR_BAD_RESPONSE', '--phase signIn'],
    [['policy', 'check', '--policy', ADMINS, '--response', '@reg.json', '--phase', 'signIn'], 2, 'ERR_BAD_RESPONSE', 'verify registration --json'],
    [['policy', 'check', '--policy', ADMINS, '--response', '@reg.json', '--groups', 'a,,b'], 2, 'ERR_USAGE', 'separated by commas'],
    [['verify', 'authentication', '--response', '@auth.json', '--challenge', AUTH_CHALLENGE, '--origin', ORIGIN, '--credential', '@bare-record.json', '--policy', STANDARD], 2, 'ERR_BAD_CREDENTIAL', 'carries the aaguid'],
  ];

  it.each(ERRORS)('%j exits %i with %s', async (args, exit, code, next) => {
    const r = await vfido(args.map((a) => (a.startsWith('@') ? f(a.slice(1)) : a)));
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toContain(`vfido: ${code}:`);
    expect(r.stderr).toContain(next);
    expect(r.stderr).toMatch(/^next: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
