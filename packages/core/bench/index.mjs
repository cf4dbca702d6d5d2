#!/usr/bin/env node
// @vfido/core benchmark: protocol operations beside the raw signing ceilings measured in the same run.
// Run from the repo root after `npm install`: npm run bench
import { createHash, generateKeyPairSync, sign, randomBytes } from 'node:crypto';
import os from 'node:os';
import { p256 } from '@noble/curves/nist.js';
import { VirtualAuthenticator, encodeCbor } from '@vfido/core';
import { mark } from './mark.mjs';

const msg = randomBytes(69 + 32); // authenticatorData (37) + margin || clientDataHash
console.log(`vfido core bench — ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}\n`);

// Raw ceilings.
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const nobleKey = p256.utils.randomSecretKey();
const nodeEs256 = await mark('raw ES256 sign (node:crypto)', () => sign('sha256', msg, { key: ec.privateKey, dsaEncoding: 'der' }));
const nobleEs256 = await mark('raw ES256 sign (@noble/curves)', () => p256.sign(msg, nobleKey));
const nodeRs256 = await mark('raw RS256 sign (node:crypto)', () => sign('sha256', msg, rsa.privateKey));

function makeCredentialRequest(rk, conveyanceNone) {
  const m = new Map([
    [1, new Uint8Array(createHash('sha256').update(randomBytes(8)).digest())],
    [2, new Map([['id', 'example.com'], ['name', 'Example']])],
    [3, new Map([['id', new Uint8Array(randomBytes(16))], ['name', 'ada'], ['displayName', 'Ada']])],
    [4, [new Map([['alg', -7], ['type', 'public-key']]), new Map([['alg', -257], ['type', 'public-key']])]],
    [7, new Map([['rk', rk]])],
  ]);
  if (conveyanceNone) m.set(0x0b, ['none']);
  return Uint8Array.of(0x01, ...encodeCbor(m));
}
const getAssertionRequest = () => Uint8Array.of(0x02, ...encodeCbor(new Map([[1, 'example.com'], [2, new Uint8Array(32)]])));

async function check(a, request) {
  const out = await a.handle(request);
  if (out[0] !== 0) throw new Error(`status 0x${out[0].toString(16)}`);
}

console.log('');
const yubi = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'bench' });
const wh = new VirtualAuthenticator({ preset: 'windows-hello-hardware' });
await check(yubi, makeCredentialRequest(true, false)); // warm the CA caches
await check(wh, makeCredentialRequest(true, false));
const mcNone = await mark('makeCredential (none, ES256)', () => check(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), makeCredentialRequest(false, true)), { warmup: 5 });
const mcPacked = await mark('makeCredential (packed x5c, ES256)', () => check(yubi, makeCredentialRequest(false, false)), { warmup: 5 });
const mcTpm = await mark('makeCredential (tpm, RS256 key, RS1 statement)', () => check(wh, makeCredentialRequest(false, false)), { ms: 3000, warmup: 1 });

const ga = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
await check(ga, makeCredentialRequest(true, true));
const gaRequest = getAssertionRequest();
const gaOps = await mark('getAssertion (ES256, discoverable)', () => check(ga, gaRequest));

const ceiling = Math.max(nodeEs256, nobleEs256);
console.log(`\ngetAssertion / fastest raw ES256 sign = ${(100 * gaOps / ceiling).toFixed(1)}% (target >= 80%)`);
console.log(`makeCredential none / raw ES256 sign = ${(100 * mcNone / ceiling).toFixed(1)}% (includes P-256 key generation)`);
console.log(`makeCredential packed / none = ${(100 * mcPacked / mcNone).toFixed(1)}%; tpm ${mcTpm.toFixed(1)} ops/s vs raw RS256 sign ${Math.round(nodeRs256)} (tpm includes RSA-2048 key generation)`);
