/**
 * Real-device registration responses (test/vectors/real-devices, copied from SimpleWebAuthn and
 * py_webauthn test suites; each entry names its `source`) verified end to end.
 *
 * The certificates have expired, so `now` is derived per fixture from the x5c validity windows (the midpoint of
 * the intersection of all certificates' notBefore/notAfter, read with node:crypto). Expected values come from each
 * fixture's `decoded_summary`; `trusted` is derived by checking with node:crypto whether a root from
 * attestation-roots.json issued the last x5c certificate.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { Decoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { TrustStore, verifyRegistration, type VerificationError } from '../index.js';
import { REAL_DEVICE_DIR } from '../../../../test/vectors/realDevices.js';

const DIR = REAL_DEVICE_DIR;
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });

interface Fixture {
  source: string;
  expectedChallenge: string | null;
  expectedOrigin: string;
  expectedRPID: string | null;
  clientDataJSON: string;
  attestationObject: string;
  decoded_summary: {
    fmt: string;
    aaguid: string;
    flags: { UP: boolean; UV: boolean; BE: boolean; BS: boolean };
    signCount: number;
    coseKey: { alg: number };
    x5c?: unknown[];
  };
}

interface Root {
  name: string;
  der_b64?: string;
  pem?: string;
}

const roots: Root[] = JSON.parse(readFileSync(`${DIR}attestation-roots.json`, 'utf8')).roots;
const rootCerts = roots.flatMap((r) => (r.der_b64 ?? r.pem ? [new X509Certificate(r.der_b64 ? Buffer.from(r.der_b64, 'base64') : (r.pem as string))] : []));

// Scopes: TPM and Apple roots only for their formats; Yubico's root is global (packed and fido-u2f both use it).
const SCOPES: Record<string, { format?: string }> = {
  'Microsoft TPM Root Certificate Authority 2014': { format: 'tpm' },
  'Apple WebAuthn Root CA': { format: 'apple' },
};
const store = new TrustStore();
for (const r of roots) {
  const text = r.der_b64 ?? r.pem;
  if (text) store.addRoots(text, SCOPES[r.name] ?? {});
}

const fixtures: [string, Fixture][] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'attestation-roots.json')
  .flatMap((f) => (JSON.parse(readFileSync(DIR + f, 'utf8')).fixtures as Fixture[]).map((fx): [string, Fixture] => [f, fx]));

/** What the test derives from the fixture bytes with cbor-x and node:crypto alone. */
function derive(fx: Fixture) {
  const ao = decoder.decode(Buffer.from(fx.attestationObject, 'base64url')) as Map<string, unknown>;
  const authData = ao.get('authData') as Buffer;
  const idLength = authData.readUInt16BE(53);
  const credentialId = authData.subarray(55, 55 + idLength).toString('base64url');
  const clientData = JSON.parse(Buffer.from(fx.clientDataJSON, 'base64url').toString('utf8'));
  const x5c = ((ao.get('attStmt') as Map<string, unknown>).get('x5c') as Uint8Array[] | undefined)?.map((d) => new X509Certificate(d)) ?? [];
  let notBefore = -Infinity;
  let notAfter = Infinity;
  for (const c of x5c) {
    notBefore = Math.max(notBefore, Date.parse(c.validFrom));
    notAfter = Math.min(notAfter, Date.parse(c.validTo));
  }
  const now = x5c.length > 0 ? new Date((notBefore + notAfter) / 2) : undefined;
  const last = x5c.at(-1);
  const trusted = last !== undefined && rootCerts.some((r) => r.raw.equals(last.raw) || (last.checkIssued(r) && last.verify(r.publicKey)));
  return { credentialId, clientData, x5c, now, trusted };
}

