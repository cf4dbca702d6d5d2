/**
 * Every vfido preset x every example policy (examples/policies), at registration and at sign-in, through the real
 * ceremonies: @vfido/core registers and signs in (attestation 'direct'; the Microsoft Authenticator presets also
 * cross-device over hybrid), @vfido/rp verifies with a TrustStore loaded from vfido's TEST MDS BLOB and evaluates
 * the policy through the `policy` option of verifyRegistration / verifyAuthentication.
 *
 * The expected verdicts are written by hand from the Entra docs (see /work/shared/reference/entra-policy.md), one
 * justification per row. Notation: `admit <profile>` (+warn: the AAGUID_UNVERIFIED warning), or the deny codes in
 * evaluation order (profile by profile; type, key restrictions, then attestation).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { VirtualAuthenticator, WebAuthnClient, aaguidName, mdsBlob, presets, presetIds } from '@vfido/core';
import {
  TrustStore, evaluateAuthenticationStrength, loadPolicy, verifyAuthentication, verifyRegistration,
  type PolicyFile, type PolicyVerdict, type RegistrationVerification, type AuthenticationResponseJSON,
} from '@vfido/rp';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const SEED = 'policy-matrix';
const challenge = () => randomBytes(32).toString('base64url');
const policy = (name: string): PolicyFile => loadPolicy(readFileSync(new URL(`../../examples/policies/${name}.json`, import.meta.url), 'utf8'));

type Case = { id: string; preset: string; via: 'direct' | 'hybrid' };
const HYBRID = ['ms-authenticator-ios', 'ms-authenticator-android'];
const cases: Case[] = [
  ...presetIds.map((preset) => ({ id: preset, preset, via: 'direct' as const })),
  ...HYBRID.map((preset) => ({ id: `${preset} (hybrid)`, preset, via: 'hybrid' as const })),
];

/** [registration, sign-in] expected per case. */
type Row = [registration: string, signIn: string];
const ADMINS = 'admit Admins';
const NOT_ALLOWED = 'AAGUID_NOT_ALLOWED';
const SYNCED_ADMINS: Row = ['PASSKEY_TYPE_NOT_ALLOWED, AAGUID_NOT_ALLOWED, ATTESTATION_SYNCED', 'PASSKEY_TYPE_NOT_ALLOWED, AAGUID_NOT_ALLOWED'];
const WH = 'admit Windows Hello passkeys (preview) +warn';
const SYNCED_WH: Row = ['PASSKEY_TYPE_NOT_ALLOWED, AAGUID_NOT_ALLOWED', 'PASSKEY_TYPE_NOT_ALLOWED, AAGUID_NOT_ALLOWED'];
const STANDARD = 'admit Standard users +warn';
const PILOT = 'admit Authenticator pilot +warn';

