/**
 * Interop: python-fido2 0.9.1's own ClientPin, CredentialManagement, LargeBlobs and Config drive
 * vfido over the loopback CTAPHID server (ctaphid_credman.py): CTAP 2.1 authenticatorCredentialManagement
 * (0x0a), authenticatorLargeBlobs and authenticatorConfig on yubikey-5-nfc, and the 2.1-PRE
 * credential-management prototype (0x41) on yubikey-5c. Assertions are on python-fido2's parsing,
 * cross-checked against vfido's store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VirtualAuthenticator, presets, serveCtapHid, type CtapHidServer } from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)
const DRIVER = fileURLToPath(new URL('./ctaphid_credman.py', import.meta.url));

function requireFido2(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import fido2.ctap2; from fido2.ctap2 import CredentialManagement, LargeBlobs, Config'], { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`${PYTHON} cannot import fido2 (CredentialManagement, LargeBlobs, Config): apt-get install python3-fido2`, { cause });
  }
}

interface Cred {
  user: { id: string; name?: string; displayName?: string };
  credentialId: string;
  type: string;
  publicKey: Record<string, string | number>;
  credProtect: number | null;
  largeBlobKey: string | null;
}

/** What ctaphid_credman.py prints. */
interface DriverResult {
  optionsBefore: Record<string, boolean>;
  protocol: number;
  made: Record<'ada' | 'bob' | 'cy', { credentialId: string; publicKey: Record<string, string | number>; largeBlobKey: string | null }>;
  metadata: { existing: number; remaining: number };
  rps: { id: string; name: string | null; hashOk: boolean; total: number | null }[];
  nextRpAfterEnd: string;
  creds: Cred[];
  totalCredentials: number;
  noCredsRp: Cred[];
  badToken: string;
  afterUpdate?: { id: string; name?: string; displayName?: string }[];
  afterDelete: { existing: number; remaining: number; rps: string[] };
  blobArrayBefore?: unknown[];
  blob?: string;
  blobOtherKey?: string | null;
  blobEntries?: number;
  blobWithoutToken?: string;
  blobAfterDelete?: string | null;
  blobEntriesAfterDelete?: number;
  alwaysUvOn?: boolean;
  alwaysUvOff?: boolean;
  minPinLength?: number;
  forcePinChange?: boolean;
  lowerMinPin?: string;
  configWithoutToken?: string;
}

