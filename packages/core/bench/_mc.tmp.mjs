import { VirtualAuthenticator } from '@vfido/core';
import { generateKeyPairSync, sign, randomBytes } from 'node:crypto';
import { makeCredentialRequest, check } from './index.mjs';
const mode = process.argv[2] ?? 'none';
const N = +(process.argv[3] ?? 2000);
const yubi = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'bench' });
await check(yubi, makeCredentialRequest(true, false));
const msg = randomBytes(101);
let t = performance.now();
for (let i = 0; i < N; i++) { const k = generateKeyPairSync('ec', { namedCurve: 'P-256' }); sign('sha256', msg, k.privateKey); }
const ceil = N / (performance.now() - t) * 1000;
t = performance.now();
for (let i = 0; i < N; i++) {
  if (mode === 'none') await check(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), makeCredentialRequest(false, true));
  else await check(yubi, makeCredentialRequest(false, false));
}
const mc = N / (performance.now() - t) * 1000;
console.log(mode, 'ceiling', ceil.toFixed(0), 'mc', mc.toFixed(0), 'ratio', (mc / ceil).toFixed(2));