describe('real-device registration fixtures', () => {
  it.each(fixtures)('%s: %s', async (_file, fx) => {
    const { credentialId, clientData, x5c, now, trusted } = derive(fx);
    if (x5c.length > 0) expect(now!.getTime()).toBeGreaterThan(Math.max(...x5c.map((c) => Date.parse(c.validFrom))));
    const response = {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      response: { clientDataJSON: fx.clientDataJSON, attestationObject: fx.attestationObject },
      clientExtensionResults: {},
    };
    const expectedRpId = fx.expectedRPID ?? new URL(fx.expectedOrigin).hostname;
    let expectedChallenge = fx.expectedChallenge ?? clientData.challenge;
    if (expectedChallenge !== clientData.challenge) {
      // none.json's first entry carries the challenge of the upstream *negative* test; it must be rejected.
      await expect(
        verifyRegistration({ response, expectedChallenge, expectedOrigin: fx.expectedOrigin, expectedRpId, now }),
      ).rejects.toMatchObject({ code: 'ERR_CHALLENGE_MISMATCH' } satisfies Partial<VerificationError>);
      expectedChallenge = clientData.challenge;
    }
    const result = await verifyRegistration({
      response,
      expectedChallenge,
      expectedOrigin: fx.expectedOrigin,
      expectedRpId,
      trustStore: store,
      now,
    });
    const s = fx.decoded_summary;
    const c = result.credential;
    expect(c.attestation.fmt).toBe(s.fmt);
    expect(c.aaguid).toBe(s.aaguid);
    expect(c.signCount).toBe(s.signCount);
    expect(c.userVerified).toBe(s.flags.UV);
    expect(c.backupEligible).toBe(s.flags.BE);
    expect(c.backupState).toBe(s.flags.BS);
    expect(c.algorithm).toBe(s.coseKey.alg);
    expect(c.id).toBe(credentialId);
    expect(c.attestation.trustPath.length).toBe(s.x5c?.length ?? 0);
    expect(c.attestation.trustPath.map((d) => Buffer.from(d).toString('hex'))).toEqual(x5c.map((x) => x.raw.toString('hex')));
    expect(c.attestation.trusted).toBe(trusted);
    expect(result.rpId).toBe(expectedRpId);
  });

  it('the set of fixtures that end up trusted is the expected one', () => {
    const trusted = fixtures.filter(([, fx]) => derive(fx).trusted).map(([f]) => f);
    // android-key chains to Google's hardware attestation root, which attestation-roots.json does not carry.
    expect([...new Set(trusted)].sort()).toEqual(['apple.json', 'fido-u2f.json', 'packed-yubico.json', 'tpm-windows-hello.json']);
  });

  it('a custom challenge predicate can check a structured challenge (packed self, Chrome on Mac)', async () => {
    const [, fx] = fixtures.find(([, f]) => f.source.includes('custom challenge verifier'))!;
    const { credentialId } = derive(fx);
    const result = await verifyRegistration({
      response: {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: fx.clientDataJSON, attestationObject: fx.attestationObject },
      },
      // The challenge is base64url JSON holding the real challenge; the predicate decodes it.
      expectedChallenge: (challenge) => typeof JSON.parse(Buffer.from(challenge, 'base64url').toString()).actualChallenge === 'string',
      expectedOrigin: fx.expectedOrigin,
      expectedRpId: fx.expectedRPID ?? 'localhost',
    });
    expect(result.credential.attestation.type).toBe('self');
  });

  it('expired attestation certificates make a scoped trust anchor reject (no clock override)', async () => {
    const [, fx] = fixtures.find(([f]) => f === 'tpm-windows-hello.json')!;
    const { credentialId, clientData, x5c } = derive(fx);
    const after = new Date(Math.max(...x5c.map((c) => Date.parse(c.validTo))) + 86_400_000);
    await expect(
      verifyRegistration({
        response: {
          id: credentialId,
          rawId: credentialId,
          type: 'public-key',
          response: { clientDataJSON: fx.clientDataJSON, attestationObject: fx.attestationObject },
        },
        expectedChallenge: clientData.challenge,
        expectedOrigin: fx.expectedOrigin,
        expectedRpId: fx.expectedRPID!,
        trustStore: store,
        now: after,
      }),
    ).rejects.toMatchObject({ code: 'ERR_ATTESTATION_UNTRUSTED' });
  });

  it('android-key: pinning the root shipped in x5c (after checking its documented subject) makes the chain trusted', async () => {
    const [, fx] = fixtures.find(([f, x]) => f === 'android-key.json' && x.source.includes('Pixel 8a'))!;
    const { credentialId, clientData, x5c, now } = derive(fx);
    const root = x5c.at(-1)!;
    // attestation-roots.json documents the Google root as subject serialNumber=f92009e853b6b045, self-signed.
    expect(root.subject).toBe('serialNumber=f92009e853b6b045');
    expect(root.checkIssued(root) && root.verify(root.publicKey)).toBe(true);
    const pinned = new TrustStore().addRoots(root.toString(), { format: 'android-key' });
    const result = await verifyRegistration({
      response: {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: fx.clientDataJSON, attestationObject: fx.attestationObject },
      },
      expectedChallenge: clientData.challenge,
      expectedOrigin: fx.expectedOrigin,
      expectedRpId: fx.expectedRPID!,
      trustStore: pinned,
      now,
    });
    expect(result.credential.attestation.trusted).toBe(true);
  });
});
