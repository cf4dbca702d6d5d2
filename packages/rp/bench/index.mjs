#!/usr/bin/env node
// @vfido/rp benchmark: ceremony verification beside the raw ES256 verify ceilings and beside
// @simplewebauthn/server on the same inputs, in one run (STYLE.md section 5).
// Run from the repo root after `npm run build`: node packages/rp/bench/index.mjs [--quick]
// (`npm run bench` runs it together with the other benches: scripts/bench.mjs.)
// Inputs come from @vfido/core's built dist: yubikey-5-nfc (packed x5c, ES256) and
// windows-hello-hardware (tpm, RS256 credential, RS1 statement), both through vfido's WebAuthn client.
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import os from 'node:os';
import { p256 } from '@noble/curves/nist.js';
import { verifyAuthenticationResponse, verifyRegistrationResponse, SettingsService } from '@simplewebauthn/server';
import { VirtualAuthenticator, WebAuthnClient, mdsBlob, coseKeyToSpki } from '@vfido/core';
import { TrustStore, verifyAuthentication, verifyRegistration } from '@vfido/rp';
import { interleave, pairedRatio } from '../../core/bench/mark.mjs';
import { isMain, row } from '../../core/bench/rows.mjs';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** One registration (direct attestation) and one assertion from `preset`. */
async function ceremony(preset) {
  const authenticator = new VirtualAuthenticator({ preset, seed: 'bench' });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
  const regChallenge = b64url(randomBytes(32));
  const registration = await client.create({
    rp: { id: RP_ID, name: 'Example' },
    user: { id: b64url(randomBytes(16)), name: 'ada', displayName: 'Ada' },
    challenge: regChallenge,
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    attestation: 'direct',
  });
  const authChallenge = b64url(randomBytes(32));
  const assertion = await client.get({ challenge: authChallenge, rpId: RP_ID, userVerification: 'preferred' });
  return { authenticator, registration, regChallenge, assertion, authChallenge };
}

/**
 * Measure verifyAuthentication / verifyRegistration beside raw verify ceilings and @simplewebauthn/server,
 * printing as it goes through `log`.
 * @returns table rows (see core/bench/rows.mjs)
 */
