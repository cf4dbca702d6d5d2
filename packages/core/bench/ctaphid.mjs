#!/usr/bin/env node
// CTAPHID benchmark: full round trips over the loopback TCP CTAPHID server (CTAP 2.1 section 11.2:
// 64-byte reports, CTAPHID_CBOR, a channel from CTAPHID_INIT) beside the in-process
// VirtualAuthenticator.handle call on the same authenticator, measured in alternating rounds of
// one run so the ratio compares like with like.
//   - getAssertion without pinUvAuthParam (discoverable credential, user presence);
//   - getAssertion with pinUvAuthParam made with a pinUvAuthToken from authenticatorClientPIN
//     (PIN protocol 2, getPinUvAuthTokenUsingPinWithPermissions, permission ga): up=false so the
//     token keeps its permission (CTAP 2.1 6.2.2 step 9 uses it up after a touch) and the row
//     measures one request;
//   - the whole PIN ceremony a browser runs per sign-in: a fresh token (clientPIN 0x09) then
//     getAssertion with pinUvAuthParam and user presence (two requests per operation).
//   - beside the plain getAssertion, the floor under any protocol over loopback TCP in one process: the
//     same request crosses a bare node:net socket pair (Nagle off, one write each way, a 2-byte length
//     prefix instead of CTAPHID reports) to the same handle(); CTAPHID over TCP can at best match it.
// Run from the repo root after `npm run build`: node packages/core/bench/ctaphid.mjs [--quick]
// (index.mjs's coreBench runs it too.)
import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';
import { CtapHidCommand, MessageAssembler, VirtualAuthenticator, decodeCbor, encodeCbor, encodeMessageReports, parsePacket, serveCtapHid } from '@vfido/core';
import { interleave, pairedRatio } from './mark.mjs';
import { isMain, row } from './rows.mjs';

const REPORT = 64;
const BROADCAST = 0xffffffff;

/** A CTAPHID host over the loopback socket: one channel, one request at a time. */
export class HidClient {
  #socket;
  #pending = Buffer.alloc(0);
  #assembler;
  #waiting;
  cid = BROADCAST;

  static async open(port) {
    const client = new HidClient();
    client.#socket = connect(port, '127.0.0.1');
    client.#socket.setNoDelay(true);
    client.#socket.on('data', (chunk) => client.#data(chunk));
    await once(client.#socket, 'connect');
    const nonce = new Uint8Array(randomBytes(8));
    const init = await client.call(CtapHidCommand.INIT, nonce);
    if (Buffer.compare(init.subarray(0, 8), nonce) !== 0) throw new Error('CTAPHID_INIT nonce mismatch');
    client.cid = new DataView(init.buffer, init.byteOffset).getUint32(8);
    return client;
  }

  #data(chunk) {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    let at = 0;
    for (; this.#pending.length - at >= REPORT; at += REPORT) {
      const packet = parsePacket(new Uint8Array(this.#pending.buffer, this.#pending.byteOffset + at, REPORT));
      if (packet.type === 'init') {
        if (packet.cmd === CtapHidCommand.KEEPALIVE) continue;
        this.#assembler = new MessageAssembler(packet);
      } else if (!this.#assembler?.append(packet)) {
        throw new Error('out-of-sequence CTAPHID continuation packet');
      }
      if (this.#assembler?.complete) {
        const { cmd, payload } = this.#assembler;
        this.#assembler = undefined;
        const waiting = this.#waiting;
        this.#waiting = undefined;
        if (cmd === CtapHidCommand.ERROR) waiting?.reject(new Error(`CTAPHID_ERROR 0x${payload[0].toString(16)}`));
        else waiting?.resolve(payload);
      }
    }
    this.#pending = this.#pending.subarray(at);
  }

  /** Send one message and resolve with the reply's payload (keepalives skipped). */
  call(cmd, payload) {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(encodeMessageReports(this.cid, cmd, payload));
    });
  }

  close() {
    this.#socket.destroy();
  }
}

/**
 * The same request and response over a bare loopback socket pair: a 2-byte length prefix, no CTAPHID
 * framing, channel or keepalive. Measures what node:net's round trip costs by itself.
 * @returns `{ call(request) -> response, close() }`
 */
async function bareTcp(authenticator) {
  const frame = (bytes) => {
    const out = Buffer.allocUnsafe(2 + bytes.length);
    out.writeUInt16BE(bytes.length);
    out.set(bytes, 2);
    return out;
  };
  // Calls back with each whole frame that arrives on `socket`.
  const frames = (socket, onFrame) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const n = pending.readUInt16BE(0);
        onFrame(new Uint8Array(pending.subarray(2, 2 + n)));
        pending = pending.subarray(2 + n);
      }
    });
  };
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    frames(socket, async (request) => socket.write(frame(await authenticator.handle(request))));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = connect(server.address().port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  let waiting;
  frames(socket, (response) => waiting?.(response));
  return {
    call: (request) => new Promise((resolve) => {
      waiting = resolve;
      socket.write(frame(request));
    }),
    close: () => new Promise((resolve) => {
      socket.destroy();
      server.close(resolve);
    }),
  };
}

