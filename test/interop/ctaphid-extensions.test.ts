/**
 * Interop: python-fido2 0.9.1 (Debian's python3-fido2, /usr/bin/python3) drives vfido's CTAP 2.1
 * section 12 extensions over the loopback CTAPHID server (ctaphid_extensions.py). Its own
 * extension classes, ClientPin and PIN/UV protocols make the inputs and read the outputs; this
 * test derives the expected hmac-secret values independently, HMAC-SHA-256 over python's salts
 * with the CredRandoms of the stored credential records (node:crypto).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VirtualAuthenticator, serveCtapHid, type CtapHidServer, type StoredCredential } from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)
const DRIVER = fileURLToPath(new URL('./ctaphid_extensions.py', import.meta.url));

function requireFido2(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import fido2.hid, fido2.ctap2.extensions'], { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`${PYTHON} cannot import fido2: apt-get install python3-fido2`, { cause });
  }
}

/** A status name from python-fido2 when a step failed. */
type Failed = { error: string };
interface HmacResult { protocol: number; uv: boolean; salt1: string; salt2: string | null; output1: string; output2: string | null }
interface Created { credentialId: string; extensions: Record<string, unknown>; hmacCreateSecret: unknown; largeBlobKey: string | null; sentInputs: string[] }
interface Found { credentialId: string; uv: boolean }

interface DriverResult {
  yubikey: {
    info: { extensions: string[]; maxCredBlobLength: number; pinUvAuthProtocols: number[] };
    blob: string;
    create: Created;
    createLocked: Created;
    hmacNoUv: (HmacResult | Failed)[];
    getBlob: { credBlob: string; largeBlobKey: string | null } | Failed;
    discoverLevel2NoUv: Found | Failed;
    allowLevel2NoUv: Found | Failed;
    discoverLevel3NoUv: Found | Failed;
    allowLevel3NoUv: Found | Failed;
    setPin: true | string;
    hmacPinUv: (HmacResult | Failed)[];
    discoverLevel3PinUv: Found | Failed;
  };
  generic: {
    info: { extensions: string[] };
    create: Created & { uv: boolean };
    createLocked: Created;
    mcSalt: string;
    mcOutput: string;
    hmacBuiltinUv: HmacResult | Failed;
    hmacNoUv: HmacResult | Failed;
    discoverLevel3NoUv: Found | Failed;
    discoverLevel3BuiltinUv: Found | Failed;
  };
}

