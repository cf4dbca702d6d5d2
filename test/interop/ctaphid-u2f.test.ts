/**
 * Interop: python-fido2 0.9.1 (Debian's python3-fido2, /usr/bin/python3) speaks CTAP1/U2F to vfido
 * over CTAPHID_MSG (CTAP 2.1 11.2.9.1.1) on the loopback server: its own Ctap1 (APDUs, registration
 * and signature verification) and U2fClient (client data, check-only exclusion, polling through
 * "test-of-user-presence required"). Also `vfido serve` (the built CLI) with a U2F preset, and a
 * FIDO2-only preset that must refuse CTAPHID_MSG.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { X509Certificate, createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  CtapHidCapability,
  CtapHidCommand,
  CtapHidErrorCode,
  ScriptedUser,
  VirtualAuthenticator,
  encodeMessage,
  parsePacket,
  serveCtapHid,
  type CtapHidServer,
} from '@vfido/core';
import { U2F_RP_ID_PREFIX } from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

const PYTHON = peerPath('python3-fido2'); // /usr/bin/python3 unless VFIDO_PYTHON (scripts/peers.mjs)
const DRIVER = fileURLToPath(new URL('./ctaphid_u2f.py', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}packages/cli/dist/bin.js`;
const APP_ID = 'https://u2f.example.com'; // the AppID ctaphid_u2f.py registers for
const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** What ctaphid_u2f.py prints: python-fido2's view of the U2F device. */
interface DriverResult {
  hid: { capabilities: number; nmsg: boolean; cbor: boolean };
  client: { keepalives: number[]; clientDataType: string; keyHandle: string; certificate: string; excluded: string; signUserPresence: number; signCounter: number };
  version: string;
  register: { verified: boolean; rejectsTampered: boolean; rejectsOtherApp: boolean; publicKey: string; keyHandle: string; certificate: string };
  authenticate: { verified: boolean; rejectsTampered: boolean; rejectsOtherKey: boolean; userPresence: number; counters: number[] };
  checkOnly: { ours: number; otherApp: number; unknownKeyHandle: number };
  badKeyHandle: number;
  apduCodes: { ok: number; useNotSatisfied: number; wrongData: number };
  appidAssertion: { verified: boolean; rpIdHashIsAppParam: boolean; credentialId: string };
  ctap2OverU2f: { verified: boolean; userPresence: number };
}

function requireFido2(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import fido2.ctap1, fido2.client, fido2.hid'], { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`${PYTHON} cannot import fido2: apt-get install python3-fido2`, { cause });
  }
}