/** The platform side of PIN/UV auth protocol 2 (CTAP 2.1 6.5.7) over a `send(request) -> response` function. */
class PinProtocolTwo {
  #ecdh = createECDH('prime256v1');
  #shared;
  #send;

  constructor(send) {
    this.#send = send;
    this.#ecdh.generateKeys();
  }

  /** clientPIN with `params`; the decoded response map. */
  async clientPin(params) {
    const out = await this.#send(Uint8Array.of(0x06, ...encodeCbor(new Map([[1, 2], ...params]))));
    if (out[0] !== 0) throw Object.assign(new Error(`authenticatorClientPIN failed with status 0x${out[0].toString(16)}`), { status: out[0] });
    return out.length > 1 ? decodeCbor(out.subarray(1)) : new Map();
  }

  /** getKeyAgreement (0x02) and the shared secret: HKDF-SHA-256 of the ECDH x-coordinate into an HMAC key and an AES key. */
  async agree() {
    const peer = (await this.clientPin([[2, 0x02]])).get(1);
    const z = this.#ecdh.computeSecret(Buffer.concat([Buffer.of(4), peer.get(-2), peer.get(-3)]));
    const kdf = (info) => Buffer.from(hkdfSync('sha256', z, Buffer.alloc(32), info, 32));
    this.#shared = Buffer.concat([kdf('CTAP2 HMAC key'), kdf('CTAP2 AES key')]);
  }

