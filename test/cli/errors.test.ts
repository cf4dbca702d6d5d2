/**
 * Every error path of the `vfido` program (run in-process; test/cli/process.test.ts runs the built binary): exit code, stable code and a next step on stderr,
 * no stack trace unless --debug; plus --help examples and --version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vfido, ROOT } from './vfido.js';

const ORIGIN = 'https://login.example.com';
const CHALLENGE = 'Y2hhbGxlbmdlLWNoYWxsZW5nZQ';
const dir = tempDir();
const f = (name: string) => join(dir, name);

beforeAll(async () => {
  const created = await vfido(['create', '--preset', 'yubikey-5c', '--origin', ORIGIN, '--challenge', CHALLENGE, '--store', f('store.json'), '--json']);
  expect(created.code, created.stderr).toBe(0);
  writeFileSync(f('reg.json'), created.stdout);
  writeFileSync(f('bad.json'), '{"id": ');
  writeFileSync(f('record.json'), JSON.stringify({ id: 'x' }));
});

/** [args, exit code, code on stderr, text of the next step] */
const CASES: [string[], number, string, string][] = [
  [['create', '--preset', 'yubikey5', '--origin', ORIGIN], 2, 'ERR_UNKNOWN_PRESET', 'did you mean yubikey-5-nfc or yubikey-5c?'],
  [['create', '--origin', 'login.example.com'], 2, 'ERR_BAD_ORIGIN', 'pass the page origin'],
  [['create', '--origin', `${ORIGIN}/path`], 2, 'ERR_BAD_ORIGIN', `pass ${ORIGIN}`],
  [['create', '--origin', ORIGIN, '--challenge', 'not+base64url='], 2, 'ERR_BAD_BASE64URL', 'unpadded base64url'],
  [['create', '--origin', ORIGIN, '--uv', 'sometimes'], 2, 'ERR_USAGE', 'Allowed choices are required, preferred, discouraged'],
  [['create', '--origin', ORIGIN, '--alg', 'ES256'], 2, 'ERR_USAGE', 'COSE algorithm numbers'],
  [['create'], 2, 'ERR_USAGE', "required option '--origin <url>'"],
  [['create', '--origin', ORIGIN, '--rp-id', 'other.com'], 1, 'SecurityError', 'registrable suffix'],
  [['create', '--origin', ORIGIN, '--preset', 'icloud-keychain', '--alg', '-257'], 1, 'NotSupportedError', "see 'vfido presets'"],
  [['create', '--origin', ORIGIN, '--options', 'missing.json'], 2, 'ERR_FILE_NOT_FOUND', 'check the path'],
  [['get', '--origin', ORIGIN], 2, 'ERR_NO_STORE', 'pass the --store file'],
  [['serve', '--preset', 'icloud-keychain', '--pin', '123456'], 2, 'ERR_PIN_UNSUPPORTED', 'pick a security-key preset'],
  [['serve', '--preset', 'yubikey-5-nfc', '--pin', '12'], 2, 'ERR_PIN_POLICY', 'at least the minimum length'],
  [['get', '--origin', 'https://other.example.com', '--store', '@store'], 2, 'ERR_NO_CREDENTIALS', 'login.example.com'],
  [['get', '--origin', ORIGIN, '--store', '@store', '--credential', 'AAAA'], 2, 'ERR_NO_CREDENTIALS', '--credential'],
  [['get', '--origin', ORIGIN, '--store', '@reg.json'], 2, 'ERR_STORE_CORRUPT', '--store'],
  [['verify', 'registration', '--response', 'missing.json', '--challenge', CHALLENGE, '--origin', ORIGIN], 2, 'ERR_FILE_NOT_FOUND', 'pass - to read stdin'],
  [['verify', 'registration', '--response', '@bad.json', '--challenge', CHALLENGE, '--origin', ORIGIN], 2, 'ERR_BAD_JSON', 'check the file'],
  [['verify', 'authentication', '--response', '@reg.json', '--challenge', CHALLENGE, '--origin', ORIGIN, '--credential', '@record.json'], 2, 'ERR_BAD_CREDENTIAL', "'credential' object"],
  [['verify', 'registration', '--response', '@reg.json', '--challenge', CHALLENGE, '--origin', ORIGIN, '--trust', '@bad.json'], 2, 'ERR_BAD_TRUST', 'vfido roots'],
  [['verify', 'registration', '--response', '@reg.json', '--challenge', CHALLENGE, '--origin', ORIGIN, '--mds', '@bad.json'], 2, 'ERR_MDS_INVALID', 'vfido roots --format mds'],
  [['decode', 'missing.json'], 2, 'ERR_FILE_NOT_FOUND', 'pass the data itself'],
  [['decode', '--as', 'coseKey', 'AAAAAAAAAAAAAAAAAAAAAAAA'], 2, 'ERR_DECODE_FAILED', 'drop --as'],
  [['decode', '0102030405060708090a0b0c0d0e0f10'], 2, 'ERR_UNRECOGNIZED_INPUT', 'name the kind with --as'],
  [['roots', '--preset', 'titann'], 2, 'ERR_UNKNOWN_PRESET', "did you mean titan?"],
  [['serve', '--port', '70000'], 2, 'ERR_USAGE', '--port 0'],
  [['serve', '--preset', 'yubikey5'], 2, 'ERR_UNKNOWN_PRESET', 'did you mean'],
  [['frobnicate'], 2, 'ERR_USAGE', '--help'],
  [['presets', '--bogus'], 2, 'ERR_USAGE', "unknown option '--bogus'"],
];

