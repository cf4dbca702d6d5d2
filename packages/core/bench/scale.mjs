#!/usr/bin/env node
// @vfido/core scale benchmark: the same operations on a store of 10 credentials and on one of
// 100,000 (10,000 RPs x 10), in alternating rounds; the ratio big / small should stay near 1
// (lookups are indexed, never scans). Also heap bytes per stored credential.
// Run from the repo root after `npm run build`: node packages/core/bench/scale.mjs [--quick]
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryCredentialStore, VirtualAuthenticator } from '@vfido/core';
import { interleave, pairedRatio } from './mark.mjs';
import { check, getAssertionRequest, makeCredentialRequest } from './index.mjs';
import { isMain, row } from './rows.mjs';

const PER_RP = 10;
const PRESET = 'yubikey-5-nfc'; // reports remainingDiscoverableCredentials: getInfo counts stored credentials

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/** Heap plus ArrayBuffer backing stores (Uint8Arrays above 64 bytes live outside the V8 heap), after full GCs. */
function usedBytes() {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * A store of `n` discoverable ES256 credentials, PER_RP per RP (`rp0.example` ... ), each with its own
 * id, user, names and a copy of one PKCS#8 key (the store never parses keys; signing parses once per record).
 */
function populate(n, pkcs8) {
  const store = new MemoryCredentialStore();
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const rp = Math.floor(i / PER_RP);
    store.put({
      id: new Uint8Array(randomBytes(16)),
      rpId: `rp${rp}.example`,
      rpName: `RP ${rp}`,
      userHandle: new Uint8Array(randomBytes(16)),
      userName: `user${i}@rp${rp}.example`,
      userDisplayName: `User ${i}`,
      alg: -7,
      privateKey: new Uint8Array(pkcs8),
      signCount: 0,
      discoverable: true,
      backupEligible: false,
      backupState: false,
      createdAt: now + i,
      preset: PRESET,
      transports: ['usb', 'nfc'],
    });
  }
  return store;
}

/**
 * Measure lookup, getAssertion (allowList and discoverable), getInfo and makeCredential on a store of
 * 10 and one of `big` credentials, printing through `log`.
 * @returns table rows (see rows.mjs): the big store's rate with the small store's as reference
 */
export async function scaleBench({ quick = false, big = quick ? 10_000 : 100_000, log = console.log } = {}) {
  const t = (full, short) => (quick ? short : full);
  const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' });
  const before = usedBytes();
  const bigStore = populate(big, pkcs8);
  const bytesPerCredential = (usedBytes() - before) / big;
  const smallStore = populate(PER_RP, pkcs8);
  const label = (n) => `${n.toLocaleString('en-US')} credentials`;
  log(`vfido scale bench — ${label(PER_RP)} vs ${label(big)} (${PER_RP} per RP); ${Math.round(bytesPerCredential)} bytes of heap per stored credential\n`);

  const sides = [PER_RP, big].map((n, k) => {
    const store = k === 0 ? smallStore : bigStore;
    const authenticator = new VirtualAuthenticator({ preset: PRESET, store });
    const target = store.list({ rpId: 'rp0.example' })[PER_RP - 1];
    const idCopy = new Uint8Array(target.id); // as a request carries it: not the record's own array
    return {
      n,
      get: () => store.get(idCopy),
      allowList: () => check(authenticator, getAssertionRequest('rp0.example', [idCopy])),
      discoverable: () => check(authenticator, getAssertionRequest('rp0.example')),
      getInfo: () => check(authenticator, Uint8Array.of(0x04)),
      // Registrations land on an RP of their own, so the RP's credential count stays put.
      makeCredential: () => check(authenticator, makeCredentialRequest(false, true, 'new.example')),
    };
  });
  const ops = [
    ['get', 'store.get(id) lookup', { ms: t(2000, 100), warmup: 1000 }],
    ['allowList', 'getAssertion (allowList)', { ms: t(3000, 150), warmup: 50 }],
    ['discoverable', `getAssertion (discoverable, ${PER_RP} on the RP)`, { ms: t(3000, 150), warmup: 50 }],
    ['getInfo', 'getInfo', { ms: t(2000, 100), warmup: 50 }],
    ['makeCredential', 'makeCredential (none, ES256)', { ms: t(3000, 150), warmup: 5 }],
  ];
  const rows = [];
  for (const [key, name, { ms, warmup }] of ops) {
    const r = await interleave(sides.map((s) => ({ name: `${name}, ${label(s.n)}`, fn: s[key] })), { ms, rounds: t(10, 2), warmup: t(warmup, 5), log });
    const [small, large] = Object.values(r);
    rows.push(row(`scale: ${name}, ${label(big)}`, large.opsPerSec, `same, ${label(PER_RP)}`, small.opsPerSec, pairedRatio(large, small)));
  }
  log(`\nheap per stored credential (${label(big)}): ${Math.round(bytesPerCredential)} bytes`);
  rows.push(row(`scale: heap per stored credential, ${label(big)}`, null, null, null, null, { value: Math.round(bytesPerCredential), unit: 'bytes' }));
  return rows;
}

if (isMain(import.meta.url)) await scaleBench({ quick: process.argv.includes('--quick') });
