/**
 * Interop: python-fido2 0.9.1 (Debian's python3-fido2, run by /usr/bin/python3) uses vfido's
 * authenticatorClientPIN (CTAP 2.1 6.5) over the loopback CTAPHID server: its own ClientPin with
 * PIN/UV auth protocols 1 and 2, its Fido2Client with pin=, and its Fido2Server checking the
 * attestation chain (vfido test root), the signature and the UV flag (ctaphid_clientpin.py).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CtapStatus, VirtualAuthenticator, serveCtapHid, type CtapHidServer } from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)
const DRIVER = fileURLToPath(new URL('./ctaphid_clientpin.py', import.meta.url));
const S = CtapStatus;

function requireFido2(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import fido2.ctap2.pin, fido2.server, fido2.hid'], { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`${PYTHON} cannot import fido2: apt-get install python3-fido2`, { cause });
  }
}

interface Flags {
  up: boolean;
  uv: boolean;
  raw: number;
}

/** What the driver prints in `pin` mode (see ctaphid_clientpin.py). */
interface PinResult {
  info: { clientPin: boolean; pinUvAuthToken: boolean; protocols: number[] };
  retriesBeforeSet: string | number;
  clientPinAfterSet: boolean;
  retriesAfterSet: [number, boolean];
  setAgain: string | number;
  tokenV1: number;
  changeV1: string | number;
  oldPinV2: string | number;
  retriesAfterWrong: [number, boolean];
  tokenV2: number;
  retriesAfterRight: [number, boolean];
  changeV2: string | number;
  legacyMc: Flags;
  legacyReuse: string | number;
  rkWithoutToken: string | number;
  plainWithoutToken: Flags;
  otherRpToken: string | number;
  wrongThrice: (string | number)[];
  rightWhileBlocked: string | number;
  retriesBlocked: [number, boolean];
  retriesAfterPowerCycle: [number, boolean];
  tokenAfterPowerCycle: number;
  retriesRestored: [number, boolean];
  register: Flags & { fmt: string; credentialId: string };
  otherRootRejected: boolean;
  authenticate: Flags & { credentialId: string; signatureVerified: boolean };
  wrongPinClient: string | number;
  retriesEnd: [number, boolean];
}

/** What the driver prints in `uv` mode. */
interface UvResult {
  info: { uv: boolean; clientPin: boolean; pinUvAuthToken: boolean };
  v1: Flags & { tokenLength: number; uvRetries: number };
  v2: Flags & { tokenLength: number; uvRetries: number };
  rkWithoutUv: string | number;
}