function runDriver(port: number): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, String(port)], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python-fido2 U2F driver failed: ${stderr || error.message}`, { cause: error }));
      resolve(JSON.parse(stdout) as DriverResult);
    });
  });
}

/** Expectations every U2F-speaking vfido device meets, whoever serves it. */
function expectU2fDevice(result: DriverResult): void {
  expect(result.hid).toEqual({ capabilities: CtapHidCapability.WINK | CtapHidCapability.CBOR, nmsg: false, cbor: true });
  expect(result.version).toBe('U2F_V2');
  expect(result.client).toMatchObject({ clientDataType: 'navigator.id.finishEnrollment', excluded: 'DEVICE_INELIGIBLE', signUserPresence: 1 });
  expect(result.register).toMatchObject({ verified: true, rejectsTampered: true, rejectsOtherApp: true });
  expect(result.register.publicKey).toMatch(/^04[0-9a-f]{128}$/);
  expect(result.authenticate).toMatchObject({ verified: true, rejectsTampered: true, rejectsOtherKey: true, userPresence: 1 });
  const [c1, c2] = result.authenticate.counters;
  expect(c2).toBe(c1! + 1);
  // python-fido2's own APDU constants: 0x6985 means "ours" for check-only, 0x6A80 a bad key handle.
  expect(result.checkOnly).toEqual({ ours: result.apduCodes.useNotSatisfied, otherApp: result.apduCodes.wrongData, unknownKeyHandle: result.apduCodes.wrongData });
  expect(result.badKeyHandle).toBe(result.apduCodes.wrongData);
  expect(result.appidAssertion).toEqual({ verified: true, rpIdHashIsAppParam: true, credentialId: result.register.keyHandle });
  expect(result.ctap2OverU2f).toEqual({ verified: true, userPresence: 1 });
}

describe('python-fido2 Ctap1/U2fClient over CTAPHID_MSG (TCP loopback)', () => {
  let server: CtapHidServer;
  const user = new ScriptedUser();
  const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ctaphid-u2f', user });
  let result: DriverResult;

  beforeAll(async () => {
    requireFido2();
    server = await serveCtapHid({ authenticator, port: 0 });
    if (server.address.transport !== 'tcp') throw new Error('tcp expected');
    user.once({ presence: 'refuse' }).once({ presence: 'refuse' }); // U2fClient.register must poll twice
    result = await runDriver(server.address.port);
  });
  afterAll(() => server?.close());

  it('speaks U2F the way python-fido2 checks it: version, registration, signatures, check-only, bad key handles, CTAP2 interplay', () => {
    expectU2fDevice(result);
  });

  it('U2fClient polled through the refused touches (one UPNEEDED report) and then registered', () => {
    expect(result.client.keepalives).toEqual([2]); // python-fido2 reports STATUS.UPNEEDED once while polling
    expect(authenticator.credentials().some((c) => Buffer.from(c.id).toString('hex') === result.client.keyHandle)).toBe(true);
  });

  it('stores U2F registrations under the AppID hash and attests with a certificate chaining to the vendor TEST root', async () => {
    const u2f = authenticator.credentials().filter((c) => c.rpId === `${U2F_RP_ID_PREFIX}${sha256hex(APP_ID)}`);
    expect(u2f.map((c) => Buffer.from(c.id).toString('hex')).sort()).toEqual([result.client.keyHandle, result.register.keyHandle].sort());
    expect(u2f.every((c) => c.alg === -7 && !c.discoverable && c.userHandle === undefined)).toBe(true);
    expect(result.client.certificate).toBe(result.register.certificate);
    const cert = new X509Certificate(Buffer.from(result.register.certificate, 'hex'));
    const roots = (await authenticator.attestationRoots()).map((pem) => new X509Certificate(pem));
    expect(roots.some((root) => cert.checkIssued(root) && cert.verify(root.publicKey))).toBe(true);
  });
});

/** INIT on a raw socket, then one CTAPHID_MSG: the reply's command and first payload byte. */
async function msgOverSocket(port: number): Promise<{ capabilities: number; cmd: number; code: number }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const reports: Uint8Array[] = [];
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 64) {
      reports.push(new Uint8Array(pending.subarray(0, 64)));
      pending = pending.subarray(64);
    }
  });
  const next = async (): Promise<Uint8Array> => {
    while (reports.length === 0) await new Promise((r) => setTimeout(r, 5));
    return reports.shift()!;
  };
  socket.write(encodeMessage(0xffffffff, CtapHidCommand.INIT, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))[0]!);
  const init = parsePacket(await next());
  if (init.type !== 'init') throw new Error('init reply expected');
  const cid = new DataView(init.data.buffer, init.data.byteOffset).getUint32(8);
  socket.write(encodeMessage(cid, CtapHidCommand.MSG, Uint8Array.of(0, 3, 0, 0, 0, 0, 0, 0, 0))[0]!);
  const reply = parsePacket(await next());
  socket.destroy();
  if (reply.type !== 'init') throw new Error('init packet expected');
  return { capabilities: init.data[16]!, cmd: reply.cmd, code: reply.data[0]! };
}

describe('a preset without U2F_V2', () => {
  it('keeps NMSG and answers CTAPHID_MSG with ERR_INVALID_CMD', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'generic' });
    expect(authenticator.preset.getInfo.versions).not.toContain('U2F_V2');
    const server = await serveCtapHid({ authenticator, port: 0 });
    try {
      if (server.address.transport !== 'tcp') throw new Error('tcp expected');
      const r = await msgOverSocket(server.address.port);
      expect(r.capabilities & CtapHidCapability.NMSG).toBe(CtapHidCapability.NMSG);
      expect(r).toMatchObject({ cmd: CtapHidCommand.ERROR, code: CtapHidErrorCode.ERR_INVALID_CMD });
    } finally {
      await server.close();
    }
  });
});

describe('vfido serve (built CLI) with a U2F preset', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('advertises MSG and python-fido2 registers and signs over U2F', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run 'npm run build' first`);
    child = spawn(process.execPath, [BIN, 'serve', '--preset', 'titan', '--port', '0'], { cwd: ROOT });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child!.once('exit', (code) => reject(new Error(`vfido serve exited ${code} before listening`)));
    });
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const result = await runDriver(port);
    expectU2fDevice(result);
    expect(result.client.keepalives).toEqual([]); // nobody refused a touch: no polling
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

describe("python-fido2's own Fido2Client on a U2F-only model (feitian-epass-u2f): the CTAP1 fallback vfido's client mirrors", () => {
  it('no CBOR capability, so Fido2Client uses CTAP1: fido-u2f (its verifier accepts), zero AAGUID, UP|AT, counter 0; resident keys unsupported', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'feitian-epass-u2f', seed: 'ctaphid-u2f-only' });
    const server = await serveCtapHid({ authenticator, port: 0, touchDelayMs: 20 });
    try {
      const address = server.address;
      if (address.transport !== 'tcp') throw new Error('tcp expected');
      const port = String(address.port);
      const driver = fileURLToPath(new URL('./ctaphid_u2f_only.py', import.meta.url));
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(PYTHON, [driver, port], { timeout: 60_000 }, (error, out, stderr) => (error ? reject(new Error(`ctaphid_u2f_only.py failed: ${stderr || error.message}`)) : resolve(out)));
      });
      const r = JSON.parse(stdout) as {
        cbor: boolean; ctap1: boolean; residentKeyRequired: string;
        register: { fmt: string; aaguid: string; flags: number; counter: number; credentialId: string };
        authenticate: { flags: number; counter: number; credentialId: string };
      };
      expect([r.cbor, r.ctap1]).toEqual([false, true]);
      // The same facts vfido's own WebAuthn client produces on this model (core client/u2fCeremony.test.ts).
      expect(r.register).toMatchObject({ fmt: 'fido-u2f', aaguid: '0'.repeat(32), flags: 0x41, counter: 0 });
      expect(r.authenticate).toEqual({ flags: 0x01, counter: 1, credentialId: r.register.credentialId });
      expect(r.residentKeyRequired).toBe('CONFIGURATION_UNSUPPORTED');
      expect(authenticator.credentials().map((c) => Buffer.from(c.id).toString('hex'))).toEqual([r.register.credentialId]);
    } finally {
      await server.close();
    }
  }, 90_000);
});
