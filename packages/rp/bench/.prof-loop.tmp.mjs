import { randomBytes } from 'node:crypto';
import { VirtualAuthenticator, WebAuthnClient } from '@vfido/core';
import { verifyAuthentication, verifyRegistration } from '@vfido/rp';
const ORIGIN = 'https://login.example.com', RP_ID = 'example.com';
const b64url = (b) => Buffer.from(b).toString('base64url');
const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'bench' });
const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
const regChallenge = b64url(randomBytes(32));
const registration = await client.create({ rp: { id: RP_ID, name: 'Example' }, user: { id: b64url(randomBytes(16)), name: 'ada', displayName: 'Ada' },
  challenge: regChallenge, pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' }, attestation: 'none' });
const authChallenge = b64url(randomBytes(32));
const assertion = await client.get({ challenge: authChallenge, rpId: RP_ID, userVerification: 'preferred' });
const reg = await verifyRegistration({ response: registration, expectedChallenge: regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID });
const credential = { id: reg.credential.id, publicKey: reg.credential.publicKey, signCount: 0 };
const opts = { response: assertion, expectedChallenge: authChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential };
const N = +(process.argv[2] ?? 20000);
for (let i = 0; i < 2000; i++) await verifyAuthentication(opts);
const t = process.hrtime.bigint();
for (let i = 0; i < N; i++) await verifyAuthentication(opts);
console.log('µs/op', Number(process.hrtime.bigint() - t) / 1e3 / N);
import { createHash, createPublicKey, verify } from 'node:crypto';
import { coseKeyToSpki } from '@vfido/core';
const authData = Buffer.from(assertion.response.authenticatorData, 'base64url');
const cdh = createHash('sha256').update(Buffer.from(assertion.response.clientDataJSON, 'base64url')).digest();
const signed = Buffer.concat([authData, cdh]);
const signature = Buffer.from(assertion.response.signature, 'base64url');
const keyObject = createPublicKey({ key: Buffer.from(coseKeyToSpki(reg.credential.publicKey)), format: 'der', type: 'spki' });
const best = { raw: 1e9, ours: 1e9 }; const ratios = [];
for (let r = 0; r < 15; r++) {
  let t = process.hrtime.bigint(); for (let i = 0; i < 500; i++) await verify('sha256', signed, { key: keyObject, dsaEncoding: 'der' }, signature); const a = Number(process.hrtime.bigint() - t) / 500e3;
  t = process.hrtime.bigint(); for (let i = 0; i < 500; i++) await verifyAuthentication(opts); const b = Number(process.hrtime.bigint() - t) / 500e3;
  best.raw = Math.min(best.raw, a); best.ours = Math.min(best.ours, b); ratios.push(a / b);
}
ratios.sort((a, b) => a - b);
console.log(`raw ${best.raw.toFixed(1)} µs, ours ${best.ours.toFixed(1)} µs, min-ratio ${(best.raw / best.ours * 100).toFixed(1)}%, median paired ${(ratios[7] * 100).toFixed(1)}%`);
