/**
 * A loopback CTAPHID server: raw 64-byte HID reports over TCP (127.0.0.1 only) or a Unix socket,
 * with no framing, so a host library's HID connection can be pointed at vfido
 * (CTAP 2.1 section 11.2.4: reports are carried as-is, without a report-ID byte).
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { HidDevice, type CtapHidAuthenticator, type HidDeviceOptions } from '../ctaphid/device.js';
import { REPORT_SIZE } from '../ctaphid/commands.js';
import { TransportError } from './transportError.js';

/** The authenticator behind the server; `powerCycle` runs when the device is "plugged in". */
export interface ServedAuthenticator extends CtapHidAuthenticator {
  powerCycle?(): void;
}

/** Options of {@link serveCtapHid}: where to listen, plus the HID device's timings. */
export interface ServeCtapHidOptions extends Omit<HidDeviceOptions<Socket>, 'authenticator' | 'output'> {
  /** The authenticator to expose, e.g. a VirtualAuthenticator. */
  authenticator: ServedAuthenticator;
  /** TCP port on 127.0.0.1; 0 (the default without socketPath) picks a free one. */
  port?: number;
  /** Unix socket path instead of TCP. */
  socketPath?: string;
}


/** Where the server listens. */
export type CtapHidAddress = { transport: 'tcp'; host: '127.0.0.1'; port: number } | { transport: 'unix'; path: string };

/** A running server. */
export interface CtapHidServer {
  /** Where it listens. */
  readonly address: CtapHidAddress;
  /** The HID device state machine all connections share. */
  readonly device: HidDevice<Socket>;
  /** Clients connected right now. */
  readonly connections: number;
  /** Disconnect every client and stop listening. */
  close(): Promise<void>;
}

function listen(server: Server, options: ServeCtapHidOptions): Promise<CtapHidAddress> {
  return new Promise((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException): void => {
      const where = options.socketPath ?? `127.0.0.1:${options.port ?? 0}`;
      if (cause.code === 'EADDRINUSE') reject(new TransportError('ERR_ADDRESS_IN_USE', `${where} is already in use: pick another port or remove the stale socket`, { cause }));
      else reject(new TransportError('ERR_LISTEN', `cannot listen on ${where}: ${cause.message}`, { cause }));
    };
    server.once('error', onError);
    const ready = (): void => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? { transport: 'tcp', host: '127.0.0.1', port: a.port } : { transport: 'unix', path: options.socketPath! });
    };
    if (options.socketPath !== undefined) server.listen(options.socketPath, ready);
    else server.listen(options.port ?? 0, '127.0.0.1', ready);
  });
}

/**
 * Serve an authenticator as a CTAPHID device on a loopback socket. Every connection is a client of
 * the same device (shared channels and arbitration); a connection arriving while none is open plugs
 * the device in afresh (`authenticator.powerCycle()`, no channels). A client that disconnects leaves
 * nothing behind: its channels, half-received message, running request and lock are dropped.
 * @param options - the authenticator, `port` or `socketPath`, and HID timings
 * @returns the address and a `close()`
 * @throws TransportError `ERR_TRANSPORT_OPTIONS` (both port and socketPath), `ERR_ADDRESS_IN_USE`, `ERR_LISTEN`
 * @example
 * const server = await serveCtapHid({ authenticator: new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), port: 0 });
 * console.log(server.address); // { transport: 'tcp', host: '127.0.0.1', port: 40123 }
 */
export async function serveCtapHid(options: ServeCtapHidOptions): Promise<CtapHidServer> {
  if (options.port !== undefined && options.socketPath !== undefined) {
    throw new TransportError('ERR_TRANSPORT_OPTIONS', 'give either port or socketPath, not both');
  }
  const { authenticator, port: _port, socketPath: _path, ...timings } = options;
  const sockets = new Set<Socket>();
  const write = (bytes: Uint8Array, target: Socket | undefined): void => {
    if (target) {
      if (!target.destroyed && target.writable) target.write(bytes);
      return;
    }
    for (const socket of sockets) if (!socket.destroyed && socket.writable) socket.write(bytes);
  };
  const device = new HidDevice<Socket>({
    ...timings,
    authenticator,
    output: (report, target) => write(report, target),
    // The reports of one message leave in one write (one syscall, one segment: Nagle is off).
    outputMessage: (reports, target) => write(reports, target),
  });
  const server = createServer((socket) => {
    if (sockets.size === 0) {
      authenticator.powerCycle?.();
      device.reset();
    }
    sockets.add(socket);
    socket.setNoDelay?.(true);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      for (; pending.length - offset >= REPORT_SIZE; offset += REPORT_SIZE) {
        device.receive(new Uint8Array(pending.buffer, pending.byteOffset + offset, REPORT_SIZE).slice(), socket);
      }
      pending = pending.subarray(offset);
    });
    const gone = (): void => {
      if (!sockets.delete(socket)) return;
      device.detach(socket);
    };
    socket.on('close', gone);
    socket.on('error', () => socket.destroy());
  });
  const address = await listen(server, options);
  return {
    address,
    device,
    get connections() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        device.reset();
        server.close(() => resolve());
      }),
  };
}
