/**
 * The BUILT `vfido` binary as a user runs it: it starts, reads stdin, writes stdout/stderr and
 * leaves each exit code (0 ok, 1 negative result, 2 usage/input error) as the process's own. The
 * other CLI tests run the same program in-process through `run` (test/cli/vfido.ts); these few
 * cases are the ones where the process is the point.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCbor, presetIds } from '@vfido/core';
import { loadRealDevice } from '../vectors/realDevices.js';
import { ROOT, tempDir, vfidoProcess } from './vfido.js';

const ORIGIN = 'https://login.example.com';
const CHALLENGE = 'Y2hhbGxlbmdlLWNoYWxsZW5nZQ';
const dir = tempDir();
const f = (name: string) => join(dir, name);
let created: Awaited<ReturnType<typeof vfidoProcess>>;

beforeAll(async () => {
  created = await vfidoProcess(['create', '--preset', 'yubikey-5c', '--origin', ORIGIN, '--challenge', CHALLENGE, '--store', f('store.json'), '--json']);
  writeFileSync(f('reg.json'), created.stdout);
});

describe.concurrent('the vfido binary', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await vfidoProcess(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('create writes the registration to stdout and the store file, exit 0; verify exits 0 on it', async () => {
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(readFileSync(f('store.json'), 'utf8'))).toBeTruthy();
    const r = await vfidoProcess(['verify', 'registration', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verified: true });
  });

  it('a failed verification exits 1', async () => {
    const r = await vfidoProcess(['verify', 'registration', '--response', f('reg.json'), '--challenge', 'b3RoZXItY2hhbGxlbmdl', '--origin', ORIGIN, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ verified: false, error: { code: 'ERR_CHALLENGE_MISMATCH' } });
  });

  it('a missing file relative to the working directory exits 2 with its code and next step, no stack trace', async () => {
    const r = await vfidoProcess(['decode', 'missing.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vfido: ERR_FILE_NOT_FOUND:');
    expect(r.stderr).toMatch(/^next: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('an unknown command exits 2 (commander usage error)', async () => {
    const r = await vfidoProcess(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vfido: ERR_USAGE:');
  });

  it('decode reads stdin (-)', async () => {
    const sample = loadRealDevice('packed-yubico')[0]!;
    const attObj = decodeCbor(new Uint8Array(Buffer.from(sample.attestationObject, 'base64url'))) as Map<string, unknown>;
    const authData = attObj.get('authData') as Uint8Array;
    const r = await vfidoProcess(['decode', '-', '--json'], { input: Buffer.from(authData).toString('hex') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'authenticatorData', encoding: 'hex', value: { signCount: 28 } });
  });

  it('presets lists the presets', async () => {
    const r = await vfidoProcess(['presets', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((p) => p.id)).toEqual(presetIds);
  });
});
