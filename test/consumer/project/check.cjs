// CommonJS: require() every documented entry point, then create -> verify with @vfido/core + @vfido/rp.
const { randomBytes } = require('node:crypto');
const core = require('@vfido/core');
const cbor = require('@vfido/core/cbor');
const rp = require('@vfido/rp');
const playwright = require('@vfido/playwright');
const playwrightTest = require('@vfido/playwright/test');
const cli = require('@vfido/cli');

async function main() {
  const preset = core.getPreset('yubikey-5-nfc');
  const authenticator = new core.VirtualAuthenticator({ preset: preset.id });
  const origin = 'https://login.example.com';
  const client = new core.WebAuthnClient({ authenticator, origin });
  const challenge = randomBytes(32).toString('base64url');
  const response = await client.create({
    challenge,
    rp: { id: 'example.com', name: 'Example' },
    user: { id: randomBytes(16).toString('base64url'), name: 'ada', displayName: 'Ada' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    attestation: 'direct',
  });
  const trustStore = new rp.TrustStore().addRoots(await authenticator.attestationRoots());
  const registration = await rp.verifyRegistration({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRpId: 'example.com', trustStore });
  const signInChallenge = randomBytes(32).toString('base64url');
  const assertion = await client.get({ challenge: signInChallenge, rpId: 'example.com', allowCredentials: [{ type: 'public-key', id: registration.credential.id }] });
  const authentication = await rp.verifyAuthentication({
    response: assertion,
    expectedChallenge: signInChallenge,
    expectedOrigin: origin,
    expectedRpId: 'example.com',
    credential: registration.credential,
  });
  const imported = await import('@vfido/core');
  console.log(JSON.stringify({
    aaguid: registration.credential.aaguid,
    presetAaguid: preset.aaguid,
    trusted: registration.credential.attestation.trusted,
    signCount: authentication.newSignCount,
    cbor: [...cbor.decodeCbor(cbor.encodeCbor(new Map([[1, 'vfido']])))],
    sameCoreForRequireAndImport: imported === core,
    entryPoints: {
      attachAuthenticator: typeof playwright.attachAuthenticator,
      test: typeof playwrightTest.test,
      expect: typeof playwrightTest.expect,
      run: typeof cli.run,
    },
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