const scenarios: { policy: string; groups: string[]; rows: Record<string, Row> }[] = [
  {
    policy: 'admins', groups: ['admins'],
    rows: {
      // Windows Hello: not in the Authenticator allow list (sign-in too); attestation unsupported in the preview (registration).
      'windows-hello-hardware': [`${NOT_ALLOWED}, ATTESTATION_WINDOWS_HELLO_PREVIEW`, NOT_ALLOWED],
      'windows-hello-vbs': [`${NOT_ALLOWED}, ATTESTATION_WINDOWS_HELLO_PREVIEW`, NOT_ALLOWED], // same as hardware
      'windows-hello-software': [`${NOT_ALLOWED}, ATTESTATION_WINDOWS_HELLO_PREVIEW`, NOT_ALLOWED], // same as hardware
      'ms-authenticator-ios': [ADMINS, ADMINS], // device-bound (BE=0), allowed AAGUID, attested directly in the app
      'ms-authenticator-android': [ADMINS, ADMINS], // same, android-key attestation
      // "Users can't use cross-device registration if you enable attestation" (AUTHN): fmt none is refused at
      // registration; attestation is not re-checked at sign-in, so an earlier unattested passkey still signs in.
      'ms-authenticator-ios (hybrid)': ['ATTESTATION_MISSING', ADMINS],
      'ms-authenticator-android (hybrid)': ['ATTESTATION_MISSING', ADMINS], // same
      'yubikey-5-nfc': [NOT_ALLOWED, NOT_ALLOWED], // attestation passes (packed, MDS chain, certified, hmac-secret); AAGUID not allowed
      'yubikey-5c': [NOT_ALLOWED, NOT_ALLOWED], // same as yubikey-5-nfc
      'icloud-keychain': SYNCED_ADMINS, // synced (BE=1) vs deviceBound-only; not allowed; synced passkeys cannot be attested
      'icloud-keychain-managed': [`${NOT_ALLOWED}, ATTESTATION_FORMAT_NOT_PACKED`, NOT_ALLOWED], // device-bound, but 'apple' is not packed
      'google-password-manager': SYNCED_ADMINS, // like icloud-keychain
      titan: [NOT_ALLOWED, NOT_ALLOWED], // attested security key, not in the allow list
      'android-key': [`${NOT_ALLOWED}, ATTESTATION_FORMAT_NOT_PACKED`, NOT_ALLOWED], // android-key format is not packed (only Authenticator is exempt)
      'chrome-mac': [`${NOT_ALLOWED}, ATTESTATION_SELF`, NOT_ALLOWED], // packed self has no chain to an MDS root
      '1password': SYNCED_ADMINS, // synced provider, none attestation
      bitwarden: SYNCED_ADMINS, // synced provider, none attestation
      'samsung-pass': SYNCED_ADMINS, // BE=1 per preset: synced, so attestation cannot count
      feitian: [NOT_ALLOWED, NOT_ALLOWED], // attested security key, not in the allow list
      solokey: [NOT_ALLOWED, NOT_ALLOWED], // attested security key, not in the allow list
      'feitian-epass-u2f': [`${NOT_ALLOWED}, ATTESTATION_FORMAT_NOT_PACKED`, NOT_ALLOWED], // U2F-only (zero AAGUID, not allowed); fido-u2f is not packed
      generic: [`${NOT_ALLOWED}, ATTESTATION_SELF`, NOT_ALLOWED], // packed self
    },
  },
  {
    policy: 'windows-hello-preview', groups: ['all_users'],
    rows: {
      // The three Windows Hello AAGUIDs are allowed, attestation off (WIN): admitted, with the spoofing warning.
      'windows-hello-hardware': [WH, WH], // tpm attestation is an accepted format
      'windows-hello-vbs': [WH, WH], // tpm
      'windows-hello-software': [WH, WH], // packed self, accepted with attestation off (UNCERTAIN, see checkAcceptedFormat)
      'ms-authenticator-ios': [NOT_ALLOWED, NOT_ALLOWED], // not one of the three Windows Hello AAGUIDs
      'ms-authenticator-android': [NOT_ALLOWED, NOT_ALLOWED], // same
      'ms-authenticator-ios (hybrid)': [NOT_ALLOWED, NOT_ALLOWED], // same
      'ms-authenticator-android (hybrid)': [NOT_ALLOWED, NOT_ALLOWED], // same
      'yubikey-5-nfc': [NOT_ALLOWED, NOT_ALLOWED], // security keys are not in the allow list
      'yubikey-5c': [NOT_ALLOWED, NOT_ALLOWED], // same
      'icloud-keychain': SYNCED_WH, // synced vs deviceBound profile, and not allowed
      'icloud-keychain-managed': [NOT_ALLOWED, NOT_ALLOWED], // device-bound, not allowed
      'google-password-manager': SYNCED_WH, // synced, not allowed
      titan: [NOT_ALLOWED, NOT_ALLOWED], // not allowed
      'android-key': [NOT_ALLOWED, NOT_ALLOWED], // not allowed
      'chrome-mac': [NOT_ALLOWED, NOT_ALLOWED], // not allowed
      '1password': SYNCED_WH, // synced, not allowed
      bitwarden: SYNCED_WH, // synced, not allowed
      'samsung-pass': SYNCED_WH, // BE=1: synced, not allowed
      feitian: [NOT_ALLOWED, NOT_ALLOWED], // not allowed
      solokey: [NOT_ALLOWED, NOT_ALLOWED], // not allowed
      'feitian-epass-u2f': [NOT_ALLOWED, NOT_ALLOWED], // the zero AAGUID of a U2F-only key is not in the allow list
      generic: [NOT_ALLOWED, NOT_ALLOWED], // not allowed
    },
  },
  {
    policy: 'standard-users', groups: ['all_users'],
    rows: {
      'windows-hello-hardware': [STANDARD, STANDARD], // device-bound allowed, not blocked; block list without attestation warns
      'windows-hello-vbs': [STANDARD, STANDARD], // same
      'windows-hello-software': [STANDARD, STANDARD], // same (packed self accepted with attestation off)
      'ms-authenticator-ios': ['AAGUID_BLOCKED', 'AAGUID_BLOCKED'], // blocked for all users (PROFILES example)
      'ms-authenticator-android': ['AAGUID_BLOCKED', 'AAGUID_BLOCKED'], // same
      'ms-authenticator-ios (hybrid)': ['AAGUID_BLOCKED', 'AAGUID_BLOCKED'], // the AAGUID is kept over hybrid: blocked
      'ms-authenticator-android (hybrid)': ['AAGUID_BLOCKED', 'AAGUID_BLOCKED'], // same
      'yubikey-5-nfc': [STANDARD, STANDARD], // device-bound, not blocked
      'yubikey-5c': [STANDARD, STANDARD], // same
      'icloud-keychain': [STANDARD, STANDARD], // synced allowed, none attestation accepted with attestation off
      'icloud-keychain-managed': [STANDARD, STANDARD], // apple format accepted (a format of <= 32 characters)
      'google-password-manager': [STANDARD, STANDARD], // synced allowed
      titan: [STANDARD, STANDARD], // device-bound, not blocked
      'android-key': [STANDARD, STANDARD], // android-key format accepted with attestation off
      'chrome-mac': [STANDARD, STANDARD], // packed self accepted with attestation off
      '1password': [STANDARD, STANDARD], // synced allowed
      bitwarden: [STANDARD, STANDARD], // synced allowed
      'samsung-pass': [STANDARD, STANDARD], // synced allowed
      feitian: [STANDARD, STANDARD], // device-bound, not blocked
      solokey: [STANDARD, STANDARD], // device-bound, not blocked
      'feitian-epass-u2f': [STANDARD, STANDARD], // device-bound, zero AAGUID not blocked; attestation off
      generic: [STANDARD, STANDARD], // device-bound, not blocked
    },
  },
  {
    policy: 'standard-users', groups: ['all_users', 'authenticator_pilot'],
    rows: Object.fromEntries(cases.map(({ id, preset }): [string, Row] =>
      // Any one profile suffices (PROFILES): Authenticator fails "Standard users" (blocked) but satisfies the
      // pilot's allow list, device-bound and unattested both direct and over hybrid; every other preset is
      // admitted by "Standard users" exactly as in the all_users scenario above.
      HYBRID.includes(preset) ? [id, [PILOT, PILOT]] : [id, [STANDARD, STANDARD]])),
  },
];