  get #platformKey() {
    const pub = this.#ecdh.getPublicKey();
    return new Map([[1, 2], [3, -25], [-1, 1], [-2, new Uint8Array(pub.subarray(1, 33))], [-3, new Uint8Array(pub.subarray(33))]]);
  }

  #encrypt(plain) {
    const iv = randomBytes(16);
    const c = createCipheriv('aes-256-cbc', this.#shared.subarray(32), iv).setAutoPadding(false);
    return new Uint8Array(Buffer.concat([iv, c.update(plain), c.final()]));
  }

  #decrypt(data) {
    const d = createDecipheriv('aes-256-cbc', this.#shared.subarray(32), data.subarray(0, 16)).setAutoPadding(false);
    return new Uint8Array(Buffer.concat([d.update(data.subarray(16)), d.final()]));
  }

  /** setPIN (0x03). */
  async setPin(pin) {
    const padded = Buffer.alloc(64);
    padded.write(pin, 'utf8');
    const newPinEnc = this.#encrypt(padded);
    const auth = createHmac('sha256', this.#shared.subarray(0, 32)).update(newPinEnc).digest();
    await this.clientPin([[2, 0x03], [3, this.#platformKey], [4, new Uint8Array(auth)], [5, newPinEnc]]);
  }

  /** getPinUvAuthTokenUsingPinWithPermissions (0x09): the decrypted 32-byte token. */
  async token(pin, permissions, rpId) {
    const pinHashEnc = this.#encrypt(createHash('sha256').update(pin, 'utf8').digest().subarray(0, 16));
    const out = await this.clientPin([[2, 0x09], [3, this.#platformKey], [6, pinHashEnc], [9, permissions], [0x0a, rpId]]);
    return this.#decrypt(out.get(2));
  }
}

/** pinUvAuthParam under protocol 2: HMAC-SHA-256(token, clientDataHash), all 32 bytes. */
const pinUvAuthParam = (token, clientDataHash) => new Uint8Array(createHmac('sha256', token).update(clientDataHash).digest());

function getAssertion(rpId, clientDataHash, extra = []) {
  return Uint8Array.of(0x02, ...encodeCbor(new Map([[1, rpId], [2, clientDataHash], ...extra])));
}

const ok = (out, what) => {
  if (out[0] !== 0) throw new Error(`${what} failed with status 0x${out[0].toString(16)}`);
  return out;
};

/**
 * Measure CTAPHID round trips beside in-process calls, printing through `log`.
 * @returns table rows (see rows.mjs); a row with `ops_per_s: null` and a `note` when clientPIN is unavailable
 */
export async function ctaphidBench({ quick = false, log = console.log } = {}) {
  const t = (full, short) => (quick ? short : full);
  const RP = 'example.com';
  const PIN = '271828';
  const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ctaphid-bench' });
  const server = await serveCtapHid({ authenticator, port: 0 });
  const rows = [];
  try {
    // Connect first: the first connection powers the device up (new key agreement, no token).
    const hid = await HidClient.open(server.address.port);
    const overHid = async (request) => new Uint8Array(await hid.call(CtapHidCommand.CBOR, request));
    const inProcess = (request) => authenticator.handle(request);
    const mc = new Map([
      [1, new Uint8Array(32)],
      [2, new Map([['id', RP], ['name', 'Example']])],
      [3, new Map([['id', new Uint8Array(randomBytes(16))], ['name', 'ada'], ['displayName', 'Ada']])],
      [4, [new Map([['alg', -7], ['type', 'public-key']])]],
      [7, new Map([['rk', true]])],
    ]);
    ok(await overHid(Uint8Array.of(0x01, ...encodeCbor(mc))), 'makeCredential');

    const cdh = new Uint8Array(32);
    const plain = getAssertion(RP, cdh);
    const opts = { ms: t(4000, 400), rounds: t(20, 4), warmup: t(100, 5), log };
    const roundTrips = (name, fn) => [
      { name: `${name}, in-process handle()`, fn: async () => ok(await fn(inProcess), name) },
      { name: `${name}, CTAPHID over TCP`, fn: async () => ok(await fn(overHid), name) },
    ];
    const push = (name, m) => {
      const [inProc, wire] = Object.values(m);
      rows.push(row(`ctaphid: ${name} (TCP round trip)`, wire.opsPerSec, `${name} (in-process handle)`, inProc.opsPerSec, pairedRatio(wire, inProc)));
      return { name, inProc: inProc.opsPerSec, wire: wire.opsPerSec, ratio: pairedRatio(wire, inProc) };
    };

    log('\nCTAPHID round trips (loopback TCP) vs in-process handle(), alternating rounds (median):');
    const bare = await bareTcp(authenticator);
    const plainCases = [
      ...roundTrips('getAssertion', (send) => send(plain)),
      { name: 'getAssertion, bare node:net round trip (no CTAPHID)', fn: async () => ok(await bare.call(plain), 'getAssertion') },
    ];
    const plainRounds = await interleave(plainCases, opts);
    await bare.close();
    const results = [push('getAssertion', plainRounds)];
    const [plainInProc, plainWire, plainBare] = Object.values(plainRounds);
    rows.push(row('ctaphid: getAssertion over bare node:net, no CTAPHID (TCP floor)', plainBare.opsPerSec, 'getAssertion (in-process handle)', plainInProc.opsPerSec, pairedRatio(plainBare, plainInProc)));
    log(`bare node:net round trip / in-process: ${(100 * pairedRatio(plainBare, plainInProc)).toFixed(1)}% (the TCP floor); CTAPHID over TCP / bare node:net round trip: ${(100 * pairedRatio(plainWire, plainBare)).toFixed(1)}% (what CTAPHID framing, channel and keepalive add)`);

    // With pinUvAuthParam: set a PIN and get a token through authenticatorClientPIN, over the wire.
    const pin = new PinProtocolTwo(overHid);
    let pinReady;
    try {
      await pin.agree();
      await pin.setPin(PIN);
      pinReady = true;
    } catch (error) {
      pinReady = false;
      log(`clientPIN not available (${error.message}): the pinUvAuthParam rows are skipped`);
      rows.push(row('ctaphid: getAssertion + pinUvAuthParam (TCP round trip)', null, 'clientPIN unavailable', null, null, { note: error.message }));
    }
    if (pinReady) {
      const GA = 0x02;
      const token = await pin.token(PIN, GA, RP);
      const withToken = getAssertion(RP, cdh, [[5, new Map([['up', false]])], [6, pinUvAuthParam(token, cdh)], [7, 2]]);
      ok(await overHid(withToken), 'getAssertion with pinUvAuthParam');
      results.push(push('getAssertion + pinUvAuthParam, up=false', await interleave(roundTrips('getAssertion + pinUvAuthParam, up=false', (send) => send(withToken)), opts)));

      // The browser's sign-in with a PIN: a fresh token each time, then getAssertion with a touch.
      const inProcPin = new PinProtocolTwo(inProcess);
      await inProcPin.agree();
      const ceremony = (protocol) => async (send) => {
        const fresh = await protocol.token(PIN, GA, RP);
        return send(getAssertion(RP, cdh, [[6, pinUvAuthParam(fresh, cdh)], [7, 2]]));
      };
      const cases = roundTrips('PIN ceremony: clientPIN token + getAssertion', ceremony(pin));
      cases[0].fn = async () => ok(await ceremony(inProcPin)(inProcess), 'PIN ceremony');
      results.push(push('PIN ceremony: clientPIN token + getAssertion', await interleave(cases, { ...opts, warmup: t(20, 2) })));
    }

    log('\n| operation | in-process ops/s | CTAPHID TCP ops/s | CTAPHID / in-process |');
    log('|:--|--:|--:|--:|');
    for (const r of results) log(`| ${r.name} | ${Math.round(r.inProc)} | ${Math.round(r.wire)} | ${(100 * r.ratio).toFixed(1)}% |`);
    hid.close();
  } finally {
    await server.close();
  }
  return rows;
}

if (isMain(import.meta.url)) await ctaphidBench({ quick: process.argv.includes('--quick') });
