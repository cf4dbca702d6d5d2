/**
 * Interop: libfido2's fido2-tools (Debian's fido2-tools, /usr/bin/fido2-cred and fido2-assert) as
 * independent offline verifiers of what vfido makes in-process. Input formats as their man pages
 * give them: `fido2-cred -V` reads client data hash, RP ID, fmt, authdata (base64 of the CBOR byte
 * string wrapping authenticatorData), credential id, signature and x5c; `fido2-assert -V` reads
 * client data hash, RP ID, authdata and signature, with the credential public key as a PEM file.
 * Every case has a negative twin (one flipped signature byte) so a pass proves the tool checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  VirtualAuthenticator,
  coseKeyToSpki,
  decodeCbor,
  encodeCbor,
  getPreset,
  parseAuthenticatorData,
  type Preset,
} from '@vfido/core';
import { peerPath } from '../../scripts/peers.mjs';

// fido2-cred on PATH unless VFIDO_FIDO2_CRED, fido2-assert beside it (scripts/peers.mjs; fails the file with the fix when missing).
const FIDO2_CRED = peerPath('fido2-tools');
const FIDO2_ASSERT = join(dirname(FIDO2_CRED), 'fido2-assert');

interface Run { code: number; stdout: string; stderr: string }

/** Run a fido2-tools binary with `input` on stdin. A missing binary is an error, not a skip. */
function run(bin: string, args: string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(new Error(`${bin} could not run (apt-get install fido2-tools): ${error.message}`, { cause: error }));
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
    child.stdin!.on('error', () => {}); // a tool that exits before reading its input (EPIPE) is judged by its exit code
    child.stdin!.end(input);
  });
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
/** The man pages' "authenticator data (base64 blob)": the CBOR byte string wrapping authenticatorData. */
const authdataBlob = (authData: Uint8Array) => b64(encodeCbor(authData));
const flipped = (sig: Uint8Array) => {
  const copy = Uint8Array.from(sig);
  copy[copy.length >> 1]! ^= 0x01;
  return copy;
};
/** fido2-tools' key type names (man fido2-cred / fido2-assert). */
const TOOL_TYPE: Record<number, string> = { [-7]: 'es256', [-8]: 'eddsa', [-257]: 'rs256' };

interface Made {
  rpId: string;
  cdh: Uint8Array;
  fmt: string;
  authData: Uint8Array;
  credentialId: Uint8Array;
  sig: Uint8Array;
  x5c?: Uint8Array;
  /** The credential public key as PEM, derived from the COSE key in authData. */
  pem: string;
  alg: number;
}

async function ctap(a: VirtualAuthenticator, cmd: number, params: Map<number, unknown>): Promise<Map<number, unknown>> {
  const out = await a.handle(Uint8Array.of(cmd, ...encodeCbor(params as Parameters<typeof encodeCbor>[0])));
  if (out[0] !== 0) throw new Error(`CTAP command 0x${cmd.toString(16)} failed with status 0x${out[0]!.toString(16)}`);
  return decodeCbor(out.subarray(1)) as Map<number, unknown>;
}

/** authenticatorMakeCredential for `alg` on `rpId`; the fields fido2-cred -V reads. */
async function makeCredential(a: VirtualAuthenticator, alg: number, rpId = 'fido2-tools.example'): Promise<Made> {
  const cdh = new Uint8Array(randomBytes(32));
  const body = await ctap(a, 0x01, new Map<number, unknown>([
    [1, cdh],
    [2, new Map([['id', rpId], ['name', 'fido2-tools']])],
    [3, new Map<string, unknown>([['id', new Uint8Array(randomBytes(16))], ['name', 'ada']])],
    [4, [new Map<string, unknown>([['alg', alg], ['type', 'public-key']])]],
  ]));
  const authData = body.get(2) as Uint8Array;
  const attStmt = body.get(3) as Map<string, unknown>;
  const acd = parseAuthenticatorData(authData).attestedCredentialData!;
  const spki = coseKeyToSpki(acd.credentialPublicKey);
  const pem = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
  const x5c = attStmt.get('x5c') as Uint8Array[] | undefined;
  return { rpId, cdh, fmt: body.get(1) as string, authData, credentialId: acd.credentialId, sig: attStmt.get('sig') as Uint8Array, ...(x5c && { x5c: x5c[0]! }), pem, alg };
}

/** fido2-cred -V input lines (man fido2-cred, INPUT FORMAT, verifying). */
const credInput = (m: Made, sig = m.sig) =>
  [b64(m.cdh), m.rpId, m.fmt, authdataBlob(m.authData), b64(m.credentialId), b64(sig), ...(m.x5c ? [b64(m.x5c)] : [])].join('\n') + '\n';