/** The verdict in the notation of the table. */
function summary(v: PolicyVerdict | undefined): string {
  if (!v) return 'no verdict';
  if (v.admitted) return `admit ${v.matchedProfile?.name}${v.reasons.some((r) => r.kind === 'warning') ? ' +warn' : ''}`;
  return v.reasons.filter((r) => r.kind === 'deny').map((r) => r.code).join(', ');
}

interface Ceremonies {
  registration: RegistrationVerification;
  response: Parameters<typeof verifyRegistration>[0]['response'];
  regChallenge: string;
  assertion: AuthenticationResponseJSON;
  authChallenge: string;
}

const trust = new TrustStore();
const done = new Map<string, Ceremonies>();

beforeAll(async () => {
  const { jwt, rootPem } = await mdsBlob({ seed: SEED });
  trust.addMdsBlob(jwt, { roots: rootPem });
  for (const c of cases) {
    const preset = presets[c.preset]!;
    const authenticator = new VirtualAuthenticator({ preset: c.preset, seed: SEED });
    const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
    const regChallenge = challenge();
    const response = await client.create({
      rp: { id: RP_ID, name: 'Contoso' },
      user: { id: randomBytes(16).toString('base64url'), name: 'ada@contoso.com', displayName: 'Ada' },
      challenge: regChallenge,
      pubKeyCredParams: [-8, -7, -35, -257].map((alg) => ({ type: 'public-key' as const, alg })),
      authenticatorSelection: { residentKey: preset.residentKeys ? 'required' : 'discouraged', userVerification: 'preferred' },
      attestation: 'direct',
    }, { via: c.via });
    const registration = await verifyRegistration({ response, expectedChallenge: regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore: trust });
    const authChallenge = challenge();
    const assertion = await client.get({ challenge: authChallenge, rpId: RP_ID, allowCredentials: [{ type: 'public-key', id: registration.credential.id }] }, { via: c.via });
    done.set(c.id, { registration, response, regChallenge, assertion, authChallenge });
  }
});