function runDriver(port: number, mode: 'full' | 'preview'): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, String(port), mode], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python-fido2 credman driver failed: ${stderr || error.message}`, { cause: error }));
      resolve(JSON.parse(stdout) as DriverResult);
    });
  });
}

const hex = (b: Uint8Array | undefined): string | undefined => (b ? Buffer.from(b).toString('hex') : undefined);

/** Start a server for `preset`, run the driver once. */
function session(preset: string, mode: 'full' | 'preview') {
  const ctx: { authenticator: VirtualAuthenticator; result: DriverResult } = {} as never;
  let server: CtapHidServer | undefined;
  beforeAll(async () => {
    requireFido2();
    ctx.authenticator = new VirtualAuthenticator({ preset, seed: `credman-interop-${preset}` });
    server = await serveCtapHid({ authenticator: ctx.authenticator, port: 0, touchDelayMs: 20 });
    if (server.address.transport !== 'tcp') throw new Error('tcp expected');
    ctx.result = await runDriver(server.address.port, mode);
  }, 90_000);
  afterAll(() => server?.close());
  return ctx;
}

describe('python-fido2 CredentialManagement / LargeBlobs / Config on yubikey-5-nfc (CTAP 2.1)', () => {
  const ctx = session('yubikey-5-nfc', 'full');

  it('starts without a PIN and announces the three features', () => {
    expect(ctx.result.optionsBefore).toMatchObject({ clientPin: false, credMgmt: true, largeBlobs: true, authnrCfg: true, setMinPINLength: true, alwaysUv: false });
    expect(ctx.result.protocol).toBe(2);
  });

  it('getCredsMetadata counts the three discoverable credentials against the 100-credential capacity', () => {
    expect(ctx.result.metadata).toEqual({ existing: 3, remaining: presets['yubikey-5-nfc']!.residentKeyCapacity! - 3 });
  });

  it('enumerates both RPs with their names and rpIDHash; GetNextRP past the end is NOT_ALLOWED', () => {
    expect(ctx.result.rps.map(({ id, name, hashOk }) => ({ id, name, hashOk }))).toEqual([
      { id: 'example.com', name: 'Example', hashOk: true },
      { id: 'other.org', name: 'Other', hashOk: true },
    ]);
    expect(ctx.result.rps.map((r) => r.total).filter((t) => t !== null)).toEqual([2]);
    expect(ctx.result.nextRpAfterEnd).toBe('NOT_ALLOWED');
  });

  it('enumerates example.com\'s credentials with the keys makeCredential returned, credProtect and bob\'s largeBlobKey', () => {
    const { made, creds } = ctx.result;
    expect(ctx.result.totalCredentials).toBe(2);
    expect(creds.map((c) => c.user)).toEqual([
      { id: Buffer.from('ada').toString('hex'), name: 'ada@example.com', displayName: 'Ada' },
      { id: Buffer.from('bob').toString('hex'), name: 'bob@example.com', displayName: 'Bob' },
    ]);
    expect(creds.map((c) => [c.credentialId, c.type, c.publicKey])).toEqual([
      [made.ada.credentialId, 'public-key', made.ada.publicKey],
      [made.bob.credentialId, 'public-key', made.bob.publicKey],
    ]);
    expect(creds.map((c) => c.credProtect)).toEqual([1, 1]);
    expect(made.bob.largeBlobKey).toMatch(/^[0-9a-f]{64}$/);
    expect(creds.map((c) => c.largeBlobKey)).toEqual([null, made.bob.largeBlobKey]);
    const stored = ctx.authenticator.credentials().find((c) => hex(c.id) === made.bob.credentialId);
    expect(hex(stored?.largeBlobKey)).toBe(made.bob.largeBlobKey);
    expect(ctx.result.noCredsRp).toEqual([]);
  });

  it('a MAC from a token the authenticator never issued is PIN_AUTH_INVALID', () => {
    expect(ctx.result.badToken).toBe('PIN_AUTH_INVALID');
  });

  it('updateUserInformation and deleteCredential change what vfido stores', () => {
    expect(ctx.result.afterUpdate).toEqual([
      { id: Buffer.from('ada').toString('hex'), name: 'ada@new.example', displayName: 'Ada Lovelace' },
      { id: Buffer.from('bob').toString('hex'), name: 'bob@example.com', displayName: 'Bob' },
    ]);
    expect(ctx.result.afterDelete).toEqual({ existing: 2, remaining: 98, rps: ['example.com'] });
    const stored = ctx.authenticator.credentials();
    expect(stored.map((c) => c.rpId).sort()).toEqual(['example.com', 'example.com']);
    expect(stored.find((c) => hex(c.id) === ctx.result.made.ada.credentialId)).toMatchObject({ userName: 'ada@new.example', userDisplayName: 'Ada Lovelace' });
  });

  it('LargeBlobs: python-fido2 writes an encrypted blob under bob\'s largeBlobKey and reads it back', () => {
    expect(ctx.result.blobArrayBefore).toEqual([]);
    expect(ctx.result.blob).toBe('vfido large blob for bob '.repeat(8));
    expect(ctx.result.blobOtherKey).toBeNull();
    expect(ctx.result.blobEntries).toBe(1);
    expect(ctx.result.blobWithoutToken).toBe('PIN_REQUIRED'); // python-fido2 0.9.1's name for 0x36, CTAP 2.1 CTAP2_ERR_PUAT_REQUIRED
    expect(ctx.result.blobAfterDelete).toBeNull();
    expect(ctx.result.blobEntriesAfterDelete).toBe(0);
  });

  it('Config: toggle_always_uv flips getInfo alwaysUv; set_min_pin_length raises it and forces a PIN change', () => {
    expect(ctx.result.alwaysUvOn).toBe(true);
    expect(ctx.result.alwaysUvOff).toBe(false);
    expect(ctx.result.minPinLength).toBe(8);
    expect(ctx.result.forcePinChange).toBe(true); // the 6-digit PIN is now too short
    expect(ctx.result.lowerMinPin).toBe('PIN_POLICY_VIOLATION');
    expect(ctx.result.configWithoutToken).toBe('PIN_REQUIRED'); // 0x36 CTAP2_ERR_PUAT_REQUIRED
  });
});

describe('python-fido2 CredentialManagement on yubikey-5c (CTAP 2.1-PRE, command 0x41)', () => {
  const ctx = session('yubikey-5c', 'preview');

  it('announces credentialMgmtPreview only, and python-fido2 manages credentials through it with a getPinToken token', () => {
    expect(ctx.result.optionsBefore.credentialMgmtPreview).toBe(true);
    expect(ctx.result.optionsBefore.credMgmt).toBeUndefined();
    expect(ctx.result.optionsBefore.pinUvAuthToken).toBeUndefined(); // so python-fido2 uses getPinToken (0x05)
    expect(ctx.result.metadata).toEqual({ existing: 3, remaining: 22 });
    expect(ctx.result.rps.map((r) => r.id)).toEqual(['example.com', 'other.org']);
    expect(ctx.result.creds.map((c) => c.credentialId)).toEqual([ctx.result.made.ada.credentialId, ctx.result.made.bob.credentialId]);
    expect(ctx.result.afterDelete).toEqual({ existing: 2, remaining: 23, rps: ['example.com'] });
    expect(ctx.authenticator.credentials()).toHaveLength(2);
  });
});
