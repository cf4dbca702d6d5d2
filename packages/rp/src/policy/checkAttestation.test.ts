import { describe, expect, it } from 'vitest';
import { generateKey } from '../../test-utils/keys.js';
import { makeCertificate, makeTestCa, Oid } from '../../test-utils/certificates.js';
import { checkAcceptedFormat, checkAttestation, type AttestationCheckContext } from './checkAttestation.js';
import type { PasskeyProfile, PolicyMetadataStatement, PolicyTrustView } from './types.js';

const KEY = 'a25342c0-3cdc-4414-8e46-f4807fca511c';
const AUTH_IOS = '90a3ccdf-635c-4729-a248-9b709135078f';
const WH_SOFTWARE = '6028b017-b1d4-4c02-b4b3-afcdafc96bb2';
const now = new Date('2026-06-01T00:00:00Z');
const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

const root = makeTestCa('policy test attestation root');
const otherRoot = makeTestCa('some other root');
const leafKey = generateKey(-7);
const leaf = makeCertificate({ subject: [[[Oid.O, 'vfido tests']], [[Oid.OU, 'Authenticator Attestation']], [[Oid.CN, 'policy leaf']]], publicKey: leafKey.publicKey, issuer: root });

const profile: PasskeyProfile = {
  id: 'p', name: 'Attested keys', passkeyTypes: 'deviceBound', attestationEnforcement: 'registrationOnly',
  keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] },
};
const goodInfo = { versions: ['FIDO_2_0', 'FIDO_2_1'], extensions: ['credProtect', 'hmac-secret'], options: { rk: true, clientPin: true } };
const statement = (over: Record<string, unknown> = {}): PolicyMetadataStatement => ({
  description: 'Test Key', attestationRootCertificates: [b64(root.der)], authenticatorGetInfo: goodInfo, ...over,
});
/** A trust view holding one MDS entry for `KEY` (and optionally Authenticator iOS). */
const view = (s: PolicyMetadataStatement | undefined, reports = ['FIDO_CERTIFIED_L1']): PolicyTrustView => ({
  metadataStatement: (aaguid) => (aaguid === KEY ? s : undefined),
  authenticatorStatus: (aaguid) => (aaguid === KEY ? { latest: reports[reports.length - 1]!, revoked: reports.includes('REVOKED'), reports: reports.map((status) => ({ status })) } : undefined),
});
const ctx = (over: Partial<AttestationCheckContext> = {}): AttestationCheckContext => ({
  aaguid: KEY, backupEligible: false, now, trust: view(statement()),
  attestation: { fmt: 'packed', type: 'basic', trusted: true, trustPath: [leaf.der] }, ...over,
});
const codes = (c: AttestationCheckContext) => checkAttestation(profile, c).map((r) => r.code);

