// ES module: import every documented entry point, then create -> verify with @vfido/core + @vfido/rp.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as core from '@vfido/core';
import { decodeCbor, encodeCbor } from '@vfido/core/cbor';
import { TrustStore, verifyAuthentication, verifyRegistration } from '@vfido/rp';
import { attachAuthenticator } from '@vfido/playwright';
import { test, expect } from '@vfido/playwright/test';
import { run } from '@vfido/cli';

const preset = core.getPreset('windows-hello-hardware');
const authenticator = new core.VirtualAuthenticator({ preset: preset.id });
const origin = 'https://login.example.com';
const client = new core.WebAuthnClient({ authenticator, origin });
const challenge = randomBytes(32).toString('base64url');
const response = await client.create({
  challenge,
  rp: { id: 'example.com', name: 'Example' },
  user: { id: randomBytes(16).toString('base64url'), name: 'ada', displayName: 'Ada' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
  attestation: 'direct',
});
const trustStore = new TrustStore().addRoots(await authenticator.attestationRoots());
const registration = await verifyRegistration({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRpId: 'example.com', trustStore });
const signInChallenge = randomBytes(32).toString('base64url');
const assertion = await client.get({ challenge: signInChallenge, rpId: 'example.com', allowCredentials: [{ type: 'public-key', id: registration.credential.id }] });
const authentication = await verifyAuthentication({
  response: assertion,
  expectedChallenge: signInChallenge,
  expectedOrigin: origin,
  expectedRpId: 'example.com',
  credential: registration.credential,
});
console.log(JSON.stringify({
  aaguid: registration.credential.aaguid,
  presetAaguid: preset.aaguid,
  trusted: registration.credential.attestation.trusted,
  signCount: authentication.newSignCount,
  cbor: [...decodeCbor(encodeCbor(new Map([[1, 'vfido']])))],
  sameCoreForRequireAndImport: createRequire(import.meta.url)('@vfido/core') === core,
  entryPoints: { attachAuthenticator: typeof attachAuthenticator, test: typeof test, expect: typeof expect, run: typeof run },
}));
