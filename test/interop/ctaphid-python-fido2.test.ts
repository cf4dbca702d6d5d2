/**
 * Interop: python-fido2 0.9.1 (Debian's python3-fido2, run by /usr/bin/python3) drives vfido over
 * the loopback CTAPHID server. Its own CtapHidDevice speaks the wire protocol through an adapter
 * that only moves 64-byte reports (ctaphid_fido2.py); assertions are on python-fido2's parsing and
 * signature checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VirtualAuthenticator, presets, serveCtapHid, type CtapHidServer } from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)
const DRIVER = fileURLToPath(new URL('./ctaphid_fido2.py', import.meta.url));

function requireFido2(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import fido2.hid, fido2.ctap2'], { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`${PYTHON} cannot import fido2: apt-get install python3-fido2`, { cause });
  }
}

/** What ctaphid_fido2.py prints: python-fido2's view of the device. */
interface DriverResult {
  hid: { version: number; deviceVersion: number[]; capabilities: number; cbor: boolean; nmsg: boolean };
  ping: boolean;
  wink?: boolean;
  info: { versions: string[]; aaguid: string; options: Record<string, boolean> };
  create: { fmt: string; aaguid: string; credentialId: string; rpIdHashOk: boolean; flags: number; alg: number; attestationType: string; keepalives: number[] };
  get: { verified: boolean; rejectsTampered: boolean; credentialId: string; counter: number; flags: number };
  cancel: string | number;
}

function runDriver(port: number): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, String(port)], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python-fido2 driver failed: ${stderr || error.message}`, { cause: error }));
      resolve(JSON.parse(stdout) as DriverResult);
    });
  });
}

describe('python-fido2 over CTAPHID (TCP loopback)', () => {
  let server: CtapHidServer;
  const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ctaphid-interop' });
  let result: DriverResult;

  beforeAll(async () => {
    requireFido2();
    server = await serveCtapHid({ authenticator, port: 0, touchDelayMs: 250 });
    if (server.address.transport !== 'tcp') throw new Error('tcp expected');
    result = await runDriver(server.address.port);
  });
  afterAll(() => server?.close());

  it('opens the device: CTAPHID v2, YubiKey firmware 5.7.1 as device version, CBOR + WINK, MSG (U2F_V2 preset: no NMSG)', () => {
    expect(result.hid).toEqual({ version: 2, deviceVersion: [5, 7, 1], capabilities: 0x05, cbor: true, nmsg: false });
    expect(result.ping).toBe(true);
    expect(result.wink).toBe(true);
  });

  it('getInfo: canonical CBOR accepted, AAGUID and versions are the preset\'s', () => {
    const preset = presets['yubikey-5-nfc']!;
    expect(result.info.aaguid).toBe(preset.aaguid.replace(/-/g, ''));
    expect(result.info.versions).toEqual(preset.getInfo.versions);
  });

  it('makeCredential: python-fido2 verifies the packed attestation, sees UPNEEDED keepalives while the user touches', () => {
    expect(result.create).toMatchObject({ fmt: 'packed', aaguid: authenticator.aaguid.replace(/-/g, ''), rpIdHashOk: true, alg: -7, attestationType: 'BASIC' });
    expect(result.create.flags & 0x41).toBe(0x41); // UP + AT
    // python-fido2 reports each status change once: UPNEEDED, then PROCESSING if signing outlasts a keepalive tick
    expect(['2', '2,1']).toContain(result.create.keepalives.join());
    expect(authenticator.credentials().map((c) => Buffer.from(c.id).toString('hex'))).toEqual([result.create.credentialId]);
  });

  it('getAssertion: the signature verifies with python-fido2\'s own public key, a tampered one does not', () => {
    expect(result.get).toMatchObject({ verified: true, rejectsTampered: true, credentialId: result.create.credentialId });
    expect(result.get.flags & 0x01).toBe(0x01);
  });

  it('CTAPHID_CANCEL from python-fido2 ends the request with KEEPALIVE_CANCEL and creates nothing', () => {
    expect(result.cancel).toBe('KEEPALIVE_CANCEL');
    expect(authenticator.credentials()).toHaveLength(1);
  });
});