function runDriver(yubikeyPort: number, genericPort: number): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, String(yubikeyPort), String(genericPort)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python-fido2 driver failed: ${stderr || error.message}`, { cause: error }));
      resolve(JSON.parse(stdout) as DriverResult);
    });
  });
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const hmacHex = (key: Uint8Array, saltHex: string): string => createHmac('sha256', key).update(Buffer.from(saltHex, 'hex')).digest('hex');
const byId = (a: VirtualAuthenticator, idHex: string): StoredCredential => {
  const c = a.credentials().find((x) => hex(x.id) === idHex);
  if (!c) throw new Error(`no stored credential ${idHex}`);
  return c;
};
/** The value when the step succeeded; the failure status fails the test with a readable message. */
function ok<T extends object>(step: T | Failed, what: string): T {
  expect(step, `${what} failed with ${'error' in step ? step.error : ''}`).not.toHaveProperty('error');
  return step as T;
}

describe('python-fido2 extensions over CTAPHID (TCP loopback)', () => {
  const yubikey = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ctaphid-extensions' });
  const generic = new VirtualAuthenticator({ preset: 'generic', seed: 'ctaphid-extensions' });
  const servers: CtapHidServer[] = [];
  let r: DriverResult;

  beforeAll(async () => {
    requireFido2();
    for (const authenticator of [yubikey, generic]) servers.push(await serveCtapHid({ authenticator, port: 0, touchDelayMs: 10 }));
    const ports = servers.map((s) => {
      if (s.address.transport !== 'tcp') throw new Error('tcp expected');
      return s.address.port;
    });
    r = await runDriver(ports[0]!, ports[1]!);
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  it('getInfo lists the extensions python-fido2 then uses; maxCredBlobLength 32', () => {
    expect(r.yubikey.info.extensions).toEqual(['credProtect', 'hmac-secret', 'largeBlobKey', 'credBlob', 'minPinLength']);
    expect(r.yubikey.info.maxCredBlobLength).toBe(32);
    expect(r.generic.info.extensions).toEqual(['credProtect', 'hmac-secret', 'hmac-secret-mc']);
  });

  it('makeCredential: python-fido2 sent all four inputs and reads credProtect 2, hmacCreateSecret, credBlob true and a 32-byte largeBlobKey', () => {
    const c = r.yubikey.create;
    expect(c.sentInputs).toEqual(['credBlob', 'credProtect', 'hmac-secret', 'largeBlobKey']);
    expect(c.extensions).toEqual({ credBlob: true, credProtect: 2, 'hmac-secret': true });
    expect(c.hmacCreateSecret).toEqual({ hmacCreateSecret: true });
    const stored = byId(yubikey, c.credentialId);
    expect(stored.credProtect).toBe(2);
    expect(hex(stored.credBlob!)).toBe(r.yubikey.blob);
    expect(c.largeBlobKey).toBe(hex(stored.largeBlobKey!));
    expect(byId(yubikey, r.yubikey.createLocked.credentialId).credProtect).toBe(3);
    expect(r.yubikey.createLocked.extensions).toMatchObject({ credProtect: 3 });
  });

  it('hmac-secret without UV: outputs decrypted by python-fido2 equal HMAC-SHA-256(CredRandomWithoutUV, salt), stable across calls and protocols', () => {
    const { withoutUv } = byId(yubikey, r.yubikey.create.credentialId).hmacSecret!;
    const [a, b, v1] = r.yubikey.hmacNoUv.map((x, i) => ok(x, `hmacNoUv[${i}]`));
    expect([a!.protocol, b!.protocol, v1!.protocol]).toEqual([2, 2, 1]);
    for (const x of [a!, b!, v1!]) {
      expect(x.uv).toBe(false);
      expect(x.output1).toBe(hmacHex(withoutUv, x.salt1));
    }
    expect(a!.output2).toBe(hmacHex(withoutUv, a!.salt2!));
    expect(b).toEqual(a);
    expect(v1!.output2).toBeNull();
  });

  it('getCredBlob and largeBlobKey round trip to python-fido2', () => {
    const got = ok(r.yubikey.getBlob, 'getBlob');
    expect(got.credBlob).toBe(r.yubikey.blob);
    expect(got.largeBlobKey).toBe(r.yubikey.create.largeBlobKey);
  });

  it('credProtect without UV: level 2 only through the allowList, level 3 not at all', () => {
    expect(r.yubikey.discoverLevel2NoUv).toEqual({ error: 'NO_CREDENTIALS' });
    expect(ok(r.yubikey.allowLevel2NoUv, 'allowLevel2NoUv').credentialId).toBe(r.yubikey.create.credentialId);
    expect(r.yubikey.discoverLevel3NoUv).toEqual({ error: 'NO_CREDENTIALS' });
    expect(r.yubikey.allowLevel3NoUv).toEqual({ error: 'NO_CREDENTIALS' });
  });

  it('with a PIN token from python-fido2: hmac-secret uses CredRandomWithUV (different output), the level 3 credential is discoverable', () => {
    expect(r.yubikey.setPin).toBe(true);
    const { withUv, withoutUv } = byId(yubikey, r.yubikey.create.credentialId).hmacSecret!;
    const [p2, p1] = r.yubikey.hmacPinUv.map((x, i) => ok(x, `hmacPinUv[${i}]`));
    for (const x of [p2!, p1!]) {
      expect(x.uv).toBe(true);
      expect(x.output1).toBe(hmacHex(withUv, x.salt1));
      expect(x.output2).toBe(hmacHex(withUv, x.salt2!));
      expect(x.output1).not.toBe(hmacHex(withoutUv, x.salt1));
    }
    expect([p2!.protocol, p1!.protocol]).toEqual([2, 1]);
    const found = ok(r.yubikey.discoverLevel3PinUv, 'discoverLevel3PinUv');
    expect(found).toEqual({ credentialId: r.yubikey.createLocked.credentialId, uv: true });
  });

  it('generic: hmac-secret-mc output (python-fido2 protocol 2 crypto, made with built-in UV) equals a later assertion with built-in UV, not one without', () => {
    const c = r.generic.create;
    expect(c.uv).toBe(true);
    expect(c.extensions).toMatchObject({ credProtect: 2, 'hmac-secret': true });
    const { withUv, withoutUv } = byId(generic, c.credentialId).hmacSecret!;
    expect(r.generic.mcOutput).toBe(hmacHex(withUv, r.generic.mcSalt));
    const uv = ok(r.generic.hmacBuiltinUv, 'generic hmacBuiltinUv');
    expect(uv).toMatchObject({ protocol: 2, uv: true, salt1: r.generic.mcSalt, output1: r.generic.mcOutput });
    const noUv = ok(r.generic.hmacNoUv, 'generic hmacNoUv');
    expect(noUv).toMatchObject({ protocol: 1, uv: false, output1: hmacHex(withoutUv, r.generic.mcSalt) });
    expect(noUv.output1).not.toBe(uv.output1);
  });

  it('generic: a level 3 credential is not discoverable without UV, and is with built-in UV', () => {
    expect(r.generic.discoverLevel3NoUv).toEqual({ error: 'NO_CREDENTIALS' });
    expect(ok(r.generic.discoverLevel3BuiltinUv, 'discoverLevel3BuiltinUv')).toEqual({ credentialId: r.generic.createLocked.credentialId, uv: true });
  });
});