/** authenticatorGetAssertion with the credential in allowList; the fields fido2-assert -V reads. */
async function getAssertion(a: VirtualAuthenticator, made: Made) {
  const cdh = new Uint8Array(randomBytes(32));
  const body = await ctap(a, 0x02, new Map<number, unknown>([
    [1, made.rpId],
    [2, cdh],
    [3, [new Map<string, unknown>([['type', 'public-key'], ['id', made.credentialId]])]],
  ]));
  return { cdh, authData: body.get(2) as Uint8Array, sig: body.get(3) as Uint8Array };
}

const assertInput = (rpId: string, x: { cdh: Uint8Array; authData: Uint8Array; sig: Uint8Array }, sig = x.sig) =>
  [b64(x.cdh), rpId, authdataBlob(x.authData), b64(sig)].join('\n') + '\n';

const dir = mkdtempSync(join(tmpdir(), 'vfido-fido2-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let keyFiles = 0;
function keyFile(pem: string): string {
  const path = join(dir, `key-${keyFiles++}.pem`);
  writeFileSync(path, pem);
  return path;
}

/** yubikey-5-nfc, but attesting with fido-u2f: no shipped preset uses that format. */
const u2fPreset: Preset = { ...getPreset('yubikey-5-nfc'), attestation: { format: 'fido-u2f', type: 'basic' } };

const CASES = [
  { name: 'packed, x5c batch attestation, ES256 (yubikey-5-nfc)', preset: 'yubikey-5-nfc' as string | Preset, alg: -7, fmt: 'packed', x5c: true },
  { name: 'packed, x5c batch attestation, EdDSA (yubikey-5-nfc)', preset: 'yubikey-5-nfc', alg: -8, fmt: 'packed', x5c: true },
  { name: 'fido-u2f, ES256 (yubikey-5-nfc with a fido-u2f attestation profile)', preset: u2fPreset, alg: -7, fmt: 'fido-u2f', x5c: true },
  { name: 'packed self attestation, EdDSA (generic)', preset: 'generic', alg: -8, fmt: 'packed', x5c: false },
];

describe('fido2-cred -V and fido2-assert -V accept what vfido makes', () => {
  beforeAll(async () => {
    // The tools must exist: a missing verifier is a failure, never a skip.
    for (const bin of [FIDO2_CRED, FIDO2_ASSERT]) await run(bin, ['-V', '-i', '/dev/null'], '');
  });

  for (const c of CASES) {
    describe(c.name, () => {
      const a = new VirtualAuthenticator({ preset: c.preset, seed: `fido2-tools/${c.name}` });
      let made: Made;
      beforeAll(async () => {
        expect(a.preset.algorithms).toContain(c.alg);
        made = await makeCredential(a, c.alg);
      });

      it(`fido2-cred -V ${TOOL_TYPE[c.alg]} verifies the attestation and prints the credential id and the same public key`, async () => {
        expect(made.fmt).toBe(c.fmt);
        expect(made.x5c !== undefined).toBe(c.x5c);
        const r = await run(FIDO2_CRED, ['-V', TOOL_TYPE[c.alg]!], credInput(made));
        expect(r.code, r.stderr).toBe(0);
        const [id, ...pemLines] = r.stdout.trim().split('\n');
        expect(id).toBe(b64(made.credentialId));
        // Same key, whatever PEM line wrapping the tool uses.
        const toolKey = createPublicKey(pemLines.join('\n')).export({ format: 'der', type: 'spki' });
        expect(Buffer.from(toolKey).equals(createPublicKey(made.pem).export({ format: 'der', type: 'spki' }))).toBe(true);
      });

      it('fido2-cred -V rejects the attestation with one signature byte flipped', async () => {
        const r = await run(FIDO2_CRED, ['-V', TOOL_TYPE[c.alg]!], credInput(made, flipped(made.sig)));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('FIDO_ERR_INVALID_SIG'); // the signature check failed, not the parsing
      });

      it(`fido2-assert -V -p ${TOOL_TYPE[c.alg]} verifies an assertion (user presence signed) with the PEM public key, and rejects a flipped signature byte`, async () => {
        const x = await getAssertion(a, made);
        const key = keyFile(made.pem);
        const ok = await run(FIDO2_ASSERT, ['-V', '-p', key, TOOL_TYPE[c.alg]!], assertInput(made.rpId, x));
        expect(ok.code, ok.stderr).toBe(0);
        const bad = await run(FIDO2_ASSERT, ['-V', '-p', key, TOOL_TYPE[c.alg]!], assertInput(made.rpId, x, flipped(x.sig)));
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('FIDO_ERR_INVALID_SIG');
        // The RP ID is bound too: the same assertion does not verify for another RP.
        const otherRp = await run(FIDO2_ASSERT, ['-V', key, TOOL_TYPE[c.alg]!], assertInput('other.example', x));
        expect(otherRp.code).toBe(1);
        expect(otherRp.stderr).toContain('FIDO_ERR_INVALID_PARAM'); // libfido2 compares rpIdHash before the signature
      });
    });
  }
});
