import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { VirtualAuthenticator } from './virtualAuthenticator.js';
import { WebAuthnClient } from './client/webAuthnClient.js';
import { FileCredentialStore } from './store/fileStore.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const creation = (userId: string) => ({
  rp: { id: 'example.com', name: 'Example' },
  user: { id: userId, name: 'ada', displayName: 'Ada' },
  challenge: randomBytes(32).toString('base64url'),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  authenticatorSelection: { residentKey: 'required' as const },
  attestation: 'direct' as const,
});

describe('VirtualAuthenticator', () => {
  it('rejects an unknown preset with the closest ids', () => {
    expect(() => new VirtualAuthenticator({ preset: 'yubikey5nfc' })).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_PRESET', message: expect.stringContaining('yubikey-5-nfc') }));
  });

  it('gives two shards with the same seed the same credential id, key and attestation chain', async () => {
    const userId = Buffer.from('user-42').toString('base64url');
    const shard = async () => {
      const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ci-run-7' });
      const r = await new WebAuthnClient({ authenticator, origin: 'https://example.com' }).create(creation(userId));
      return { id: r.id, publicKey: r.response.publicKey, roots: await authenticator.attestationRoots() };
    };
    const [a, b] = [await shard(), await shard()];
    expect(a).toEqual(b);
    const other = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ci-run-8' });
    const c = await new WebAuthnClient({ authenticator: other, origin: 'https://example.com' }).create(creation(userId));
    expect(c.id).not.toBe(a.id);
  });

  it('keeps credentials and the counter in a file store across authenticator instances', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vfido-va-')), 'store.json');
    const first = new VirtualAuthenticator({ preset: 'generic', store: new FileCredentialStore(path) });
    const client1 = new WebAuthnClient({ authenticator: first, origin: 'https://example.com' });
    const reg = await client1.create(creation(randomBytes(8).toString('base64url')));
    await client1.get({ challenge: randomBytes(16).toString('base64url') });
    const second = new VirtualAuthenticator({ preset: 'generic', store: new FileCredentialStore(path) });
    const got = await new WebAuthnClient({ authenticator: second, origin: 'https://example.com' }).get({ challenge: randomBytes(16).toString('base64url') });
    expect(got.id).toBe(reg.id);
    expect(Buffer.from(got.response.authenticatorData, 'base64url').readUInt32BE(33)).toBe(2);
  });

  it('imports credentials exported as CDP and Playwright shapes and signs with them', async () => {
    const source = new VirtualAuthenticator({ preset: 'generic' });
    const reg = await new WebAuthnClient({ authenticator: source, origin: 'https://example.com' }).create(creation(randomBytes(8).toString('base64url')));
    for (const format of ['cdp', 'playwright', 'vfido'] as const) {
      const target = new VirtualAuthenticator({ preset: 'generic' });
      for (const c of source.exportCredentials(format)) target.addCredential(c);
      const got = await new WebAuthnClient({ authenticator: target, origin: 'https://example.com' }).get({
        challenge: randomBytes(16).toString('base64url'),
        allowCredentials: [{ type: 'public-key', id: reg.id }],
      });
      expect(got.id, format).toBe(reg.id);
    }
    expect(source.removeCredential(reg.id)).toBe(true);
    expect(source.credentials()).toHaveLength(0);
    expect(() => source.addCredential({ credentialId: 'AAAA', isResidentCredential: true, privateKey: 'bm9wZQ==', signCount: 0 }, 'example.com')).toThrow(
      expect.objectContaining({ code: 'ERR_CREDENTIAL_INVALID' }),
    );
  });

  it('serializes concurrent requests and keeps every credential', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'generic' });
    const client = new WebAuthnClient({ authenticator, origin: 'https://example.com' });
    const made = await Promise.all(Array.from({ length: 20 }, () => client.create(creation(randomBytes(8).toString('base64url')))));
    expect(new Set(made.map((r) => r.id)).size).toBe(20);
    expect(authenticator.credentials()).toHaveLength(20);
  });
});
