/**
 * A WebSocket client written byte for byte over a plain TCP socket, so that tests can send what
 * no library would: bad upgrade requests, unmasked or reserved-bit frames, lying lengths, and
 * a page that never reads what the server sends.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeMessage } from '../../../src-shared/protocol-codec';

export interface FrameOptions {
  readonly fin?: boolean;
  readonly rsv1?: boolean;
  readonly masked?: boolean;
  /** The length the header claims (default: the payload's). */
  readonly claimedLength?: number;
}

/** One frame as a client sends it (masked unless told otherwise). */
export function frame(opcode: number, payload: Uint8Array, options: FrameOptions = {}): Buffer {
  const { fin = true, rsv1 = false, masked = true } = options;
  const length = options.claimedLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
  return Buffer.concat([Buffer.from(head), extended, mask, body]);
}

/** A binary frame carrying one call, as the page's bridge sends it. */
export function callFrame(id: number, method: string, args: unknown[]): Buffer {
  return frame(2, encodeMessage({ t: 'call', id, method, args }));
}

export interface UpgradeOptions {
  readonly path?: string;
  readonly host?: string;
  readonly origin?: string | null;
  /** Extra header lines, each ending in \r\n. */
  readonly extra?: string;
}

/** The upgrade request text (a valid one unless the options spoil it). */
export function upgradeRequest(port: number, options: UpgradeOptions = {}): string {
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  return (
    `GET ${options.path ?? '/ws'} HTTP/1.1\r\n` +
    `Host: ${options.host ?? `127.0.0.1:${port}`}\r\n` +
    'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
    (origin === null ? '' : `Origin: ${origin}\r\n`) +
    (options.extra ?? '') +
    '\r\n'
  );
}

export interface RawConnection {
  readonly socket: Socket;
  /** The status line's code of the server's answer (101 when upgraded). */
  readonly status: number;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
}

/**
 * Writes `request` and waits for the server's answer head. With `read: false` the socket stops
 * reading right after the head, as a page that never reads does.
 */
export function rawUpgrade(port: number, request: string, { read = true } = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let head = '';
    let done = false;
    const closed = new Promise<void>((resolveClosed) => socket.once('close', () => resolveClosed()));
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      if (read) socket.on('data', () => undefined);
      else socket.pause();
      resolve({ socket, status, closed });
    };
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0) finish(Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0));
    };
    socket.on('data', onData);
    socket.on('error', (error) => (done ? undefined : reject(error)));
    socket.once('close', () => finish(0));
  });
}
