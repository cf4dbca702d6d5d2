#!/usr/bin/env node
// vfido demo (Node): for every preset, register a passkey and sign in with it through vfido's
// WebAuthn client, verify both with @simplewebauthn/server, and print a readable table.
// Run: npm install && npm run demo
import { randomBytes } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse, SettingsService } from '@simplewebauthn/server';
import { VirtualAuthenticator, WebAuthnClient, presets, presetIds, aaguidName, parseAuthenticatorData } from '@vfido/core';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const b64u = (n) => randomBytes(n).toString('base64url');

function flagsText(authDataB64u) {
  const { flags } = parseAuthenticatorData(new Uint8Array(Buffer.from(authDataB64u, 'base64url')));
  return ['up', 'uv', 'be', 'bs', 'at', 'ed'].filter((f) => flags[f]).map((f) => f.toUpperCase()).join('+') + ` (0x${flags.raw.toString(16).padStart(2, '0')})`;
}

async function run(id) {
  const preset = presets[id];
  const authenticator = new VirtualAuthenticator({ preset: id, seed: 'demo' });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
  const regChallenge = b64u(32);
  const registration = await client.create({
    rp: { id: RP_ID, name: 'vfido demo' },
    user: { id: b64u(16), name: 'ada@example.com', displayName: 'Ada Lovelace' },
    challenge: regChallenge,
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -8 }, { type: 'public-key', alg: -257 }],
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    attestation: 'direct',
  });
  SettingsService.setRootCertificates({ identifier: preset.attestation.format, certificates: await authenticator.attestationRoots() });
  const reg = await verifyRegistrationResponse({
    response: registration, expectedChallenge: regChallenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID,
    requireUserVerification: false, supportedAlgorithmIDs: [-7, -8, -35, -257],
  });
  const info = reg.registrationInfo;
  const authChallenge = b64u(32);
  const assertion = await client.get({ challenge: authChallenge, rpId: RP_ID, allowCredentials: [{ type: 'public-key', id: registration.id }] });
  const auth = await verifyAuthenticationResponse({
    response: assertion, expectedChallenge: authChallenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID,
    credential: { id: info.credential.id, publicKey: info.credential.publicKey, counter: info.credential.counter },
    requireUserVerification: false,
  });
  return {
    preset: id,
    model: aaguidName(info.aaguid) ?? preset.name,
    aaguid: info.aaguid,
    fmt: info.fmt,
    alg: registration.response.publicKeyAlgorithm,
    'flags (create)': flagsText(registration.response.authenticatorData),
    'flags (get)': flagsText(assertion.response.authenticatorData),
    counter: `${info.credential.counter} -> ${auth.authenticationInfo.newCounter}`,
    verified: reg.verified && auth.verified ? 'yes (reg + auth)' : 'NO',
  };
}

const rows = [];
let failed = 0;
for (const id of presetIds) {
  try {
    rows.push(await run(id));
  } catch (error) {
    failed++;
    rows.push({ preset: id, model: presets[id].name, verified: `FAILED: ${error.message}` });
  }
}
console.log(`vfido demo: register + sign in with every preset, verified by @simplewebauthn/server (origin ${ORIGIN})\n`);
console.table(rows);
console.log(`\n${rows.length - failed} of ${rows.length} presets verified end to end.`);
process.exitCode = failed ? 1 : 0;