function runDriver<T>(port: number, mode: 'pin' | 'uv', roots: { root?: string; other?: string } = {}): Promise<T> {
  const env = { ...process.env, VFIDO_ROOT_PEM: roots.root ?? '', VFIDO_OTHER_ROOT_PEM: roots.other ?? '' };
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, String(port), mode], { timeout: 60_000, env }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python-fido2 driver (${mode}) failed: ${stderr || error.message}`, { cause: error }));
      resolve(JSON.parse(stdout) as T);
    });
  });
}

async function serve(authenticator: VirtualAuthenticator): Promise<CtapHidServer> {
  const server = await serveCtapHid({ authenticator, port: 0, touchDelayMs: 20 });
  if (server.address.transport !== 'tcp') throw new Error('tcp expected');
  return server;
}

describe('python-fido2 ClientPin and Fido2Client with pin= on a yubikey-5-nfc (CTAPHID, TCP loopback)', () => {
  let server: CtapHidServer;
  const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'clientpin-interop' });
  let r: PinResult;

  beforeAll(async () => {
    requireFido2();
    server = await serve(authenticator);
    const [root] = await authenticator.attestationRoots();
    const [other] = await new VirtualAuthenticator({ preset: 'titan', seed: 'clientpin-interop' }).attestationRoots();
    r = await runDriver<PinResult>(server.address.transport === 'tcp' ? server.address.port : 0, 'pin', { root, other });
  }, 90_000);
  afterAll(() => server?.close());

  it('getInfo before: clientPin supported but not set, pinUvAuthToken, protocols 2 and 1', () => {
    expect(r.info).toEqual({ clientPin: false, pinUvAuthToken: true, protocols: [2, 1] });
  });

  it('getPINRetries with no PIN set: PIN_NOT_SET, as python-fido2 own device tests expect of a YubiKey', () => {
    expect(r.retriesBeforeSet).toBe(S.CTAP2_ERR_PIN_NOT_SET);
  });

  it('protocol 1: setPIN, getInfo clientPin true, 8 retries; a second setPIN is PIN_AUTH_INVALID; token; changePIN', () => {
    expect(r.clientPinAfterSet).toBe(true);
    expect(r.retriesAfterSet).toEqual([8, false]);
    expect(r.setAgain).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(r.tokenV1).toBe(32);
    expect(r.changeV1).toBe('OK');
  });

  it('protocol 2: the old PIN is PIN_INVALID and costs a retry; the new one restores them; changePIN', () => {
    expect(r.oldPinV2).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(r.retriesAfterWrong).toEqual([7, false]);
    expect(r.tokenV2).toBe(32);
    expect(r.retriesAfterRight).toEqual([8, false]);
    expect(r.changeV2).toBe('OK');
  });

  it('getPinToken: the token sets UV once, then is used up; a discoverable credential needs one, a plain one does not', () => {
    expect(r.legacyMc).toMatchObject({ up: true, uv: true });
    expect(r.legacyReuse).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(r.rkWithoutToken).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect(r.plainWithoutToken).toMatchObject({ up: true, uv: false });
    expect(r.otherRpToken).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('three wrong PINs: PIN_INVALID, PIN_INVALID, PIN_AUTH_BLOCKED; blocked until reconnecting (power cycle), retries kept', () => {
    expect(r.wrongThrice).toEqual([S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_AUTH_BLOCKED]);
    expect(r.rightWhileBlocked).toBe(S.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect(r.retriesBlocked).toEqual([5, true]);
    expect(r.retriesAfterPowerCycle).toEqual([5, false]);
    expect(r.tokenAfterPowerCycle).toBe(32);
    expect(r.retriesRestored).toEqual([8, false]);
  });

  it('Fido2Client registers with pin=: Fido2Server verifies the packed attestation to the vfido root and sees UV', () => {
    expect(r.register).toMatchObject({ up: true, uv: true, fmt: 'packed' });
    expect(r.otherRootRejected).toBe(true);
    const stored = authenticator.credentials().map((c) => Buffer.from(c.id).toString('hex'));
    expect(stored).toContain(r.register.credentialId);
  });

  it('Fido2Client authenticates with pin=: Fido2Server verifies the signature and sees UV; a wrong PIN is PIN_INVALID', () => {
    expect(r.authenticate).toMatchObject({ up: true, uv: true, credentialId: r.register.credentialId, signatureVerified: true });
    expect(r.wrongPinClient).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(r.retriesEnd).toEqual([7, false]);
    expect(authenticator.pinRetries).toBe(7);
  });
});

describe('python-fido2 getPinUvAuthTokenUsingUvWithPermissions on a built-in UV model (generic)', () => {
  let server: CtapHidServer;
  const authenticator = new VirtualAuthenticator({ preset: 'generic', seed: 'clientpin-interop-uv' });
  let r: UvResult;

  beforeAll(async () => {
    requireFido2();
    server = await serve(authenticator);
    r = await runDriver<UvResult>(server.address.transport === 'tcp' ? server.address.port : 0, 'uv');
  }, 90_000);
  afterAll(() => server?.close());

  it('tokens from built-in UV under both protocols make discoverable credentials with UV; without UV that is refused', () => {
    expect(r.info).toEqual({ uv: true, clientPin: false, pinUvAuthToken: true });
    for (const v of [r.v1, r.v2]) expect(v).toMatchObject({ up: true, uv: true, tokenLength: 32, uvRetries: 8 });
    expect(r.rkWithoutUv).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect(authenticator.credentials().filter((c) => c.discoverable)).toHaveLength(2);
  });
});