const expand = (args: string[]) => args.map((a) => (a.startsWith('@') ? f(a === '@store' ? 'store.json' : a.slice(1)) : a));

describe.concurrent('vfido error paths', () => {
  it.each(CASES)('%j exits %i with %s', async (args, exit, code, next) => {
    const r = await vfido(expand(args)); // in-process: relative paths (missing.json) resolve against the repository root
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toContain(`vfido: ${code}:`);
    expect(r.stderr).toContain(next);
    expect(r.stderr).toMatch(/^next: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });

  it('malformed base64 on stdin is named', async () => {
    const r = await vfido(['decode', '-'], { input: 'zz!!' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("vfido: ERR_BAD_ENCODING: input is not base64url, base64 or hex (character '!' at 2)");
  });

  it('--debug adds the stack trace', async () => {
    const r = await vfido(['--debug', 'decode', 'missing.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CliError: decode input: no such file[\s\S]*\n\s+at /);
  });

  it('a failed verification exits 1 with the step code and why, as text and as JSON', async () => {
    const args = ['verify', 'registration', '--response', f('reg.json'), '--challenge', 'b3RoZXItY2hhbGxlbmdl', '--origin', ORIGIN];
    const [text, json, origin] = await Promise.all([vfido(args), vfido([...args, '--json']), vfido([...args.slice(0, 4), '--challenge', CHALLENGE, '--origin', 'https://evil.example.com', '--json'])]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('registration NOT verified\n  ERR_CHALLENGE_MISMATCH:');
    expect(text.stdout).toContain('why: clientData.challenge is not --challenge');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, error: { code: 'ERR_CHALLENGE_MISMATCH' } });
    expect(origin.code).toBe(1);
    expect(JSON.parse(origin.stdout).error.code).toBe('ERR_ORIGIN_MISMATCH');
  });

  it('untrusted attestation fails when roots are given', async () => {
    const other = await vfido(['roots', '--preset', 'windows-hello-hardware']);
    writeFileSync(f('other-roots.pem'), other.stdout);
    const r = await vfido(['verify', 'registration', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, '--trust', f('other-roots.pem'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('ERR_ATTESTATION_UNTRUSTED');
  });

  it('the MDS BLOB from vfido roots --format mds makes the attestation trusted', async () => {
    const mds = await vfido(['roots', '--format', 'mds', '--json']);
    writeFileSync(f('mds.json'), mds.stdout);
    expect(JSON.parse(mds.stdout).jwt.split('.')).toHaveLength(3);
    const blob = JSON.parse(mds.stdout) as { jwt: string; rootPem: string };
    const [h, p, s] = blob.jwt.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    writeFileSync(f('mds-altered.json'), JSON.stringify({ ...blob, jwt: [h, Buffer.from(JSON.stringify({ ...payload, no: payload.no + 1 })).toString('base64url'), s].join('.') }));
    writeFileSync(f('mds-root-other.pem'), (await vfido(['roots', '--preset', 'titan'])).stdout);
    const verify = (...extra: string[]) => vfido(['verify', 'registration', '--response', f('reg.json'), '--challenge', CHALLENGE, '--origin', ORIGIN, ...extra]);
    const [r, altered, otherRoot] = await Promise.all([verify('--mds', f('mds.json'), '--json'), verify('--mds', f('mds-altered.json')), verify('--mds', f('mds.json'), '--mds-root', f('mds-root-other.pem'))]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).attestation.trusted).toBe(true);
    // @vfido/rp's TrustStore.addMdsBlob verifies the BLOB: a changed payload, or a root that did not issue it, is refused.
    expect(altered.code).toBe(2);
    expect(altered.stderr).toContain('vfido: ERR_MDS_UNTRUSTED: --mds: mds blob ES256 signature does not verify');
    expect(altered.stderr).toContain('next: the BLOB was altered');
    expect(otherRoot.code).toBe(2);
    expect(otherRoot.stderr).toContain('vfido: ERR_MDS_UNTRUSTED: --mds: mds blob signing chain does not reach a configured mds root');
    expect(otherRoot.stderr).toContain('next: pass the root that issued this BLOB with --mds-root');
  });
});

describe.concurrent('vfido help and version', () => {
  it('--version prints the package version', async () => {
    const r = await vfido(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it.each([['create'], ['get'], ['verify', 'registration'], ['verify', 'authentication'], ['decode'], ['roots'], ['presets'], ['policy', 'check'], ['policy', 'matrix'], []])('%j --help shows examples', async (...cmd) => {
    const r = await vfido([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:\n  $ vfido');
  });
});
