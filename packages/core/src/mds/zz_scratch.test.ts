import { test, expect } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { MetadataService, SettingsService, verifyRegistrationResponse } from '@simplewebauthn/server';
import { mdsBlob } from './index.js';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { WebAuthnClient } from '../client/webAuthnClient.js';
import { getPreset, presetIds } from '../presets/index.js';
test('x', async () => {
  const seed = 'e2e';
  const b = await mdsBlob({ seed });
  const server = createServer((_q, r) => r.end(b.jwt));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  SettingsService.setRootCertificates({ identifier: 'mds', certificates: [b.rootPem] });
  const errs: unknown[] = [];
  await MetadataService.initialize({ mdsServers: [url], verificationMode: 'strict', logger: { error: (...a: unknown[]) => errs.push(a) } });
  console.log('init errors', errs);
  for (const id of presetIds) {
    const p = getPreset(id);
    const authenticator = new VirtualAuthenticator({ preset: id, seed });
    const origin = 'https://example.com';
    const client = new WebAuthnClient({ authenticator, origin });
    const challenge = randomBytes(32).toString('base64url');
    try {
      const resp = await client.create({ rp: { id: 'example.com', name: 'x' }, user: { id: randomBytes(16).toString('base64url'), name: 'a', displayName: 'a' }, challenge, pubKeyCredParams: p.algorithms.map((alg) => ({ type: 'public-key', alg })), attestation: 'direct' });
      const v = await verifyRegistrationResponse({ response: resp as never, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: 'example.com', requireUserVerification: false });
      console.log('OK', id, p.attestation.format, v.verified, v.registrationInfo?.fmt);
    } catch (e) { console.log('FAIL', id, p.attestation.format, (e as Error).message); }
  }
  server.close();
});
