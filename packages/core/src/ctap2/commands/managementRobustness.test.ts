/**
 * Seeded random requests to credentialManagement (0x0a / 0x41), largeBlobs (0x0c) and
 * authenticatorConfig (0x0d), with and without a correctly MACed pinUvAuthParam: every rejection is a
 * spec status (never CTAP1_ERR_OTHER, i.e. never an internal error), and every success is canonical CBOR.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { CtapStatus } from '../status.js';
import { issueToken, mgmtState, send, setPin, storeCredential } from '../../../test-utils/managementHarness.js';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth = 0): CborValue {
  const pick = Math.floor(r() * (depth > 1 ? 5 : 8));
  switch (pick) {
    case 0: return Math.floor(r() * 20);
    case 1: return -Math.floor(r() * 5) - 1;
    case 2: return new Uint8Array(Math.floor(r() * 40)).map(() => Math.floor(r() * 256));
    case 3: return ['example.com', 'other.org', '', 'id', 'x'.repeat(Math.floor(r() * 70))][Math.floor(r() * 5)]!;
    case 4: return r() < 0.5;
    case 5: return randomMap(r, depth + 1);
    case 6: return Array.from({ length: Math.floor(r() * 3) }, () => randomValue(r, depth + 1));
    default: return new Map<string, CborValue>([['id', randomValue(r, depth + 1)], ['type', 'public-key'], ['name', randomValue(r, depth + 1)]]);
  }
}

function randomMap(r: () => number, depth = 0): CborMap {
  const m: CborMap = new Map();
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) m.set(1 + Math.floor(r() * 7), randomValue(r, depth + 1));
  return m;
}

describe('management commands on random input', () => {
  it('answer every request with a spec status, never an internal error', async () => {
    const r = prng(0x5eed);
    const state = mgmtState('yubikey-5-nfc');
    setPin(state);
    storeCredential(state, { rpId: 'example.com', user: 1, name: 'ada' });
    storeCredential(state, { rpId: 'other.org', user: 2 });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const command = [0x0a, 0x41, 0x0c, 0x0d][i % 4]!;
      const params = randomMap(r);
      if (command !== 0x0c) {
        params.set(1, r() < 0.8 ? 1 + Math.floor(r() * 7) : Math.floor(r() * 300));
        if (r() < 0.5) params.set(2, r() < 0.5 ? new Map([[1, createHash('sha256').update('example.com').digest()]]) : randomMap(r));
      } else {
        params.set(3, Math.floor(r() * 40));
      }
      if (r() < 0.6) {
        // A correctly MACed request, so the subcommand logic itself runs on the random parameters.
        const token = issueToken(state, Permission.cm | Permission.lbw | Permission.acfg, r() < 0.3 ? { rpId: 'example.com' } : {});
        const sub = params.get(2);
        const enc = sub instanceof Map ? encodeCbor(sub) : new Uint8Array(0);
        const subCommand = params.get(1);
        if (command === 0x0c) {
          const set = params.get(2);
          if (set instanceof Uint8Array) {
            const msg = Buffer.alloc(70, 0xff);
            msg.writeUInt16BE(0x0c00, 32);
            msg.writeUInt32LE(params.get(3) as number, 34);
            createHash('sha256').update(set).digest().copy(msg, 38);
            params.set(5, token.mac(msg));
            params.set(6, 2);
          }
        } else if (typeof subCommand === 'number') {
          const prefix = command === 0x0d ? [...new Uint8Array(32).fill(0xff), 0x0d] : [];
          params.set(4, token.mac(Uint8Array.of(...prefix, subCommand & 0xff, ...enc)));
          params.set(3, 2);
        }
      }
      const out = await send(state, command, params);
      statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
      expect(out.status, out.message).not.toBe(CtapStatus.CTAP1_ERR_OTHER);
    }
    // The run reached successes and the main rejections, not just one early exit.
    expect(statuses.get(CtapStatus.CTAP2_OK)).toBeGreaterThan(50);
    expect(statuses.size).toBeGreaterThan(6);
  });
});