describe('checkAttestation (attestationEnforcement: registrationOnly)', () => {
  it('accepts packed attestation chaining to the MDS root of a certified model with the required capabilities', () => {
    expect(checkAttestation(profile, ctx())).toEqual([]);
  });

  it('requires the chain to reach a root listed in the AAGUID\'s own MDS entry', () => {
    expect(codes(ctx({ trust: view(statement({ attestationRootCertificates: [b64(otherRoot.der)] })) }))).toEqual(['ATTESTATION_UNTRUSTED']);
    // Expired at the ceremony's clock.
    expect(codes(ctx({ now: new Date('2040-01-01T00:00:00Z') }))).toEqual(['ATTESTATION_UNTRUSTED']);
  });

  it('lists every capability the MDS statement fails to declare', () => {
    const [r] = checkAttestation(profile, ctx({ trust: view(statement({ authenticatorGetInfo: { versions: ['U2F_V2'], options: { rk: false } } })) }));
    expect(r?.code).toBe('METADATA_CAPABILITY_MISSING');
    expect(r?.message).toBe(
      "profile 'Attested keys' enforces attestation, and the FIDO MDS entry of AAGUID a25342c0-3cdc-4414-8e46-f4807fca511c (Test Key) does not declare " +
        'FIDO 2.0 or later, user verification or a client PIN, resident keys (discoverable credentials), the hmac-secret or PRF extension',
    );
    expect(codes(ctx({ trust: view(statement({ authenticatorGetInfo: { ...goodInfo, extensions: ['prf'], options: { rk: true, uv: false } } })) }))).toEqual([]);
  });

  it('needs an MDS entry, a FIDO certification at any level, and no revocation', () => {
    expect(codes(ctx({ trust: undefined }))).toEqual(['MDS_NOT_CONFIGURED']);
    expect(codes(ctx({ trust: view(undefined) }))).toEqual(['AAGUID_NOT_IN_MDS']);
    expect(codes(ctx({ trust: view(statement(), ['NOT_FIDO_CERTIFIED']) }))).toEqual(['AUTHENTICATOR_NOT_CERTIFIED']);
    expect(codes(ctx({ trust: view(statement(), ['FIDO_CERTIFIED_L1', 'UPDATE_AVAILABLE']) }))).toEqual([]);
    expect(codes(ctx({ trust: view(statement(), ['FIDO_CERTIFIED_L1', 'REVOKED']) }))).toEqual(['AUTHENTICATOR_REVOKED']);
  });

  it('refuses none, self, non-packed formats, synced passkeys and Windows Hello (preview)', () => {
    expect(codes(ctx({ attestation: { fmt: 'none', type: 'none', trusted: false, trustPath: [] } }))).toEqual(['ATTESTATION_MISSING']);
    expect(codes(ctx({ attestation: { fmt: 'packed', type: 'self', trusted: false, trustPath: [] } }))).toEqual(['ATTESTATION_SELF']);
    expect(codes(ctx({ attestation: { fmt: 'tpm', type: 'attca', trusted: true, trustPath: [leaf.der] } }))).toEqual(['ATTESTATION_FORMAT_NOT_PACKED']);
    expect(codes(ctx({ backupEligible: true }))).toEqual(['ATTESTATION_SYNCED']);
    const [wh] = checkAttestation(profile, ctx({ aaguid: WH_SOFTWARE, aaguidNames: () => 'Windows Hello Software Authenticator' }));
    expect(wh?.code).toBe('ATTESTATION_WINDOWS_HELLO_PREVIEW');
    expect(wh?.message).toMatch(/AAGUID 6028b017-b1d4-4c02-b4b3-afcdafc96bb2 \(Windows Hello Software Authenticator\) is a Windows Hello passkey, which cannot be attested during the preview/);
  });

  it('checks Microsoft Authenticator by its trusted attestation, not by MDS capabilities, and explains hybrid', () => {
    expect(codes(ctx({ aaguid: AUTH_IOS, trust: undefined }))).toEqual([]);
    expect(codes(ctx({ aaguid: AUTH_IOS, trust: undefined, attestation: { fmt: 'packed', type: 'basic', trusted: false, trustPath: [leaf.der] } }))).toEqual(['ATTESTATION_UNTRUSTED']);
    const [hybrid] = checkAttestation(profile, ctx({ aaguid: AUTH_IOS, attestation: { fmt: 'none', type: 'none', trusted: false, trustPath: [] } }));
    expect(hybrid?.code).toBe('ATTESTATION_MISSING');
    expect(hybrid?.message).toMatch(/cross-device \(hybrid\) cannot be attested/);
  });
});

describe('checkAcceptedFormat (attestation not enforced)', () => {
  it.each(['none', 'tpm', 'packed', 'fido-u2f', 'android-key', 'apple'])('accepts %s', (fmt) => {
    expect(checkAcceptedFormat({ fmt, type: 'basic', trusted: false, trustPath: [] })).toBeUndefined();
  });
  it('accepts packed self attestation (Windows Hello Software Authenticator) and refuses formats over 32 characters', () => {
    expect(checkAcceptedFormat({ fmt: 'packed', type: 'self', trusted: false, trustPath: [] })).toBeUndefined();
    expect(checkAcceptedFormat({ fmt: 'x'.repeat(33), type: 'basic', trusted: false, trustPath: [] })?.code).toBe('ATTESTATION_FORMAT_NOT_ACCEPTED');
  });
});
