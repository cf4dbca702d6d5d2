/**
 * `vfido policy matrix`: which emulated models an Entra-style passkey policy admits. Every preset
 * registers (attestation `direct`) and signs in through `VirtualAuthenticator` + `WebAuthnClient`,
 * directly and, for phone presets, cross-device (`via: 'hybrid'`, FIDO CDA); `@vfido/rp` verifies
 * each ceremony (WebAuthn L3 7.1, 7.2) against the vfido TEST MDS BLOB and evaluates the policy at
 * registration and at sign-in.
 * @module
 */
import type { PolicyReason, PolicyVerdict, TrustStore } from '@vfido/rp';
import type { LoadedPolicy } from './policyFlags.js';

/** One preset and connection of the matrix. */
export interface PolicyMatrixRow {
  preset: string;
  name: string;
  via: 'direct' | 'hybrid';
  /** The attestation the RP received. */
  fmt?: string;
  attestationType?: string;
  aaguid?: string;
  passkeyType?: PolicyVerdict['passkeyType'];
  registration?: PolicyVerdict;
  signIn?: PolicyVerdict;
  /** The ceremony or its verification failed, so the policy could not be evaluated. */
  error?: { code: string; message: string };
}

const ORIGIN = 'https://login.example.com';
const RP_ID = 'login.example.com';
const challenge = (label: string) => Buffer.from(`vfido policy matrix ${label}`).toString('base64url');

/** Register and sign in with one preset over one connection, and judge both with the policy. */
async function runRow(id: string, via: 'direct' | 'hybrid', loaded: LoadedPolicy, trustStore: TrustStore): Promise<PolicyMatrixRow> {
  const { VirtualAuthenticator, WebAuthnClient, aaguidName, presets } = await import('@vfido/core');
  const { verifyAuthentication, verifyRegistration } = await import('@vfido/rp');
  const preset = presets[id]!;
  const row: PolicyMatrixRow = { preset: id, name: preset.name, via };
  const policy = { config: loaded.policy, groups: loaded.groups, aaguidNames: aaguidName };
  try {
    const client = new WebAuthnClient({ authenticator: new VirtualAuthenticator({ preset: id }), origin: ORIGIN });
    const created = await client.create(
      {
        rp: { id: RP_ID, name: 'vfido policy matrix' },
        user: { id: Buffer.from(`user-${id}`).toString('base64url'), name: 'user@example.com', displayName: 'user@example.com' },
        challenge: challenge('registration'),
        pubKeyCredParams: [-8, -7, -257].map((alg) => ({ type: 'public-key', alg })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        attestation: 'direct',
      },
      { via },
    );
    const reg = await verifyRegistration({ response: created, expectedChallenge: challenge('registration'), expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore, policy });
    const c = reg.credential;
    Object.assign(row, { fmt: c.attestation.fmt, attestationType: c.attestation.type, aaguid: c.aaguid, passkeyType: reg.policy!.passkeyType, registration: reg.policy! });
    const got = await client.get({ challenge: challenge('sign-in'), rpId: RP_ID, allowCredentials: [{ type: 'public-key', id: c.id }], userVerification: 'preferred' }, { via });
    const auth = await verifyAuthentication({
      response: got,
      expectedChallenge: challenge('sign-in'),
      expectedOrigin: ORIGIN,
      expectedRpId: RP_ID,
      credential: { id: c.id, publicKey: c.publicKey, signCount: c.signCount, backupEligible: c.backupEligible, aaguid: c.aaguid },
      policy,
    });
    row.signIn = auth.policy!;
  } catch (error) {
    // A policy file Entra would refuse fails the whole command; anything else is this row's result.
    if (error instanceof Error && error.name === 'PolicyError') throw error;
    const e = error as Error & { code?: unknown };
    row.error = { code: typeof e.code === 'string' ? e.code : e.name, message: e.message };
  }
  return row;
}

/**
 * Run every preset, directly and (where the preset has `hybrid`) cross-device, through the policy.
 * Rows run one after another: each is CPU-bound key generation and signing.
 * @param loaded - the policy and the groups to evaluate for
 * @returns the rows, in preset order, direct before hybrid
 */
export async function policyMatrix(loaded: LoadedPolicy): Promise<PolicyMatrixRow[]> {
  const core = await import('@vfido/core');
  const { vfidoMdsTrustStore } = await import('./trust.js');
  const trustStore = await vfidoMdsTrustStore();
  const rows: PolicyMatrixRow[] = [];
  for (const id of core.presetIds) {
    const preset = core.getPreset(id);
    rows.push(await runRow(preset.id, 'direct', loaded, trustStore));
    if (preset.hybrid) rows.push(await runRow(preset.id, 'hybrid', loaded, trustStore));
  }
  return rows;
}

/** The reason a row shows: the first denial at registration, else at sign-in, else the admission. */
export function rowReason(row: PolicyMatrixRow): PolicyReason | undefined {
  const first = (v: PolicyVerdict | undefined, kind: PolicyReason['kind']) => v?.reasons.find((r) => r.kind === kind);
  return first(row.registration, 'deny') ?? first(row.signIn, 'deny') ?? first(row.registration, 'admit');
}