describe('registered passkeys (the facts the table relies on)', () => {
  it.each(cases)('$id: AAGUID, BE and attestation as the preset declares', ({ id, preset: presetId, via }) => {
    const preset = presets[presetId]!;
    const { credential } = done.get(id)!.registration;
    expect(credential.aaguid).toBe(preset.aaguid);
    expect(credential.backupEligible).toBe(preset.backup.eligible);
    const attestation = via === 'hybrid' ? preset.hybrid!.attestation : preset.attestation;
    expect(credential.attestation.fmt).toBe(attestation.format);
    // Every model is in the BLOB: by AAGUID, or (U2F-only, zero AAGUID) by its attestation certificate's key identifier.
    expect(credential.attestation.trusted).toBe(['basic', 'attca', 'anonca'].includes(attestation.type));
  });
});

describe.each(scenarios)('policy $policy, groups $groups', ({ policy: name, groups, rows }) => {
  const file = policy(name);
  it('has a row for every case', () => {
    expect(Object.keys(rows).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it.each(cases)('$id', async ({ id }) => {
    const [expectedRegistration, expectedSignIn] = rows[id]!;
    const c = done.get(id)!;
    const option = { config: file, groups, aaguidNames: aaguidName };
    const reg = await verifyRegistration({
      response: c.response, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore: trust, policy: option,
    });
    expect(summary(reg.policy), 'registration').toBe(expectedRegistration);
    const { credential } = c.registration;
    const auth = await verifyAuthentication({
      response: c.assertion, expectedChallenge: c.authChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID,
      credential: { id: credential.id, publicKey: credential.publicKey, signCount: credential.signCount, backupEligible: credential.backupEligible, aaguid: credential.aaguid },
      policy: option,
    });
    expect(summary(auth.policy), 'sign-in').toBe(expectedSignIn);
  });
});

describe('group targeting and reason text through the ceremonies', () => {
  it('excludes break_glass members and leaves users outside the admins group untargeted', async () => {
    const c = done.get('ms-authenticator-ios')!;
    const run = async (groups: string[]) => (await verifyRegistration({
      response: c.response, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore: trust,
      policy: { config: policy('admins'), groups },
    })).policy;
    expect(summary(await run(['admins', 'break_glass']))).toBe('USER_EXCLUDED');
    expect(summary(await run(['all_users']))).toBe('USER_NOT_TARGETED');
  });

  it('names the model from core\'s AAGUID table', async () => {
    const c = done.get('ms-authenticator-android')!;
    const reg = await verifyRegistration({
      response: c.response, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore: trust,
      policy: { config: policy('windows-hello-preview'), groups: [], aaguidNames: aaguidName },
    });
    expect(reg.policy?.reasons[0]?.message).toBe(
      "AAGUID de1e552d-db1d-4423-a619-566b625cdc84 (Microsoft Authenticator for Android) is not in the allow list of profile 'Windows Hello passkeys (preview)'",
    );
  });

  it('lets every passkey satisfy Phishing-resistant MFA, and only Authenticator the admins file\'s custom strength', () => {
    const [authenticatorOnly] = policy('admins').authenticationStrengths;
    for (const c of cases) {
      const { aaguid } = done.get(c.id)!.registration.credential;
      expect(evaluateAuthenticationStrength('phishingResistantMfa', { combination: 'fido2', aaguid }).satisfied).toBe(true);
      // Custom strength "Passkey in Authenticator": fido2 with the two Authenticator AAGUIDs (ADV).
      expect(evaluateAuthenticationStrength(authenticatorOnly!, { aaguid }).satisfied, c.id).toBe(HYBRID.includes(c.preset));
    }
  });

  it('needs the stored AAGUID to evaluate a sign-in', async () => {
    const c = done.get('yubikey-5-nfc')!;
    const { credential } = c.registration;
    await expect(verifyAuthentication({
      response: c.assertion, expectedChallenge: c.authChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID,
      credential: { id: credential.id, publicKey: credential.publicKey, signCount: credential.signCount },
      policy: { config: policy('standard-users'), groups: [] },
    })).rejects.toMatchObject({ name: 'PolicyError', code: 'ERR_POLICY_INPUT' });
  });
});
