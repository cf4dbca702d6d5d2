/**
 * `vfido serve` as a user runs it: the built binary listens on a loopback port, and python-fido2
 * (Debian's, via /usr/bin/python3) talks CTAPHID to it through the byte-moving adapter
 * test/interop/ctaphid_fido2.py. SIGTERM ends it cleanly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { getPreset } from '@vfido/core';
import { BIN, ROOT } from './vfido.js';
import { peerPath } from '../../scripts/peers.mjs';

const DRIVER = fileURLToPath(new URL('../interop/ctaphid_fido2.py', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => child?.kill('SIGKILL'));

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    proc.once('exit', (code) => reject(new Error(`vfido serve exited ${code} before listening`)));
  });
}

describe('vfido serve', () => {
  it('serves a preset over CTAPHID that python-fido2 registers and signs in with, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [BIN, 'serve', '--preset', 'yubikey-5-nfc', '--port', '0', '--touch-delay', '150'], { cwd: ROOT });
    const line = await firstLine(child);
    const aaguid = getPreset('yubikey-5-nfc').aaguid;
    expect(line).toContain(`yubikey-5-nfc (${aaguid}) listening on tcp 127.0.0.1:`);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(peerPath('python3-fido2'), [DRIVER, String(port)], { timeout: 30_000 }, (error, out, err) => (error ? reject(new Error(err || error.message)) : resolve(out))),
    );
    const result = JSON.parse(stdout) as { info: { aaguid: string }; create: { aaguid: string; fmt: string }; get: { verified: boolean } };
    expect(result.info.aaguid).toBe(aaguid.replace(/-/g, ''));
    expect(result.create.fmt).toBe('packed');
    expect(result.get.verified).toBe(true);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
