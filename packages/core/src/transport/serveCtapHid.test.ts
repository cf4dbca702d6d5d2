import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, createServer, type Socket } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { decodeCbor } from '../cbor/index.js';
import { BROADCAST_CID, CtapHidCommand as Cmd, CtapHidErrorCode as Err, REPORT_SIZE } from '../ctaphid/commands.js';
import { encodeMessage, parsePacket } from '../ctaphid/packet.js';
import { MessageAssembler } from '../ctaphid/channel.js';
import { serveCtapHid, type CtapHidServer } from './serveCtapHid.js';
import { TransportError } from './transportError.js';

/** A raw-report client: what a host HID library does, over a socket. */
async function client(target: { port: number } | { path: string }) {
  const socket: Socket = 'port' in target ? connect(target.port, '127.0.0.1') : connect(target.path);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = Buffer.alloc(0);
  const waiting: (() => void)[] = [];
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting.splice(0).forEach((wake) => wake());
  });
  const report = async (): Promise<Uint8Array> => {
    while (buffered.length < REPORT_SIZE) await new Promise<void>((wake) => waiting.push(wake));
    const r = new Uint8Array(buffered.subarray(0, REPORT_SIZE));
    buffered = buffered.subarray(REPORT_SIZE);
    return r;
  };
  /** The next complete message, keepalives skipped. */
  const message = async () => {
    for (;;) {
      const first = parsePacket(await report());
      if (first.type !== 'init') throw new Error('continuation without init');
      const m = new MessageAssembler(first);
      while (!m.complete) {
        const p = parsePacket(await report());
        if (p.type !== 'cont' || !m.append(p)) throw new Error('bad continuation');
      }
      if (m.cmd !== Cmd.KEEPALIVE) return { cid: m.cid, cmd: m.cmd, payload: m.payload };
    }
  };
  const send = (cid: number, cmd: number, payload: number[] | Uint8Array = []) => socket.write(Buffer.concat(encodeMessage(cid, cmd, Uint8Array.from(payload))));
  const init = async () => {
    send(BROADCAST_CID, Cmd.INIT, [1, 2, 3, 4, 5, 6, 7, 8]);
    const m = await message();
    return new DataView(m.payload.buffer, m.payload.byteOffset).getUint32(8);
  };
  const buffer = () => buffered.length;
  return { socket, send, message, init, buffer, close: () => socket.destroy() };
}

let server: CtapHidServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const tcp = () => {
  if (server?.address.transport !== 'tcp') throw new Error('tcp server expected');
  return { port: server.address.port };
};

describe('serveCtapHid', () => {
  it('carries raw 64-byte reports over TCP on 127.0.0.1, whatever the chunking', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'transport' });
    server = await serveCtapHid({ authenticator, port: 0 });
    expect(server.address).toMatchObject({ transport: 'tcp', host: '127.0.0.1' });
    const c = await client(tcp());
    const cid = await c.init();
    const wire = Buffer.concat(encodeMessage(cid, Cmd.PING, Uint8Array.from({ length: 500 }, (_, i) => i & 0xff)));
    for (let i = 0; i < wire.length; i += 37) c.socket.write(wire.subarray(i, i + 37)); // reports split across writes
    expect(await c.message()).toEqual({ cid, cmd: Cmd.PING, payload: Uint8Array.from({ length: 500 }, (_, i) => i & 0xff) });
    c.send(cid, Cmd.CBOR, [0x04]);
    const info = await c.message();
    expect(info.payload[0]).toBe(0);
    const aaguid = (decodeCbor(info.payload.subarray(1)) as Map<number, Uint8Array>).get(3)!;
    expect(Buffer.from(aaguid).toString('hex')).toBe(authenticator.aaguid.replace(/-/g, ''));
    c.close();
  });

  it('several connections are clients of one device: busy across them, replies only to the asker', async () => {
    server = await serveCtapHid({ authenticator: new VirtualAuthenticator(), port: 0 });
    const a = await client(tcp());
    const b = await client(tcp());
    const ca = await a.init();
    const cb = await b.init();
    const msg = encodeMessage(ca, Cmd.PING, new Uint8Array(100).fill(1));
    a.socket.write(msg[0]!);
    await vi.waitFor(() => expect(server!.device.busy).toBe(true));
    b.send(cb, Cmd.PING, [2]);
    expect(await b.message()).toEqual({ cid: cb, cmd: Cmd.ERROR, payload: Uint8Array.of(Err.ERR_CHANNEL_BUSY) });
    expect(a.buffer()).toBe(0);
    a.socket.write(msg[1]!);
    expect((await a.message()).payload).toEqual(new Uint8Array(100).fill(1));
    expect(b.buffer()).toBe(0);
    a.close();
    b.close();
  });

  it('a client gone mid-message leaves nothing stuck; a fresh plug-in power-cycles and drops channels', async () => {
    const authenticator = new VirtualAuthenticator();
    const powerCycle = vi.spyOn(authenticator, 'powerCycle');
    server = await serveCtapHid({ authenticator, port: 0 });
    const a = await client(tcp());
    const b = await client(tcp());
    expect(powerCycle).toHaveBeenCalledTimes(1); // only the first connection plugs the device in
    const ca = await a.init();
    const cb = await b.init();
    a.socket.write(encodeMessage(ca, Cmd.PING, new Uint8Array(300))[0]!);
    await vi.waitFor(() => expect(server!.device.busy).toBe(true));
    a.close();
    await vi.waitFor(() => expect(server!.device.busy).toBe(false));
    b.send(cb, Cmd.PING, [7]);
    expect((await b.message()).payload).toEqual(Uint8Array.of(7));
    b.close();
    await vi.waitFor(() => expect(server!.connections).toBe(0));
    const c = await client(tcp());
    await vi.waitFor(() => expect(powerCycle).toHaveBeenCalledTimes(2));
    c.send(cb, Cmd.PING, [8]);
    expect(await c.message()).toEqual({ cid: cb, cmd: Cmd.ERROR, payload: Uint8Array.of(Err.ERR_INVALID_CHANNEL) });
    c.close();
  });

  it('listens on a Unix socket path and removes it on close', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vfido-hid-')), 'hid.sock');
    server = await serveCtapHid({ authenticator: new VirtualAuthenticator(), socketPath: path });
    expect(server.address).toEqual({ transport: 'unix', path });
    const c = await client({ path });
    const cid = await c.init();
    c.send(cid, Cmd.WINK);
    expect(await c.message()).toEqual({ cid, cmd: Cmd.WINK, payload: new Uint8Array(0) });
    c.close();
    await server.close();
    server = undefined;
    expect(existsSync(path)).toBe(false);
  });

  it('rejects port plus socketPath, and a port in use, with typed errors', async () => {
    const authenticator = new VirtualAuthenticator();
    await expect(serveCtapHid({ authenticator, port: 0, socketPath: '/tmp/x' })).rejects.toMatchObject({ code: 'ERR_TRANSPORT_OPTIONS' });
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const error = await serveCtapHid({ authenticator, port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ERR_ADDRESS_IN_USE' });
    await new Promise((resolve) => blocker.close(resolve));
  });
});