export async function rpBench({ quick = false, log = console.log } = {}) {
  const t = (full, short) => (quick ? short : full);
  log(`vfido rp bench — ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}\n`);
  const yubi = await ceremony('yubikey-5-nfc');
  const tpm = await ceremony('windows-hello-hardware');
  const blob = await mdsBlob({ seed: 'bench', presets: ['yubikey-5-nfc', 'windows-hello-hardware'] });
  const trustStore = new TrustStore();
  trustStore.addMdsBlob(blob.jwt, { roots: blob.rootPem });
  SettingsService.setRootCertificates({ identifier: 'packed', certificates: await yubi.authenticator.attestationRoots() });
  SettingsService.setRootCertificates({ identifier: 'tpm', certificates: await tpm.authenticator.attestationRoots() });

  const ours = {
    registration: (c) => verifyRegistration({ response: c.registration, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore }),
  };
  const peer = {
    registration: (c) =>
      verifyRegistrationResponse({ response: c.registration, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: false }),
  };

  // Check both verifiers accept before timing anything.
  const reg = await ours.registration(yubi);
  const peerReg = await peer.registration(yubi);
  const tpmReg = await ours.registration(tpm);
  if (!reg.credential.attestation.trusted || !tpmReg.credential.attestation.trusted) throw new Error('bench inputs did not verify as trusted');
  if (!peerReg.verified || !(await peer.registration(tpm)).verified) throw new Error('simplewebauthn rejected the bench inputs');
  const credential = { id: reg.credential.id, publicKey: reg.credential.publicKey, signCount: 0 };
  const peerCredential = { id: peerReg.registrationInfo.credential.id, publicKey: peerReg.registrationInfo.credential.publicKey, counter: 0 };
  const authOptions = { response: yubi.assertion, expectedChallenge: yubi.authChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential };
  const peerAuthOptions = {
    response: yubi.assertion, expectedChallenge: yubi.authChallenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: peerCredential, requireUserVerification: false,
  };
  await verifyAuthentication(authOptions);
  if (!(await verifyAuthenticationResponse(peerAuthOptions)).verified) throw new Error('simplewebauthn rejected the bench assertion');

  // Raw ceilings on the same signature: sha256(clientDataJSON) || authenticatorData, DER ECDSA.
  const authData = Buffer.from(yubi.assertion.response.authenticatorData, 'base64url');
  const clientDataHash = createHash('sha256').update(Buffer.from(yubi.assertion.response.clientDataJSON, 'base64url')).digest();
  const signed = Buffer.concat([authData, clientDataHash]);
  const signature = Buffer.from(yubi.assertion.response.signature, 'base64url');
  const spki = coseKeyToSpki(reg.credential.publicKey);
  const keyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const raw = keyObject.export({ format: 'jwk' });
  const noblePub = Uint8Array.from([0x04, ...Buffer.from(raw.x, 'base64url'), ...Buffer.from(raw.y, 'base64url')]);
  const nobleSig = p256.Signature.fromBytes(signature, 'der').toBytes('compact');
  if (!verify('sha256', signed, { key: keyObject, dsaEncoding: 'der' }, signature)) throw new Error('raw node verify failed');
  if (!p256.verify(nobleSig, signed, noblePub, { lowS: false })) throw new Error('raw noble verify failed');

  // Cases of one group run in alternating rounds; ratios are medians of per-round ratios (same load on both sides).
  const auth = await interleave([
    { name: 'raw ES256 verify (node:crypto)', fn: () => verify('sha256', signed, { key: keyObject, dsaEncoding: 'der' }, signature) },
    { name: 'verifyAuthentication (ES256)', fn: () => verifyAuthentication(authOptions) },
    { name: 'simplewebauthn verifyAuthenticationResponse', fn: () => verifyAuthenticationResponse(peerAuthOptions) },
  ], { ms: t(6000, 300), rounds: t(12, 2), warmup: t(200, 5), log });
  const noble = await interleave([
    { name: 'raw ES256 verify (@noble/curves, lowS:false)', fn: () => p256.verify(nobleSig, signed, noblePub, { lowS: false }) },
  ], { ms: t(1000, 100), rounds: 2, warmup: 5, log });
  log('');
  const regs = await interleave([
    { name: 'verifyRegistration (packed x5c, MDS trust)', fn: () => ours.registration(yubi) },
    { name: 'simplewebauthn verifyRegistrationResponse (packed)', fn: () => peer.registration(yubi) },
    { name: 'verifyRegistration (tpm, MDS trust)', fn: () => ours.registration(tpm) },
    { name: 'simplewebauthn verifyRegistrationResponse (tpm)', fn: () => peer.registration(tpm) },
  ], { ms: t(6000, 300), rounds: t(6, 2), warmup: t(5, 1), log });

  const [nodeVerify, authOurs, authPeer] = Object.values(auth);
  const [packedOurs, packedPeer, tpmOurs, tpmPeer] = Object.values(regs);
  const pct = (r) => `${(100 * r).toFixed(1)}%`;
  const x = (r) => `${r.toFixed(1)}x`;
  log('');
  log(`verifyAuthentication / raw node:crypto verify = ${pct(pairedRatio(authOurs, nodeVerify))} (target >= 60%)`);
  log(`verifyAuthentication / raw @noble/curves verify = ${x(authOurs.opsPerSec / Object.values(noble)[0].opsPerSec)}`);
  log(`verifyAuthentication / simplewebauthn = ${x(pairedRatio(authOurs, authPeer))} (target >= 5x)`);
  log(`verifyRegistration packed / simplewebauthn = ${x(pairedRatio(packedOurs, packedPeer))}; tpm / simplewebauthn = ${x(pairedRatio(tpmOurs, tpmPeer))}`);

  const nobleVerify = Object.values(noble)[0];
  return [
    row('rp: verifyAuthentication (ES256)', authOurs.opsPerSec, 'raw ES256 verify (node:crypto, interleaved)', nodeVerify.opsPerSec, pairedRatio(authOurs, nodeVerify)),
    row('rp: verifyAuthentication (ES256)', authOurs.opsPerSec, 'raw ES256 verify (@noble/curves)', nobleVerify.opsPerSec),
    row('rp: verifyAuthentication (ES256)', authOurs.opsPerSec, '@simplewebauthn/server verifyAuthenticationResponse', authPeer.opsPerSec, pairedRatio(authOurs, authPeer)),
    row('rp: verifyRegistration (packed x5c, MDS trust)', packedOurs.opsPerSec, '@simplewebauthn/server verifyRegistrationResponse (packed)', packedPeer.opsPerSec, pairedRatio(packedOurs, packedPeer)),
    row('rp: verifyRegistration (tpm, MDS trust)', tpmOurs.opsPerSec, '@simplewebauthn/server verifyRegistrationResponse (tpm)', tpmPeer.opsPerSec, pairedRatio(tpmOurs, tpmPeer)),
  ];
}

if (isMain(import.meta.url)) await rpBench({ quick: process.argv.includes('--quick') });
