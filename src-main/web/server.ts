/**
 * `convolab serve`: the editor's renderer served to a browser, with the same typed HostApi carried
 * over a WebSocket to the same engine host. Binds 127.0.0.1 unless told otherwise. The socket
 * accepts only pages of our own origin that carry the per-start token given in the page's URL.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { contentSecurityPolicy } from './csp';
import { frontDoorPage } from './front-door';
import { CONTENT_TYPES, confinedRealPath } from './static';
import {
  dispatchCall,
  type FileMethods,
  type HostApi,
  type HostEvent,
  type SocketClientMessage,
  type SocketServerMessage,
} from '../../src-shared/protocol';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol-codec';

export { confinedPath, confinedRealPath } from './static';

/**
 * What one page (one socket) works with: its own engine host (its runs, cancellation, events and
 * memo) and its own files service. `convolab serve` opens one per page, so one tab's runs never
 * cancel another's and no tab sees another's events.
 */
export interface ServeSession {
  readonly host: HostApi;
  readonly files?: FileMethods;
  /** Called when the page's socket closes: ends the session's engine. */
  close?(): Promise<void>;
}

export interface WebServerOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /**
   * Opens a session for a page, at its first call (a socket that never calls costs nothing).
   * Without it, every page shares `host` and `files` (tests).
   */
  readonly openSession?: () => ServeSession;
  readonly host?: HostApi;
  /** Documents and files (the served folder); without it, file methods answer with an error. */
  readonly files?: FileMethods;
  /** How many pages may have a session at once (each has an engine worker); default 8. */
  readonly maxSessions?: number;
  /**
   * Bytes a page may leave unread on its socket before new calls are refused (default 64 MiB):
   * a page that never reads must not make the server hold gigabytes.
   */
  readonly maxUnreadBytes?: number;
  readonly port?: number;
  readonly hostname?: string;
  /** Fixed token (tests); by default a random one per start. */
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Bytes the server holds unsent for its sockets now (tests and measurements). */
  unreadBytes(): number;
  close(): Promise<void>;
}

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's URL, or undefined when it cannot be parsed (`//`, junk): never a throw. */
function requestUrl(raw: string | undefined): URL | undefined {
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//')) return undefined;
  try {
    return new URL(raw, 'http://convolab.invalid');
  } catch {
    return undefined;
  }
}

/** A binary message's bytes as ws hands them over (one Buffer, or its fragments). */
function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * The most JSON text a page's frame may hold (what is not arrays, long texts or long lists of
 * numbers: a graph document sent to run, say, which MAX_DOCUMENT_CHARS bounds as a file). Parsed
 * JSON may take ~15 times its text, on the one thread every page shares: a 256 MB frame of `[],`
 * took the server past its heap and ended it, and every page with it.
 */
export const MAX_PAGE_JSON_BYTES = 64 * 1024 * 1024;

/** How long after a page takes the spare session the next one opens (see takeSession). */
const SPARE_DELAY_MS = 5000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The `host:port` names a page may reach the server by. Bound to loopback, exactly 127.0.0.1,
 * localhost (and [::1] when bound there): a page from any other name is a DNS-rebinding attempt.
 * Bound elsewhere (`--host`), that host name only.
 */
export function allowedHosts(hostname: string, port: number): Set<string> {
  const shown = (name: string): string => (name.includes(':') ? `[${name}]` : name);
  const names = LOOPBACK.has(hostname) ? ['127.0.0.1', 'localhost', ...(hostname === '127.0.0.1' ? [] : ['::1'])] : [hostname];
  return new Set(names.map((name) => `${shown(name)}:${port}`));
}

/** Says why in one line and hangs up (a socket mid-upgrade gets a bare HTTP answer). */
function refuseUpgrade(socket: Duplex, status: 400 | 403, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Forbidden'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${reason}\n`, () => socket.destroy());
}

export async function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(18).toString('base64url');
  const hostname = options.hostname ?? '127.0.0.1';
  const maxSessions = options.maxSessions ?? 8;
  const maxUnread = options.maxUnreadBytes ?? 64 * 1024 * 1024;
  const openSession: () => ServeSession =
    options.openSession ??
    (() => {
      if (!options.host) throw new Error('startWebServer: give openSession or host');
      return { host: options.host, ...(options.files ? { files: options.files } : {}) };
    });
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let liveSessions = 0;
  let closed = false;
  /**
   * One session opened ahead of need (its engine worker started and warmed up), so a page that
   * connects gets its first run as fast as with a shared engine. The next spare opens a few
   * seconds after a page takes one: warming a worker costs a core, which that page's first runs
   * and previews need more (on two cores it made a 1-second sound end before its Stop was seen).
   */
  let spare: ServeSession | undefined;
  const openSpare = (): void => {
    if (!options.openSession || closed || spare) return;
    try {
      spare = options.openSession();
    } catch {
      spare = undefined;
    }
  };
  const takeSession = (): ServeSession => {
    const taken = spare ?? openSession();
    spare = undefined;
    setTimeout(openSpare, SPARE_DELAY_MS).unref();
    return taken;
  };
  /** Ends each open connection and its session (server.close waits for the sessions' engines). */
  const connections = new Set<() => Promise<void>>();

  const policy = (request: IncomingMessage): string => {
    const socketOrigin = `ws://${request.headers.host ?? ''}`;
    return contentSecurityPolicy({ socketOrigin, header: true });
  };

  const serveFile = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const url = requestUrl(request.url);
    if (!url) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request\n');
      return;
    }
    if (!hosts.has((request.headers.host ?? '').toLowerCase())) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(`open Convolab at ${[...hosts].map((host) => `http://${host}/`).join(' or ')}\n`);
      return;
    }
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !sameToken(url.searchParams.get('token'), token)) {
      const page = Buffer.from(frontDoorPage());
      response.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'content-security-policy': policy(request), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : page);
      return;
    }
    const path = isPage ? '/index.html' : url.pathname;
    const file = await confinedRealPath(options.rendererDir, path);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'content-security-policy': policy(request),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    // A file that vanishes while it is sent ends that response, not the server.
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  };

  const server: Server = createServer((request, response) => {
    serveFile(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  // A peer's garbage (bad request lines, resets) ends that connection with 400, never the server.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(request.url);
      if (!url) return refuseUpgrade(socket, 400, 'bad request');
      const allowed = url.pathname === '/ws' && hosts.has((request.headers.host ?? '').toLowerCase()) && origins.has(request.headers.origin ?? '');
      if (!allowed || !sameToken(url.searchParams.get('token'), token)) return refuseUpgrade(socket, 403, 'open the link convolab serve printed');
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
    } catch {
      refuseUpgrade(socket, 400, 'bad upgrade request');
    }
  });

  sockets.on('connection', (ws: WebSocket) => {
    let session: ServeSession | undefined;
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    const send = (message: SocketServerMessage): void => {
      if (ended || ws.readyState !== ws.OPEN) return;
      let frame: Uint8Array;
      try {
        frame = encodeMessage(message);
      } catch (error) {
        // A value that cannot be carried still gets its answer, so the page does not wait forever.
        if (message.t !== 'reply') return;
        frame = encodeMessage({ t: 'reply', id: message.id, ok: false, error: `the answer could not be sent (${error instanceof Error ? error.message : String(error)})` });
      }
      ws.send(frame, { binary: true });
    };
    // What a page has not read yet: past the limit, new calls are refused and progress is dropped.
    const behind = (): boolean => ws.bufferedAmount >= maxUnread;
    /**
     * Tells the page, in one line, why a message of its was dropped. A text message comes from a
     * tab of an older Convolab, which reads only text: it gets its notice as text, so it shows it.
     */
    const refuse = (reason: string, asText = false): void => {
      // A page that sends junk and reads nothing must not make the server hold its notices.
      if (behind()) return;
      const notice: SocketServerMessage = { t: 'event', event: { kind: 'notice', level: 'error', message: `convolab serve dropped a message from this page: ${reason}` } };
      if (!asText) send(notice);
      else if (!ended && ws.readyState === ws.OPEN) ws.send(JSON.stringify(notice));
    };
    const tooFarBehind = (method: string): string =>
      `${method}: this page has not read ${Math.round(ws.bufferedAmount / 1048576)} MB of earlier answers yet (convolab serve holds at most ${Math.round(maxUnread / 1048576)} MB per page): ask again once it has caught up`;
    /** The page's session, opened at its first call; throws the one line that says why not. */
    const ensureSession = (): ServeSession => {
      if (session) return session;
      if (liveSessions >= maxSessions) throw new Error(`convolab serve: ${maxSessions} pages are open already: close one and reload this one`);
      try {
        session = takeSession();
      } catch (error) {
        throw new Error(`convolab serve: could not start an engine for this page (${error instanceof Error ? error.message : String(error)})`);
      }
      liveSessions++;
      // Events the host emits in one go (a message of the engine worker's: a node's result with
      // the sink that shows it, the run's end) leave as one frame: each frame wakes the page.
      let queued: HostEvent[] = [];
      const sendQueued = (): void => {
        const events = queued;
        queued = [];
        send(events.length === 1 ? { t: 'event', event: events[0]! } : { t: 'events', events });
      };
      unsubscribe = session.host.onEvent((event: HostEvent) => {
        if (event.kind === 'nodeProgress' && behind()) return;
        if (queued.push(event) === 1) queueMicrotask(sendQueued);
      });
      return session;
    };
    let closing: Promise<void> = Promise.resolve();
    const end = (): Promise<void> => {
      if (ended) return closing;
      ended = true;
      connections.delete(end);
      unsubscribe?.();
      if (session) {
        liveSessions--;
        closing = Promise.resolve(session.close?.()).catch(() => undefined);
      }
      // Whatever was owed to this page is dropped with its socket.
      ws.terminate();
      return closing;
    };
    connections.add(end);
    // A malformed frame (bad UTF-8, unmasked, RSV1, unknown opcode, bad close code, oversize)
    // ends this connection only.
    ws.on('error', () => void end());
    ws.on('close', () => void end());
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(data, isBinary);
      } catch {
        // Nothing a page sends may end the server: a message that breaks the handler is dropped.
      }
    });
    const onMessage = (data: RawData, isBinary: boolean): void => {
      if (!isBinary) {
        refuse('it was text, and this Convolab sends binary frames: reload the page', true);
        return;
      }
      let message: SocketClientMessage;
      try {
        message = decodeMessage(frameBytes(data), { maxJsonBytes: MAX_PAGE_JSON_BYTES }) as SocketClientMessage;
      } catch (error) {
        refuse(error instanceof Error ? error.message : String(error));
        return;
      }
      if (message?.t !== 'call' || typeof message.id !== 'number') return;
      const id = message.id;
      dispatchCall(message.method, message.args, (method) => {
        if (behind()) throw new Error(tooFarBehind(method));
        return ensureSession();
      })
        .then((reply) => {
          if (ended) return;
          // Checked again: the page may have stopped reading while the answer was computed.
          if (reply.ok && behind()) send({ t: 'reply', id, ok: false, error: tooFarBehind(message.method) });
          else send({ t: 'reply', id, ...reply });
        })
        .catch(() => undefined);
    };
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5178, hostname, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(hostname, port);
  openSpare();
  origins = new Set([...hosts].map((host) => `http://${host}`));
  const shownHost = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    unreadBytes: () => {
      let total = 0;
      for (const client of sockets.clients) total += client.bufferedAmount;
      return total;
    },
    close: async () => {
      closed = true;
      const unused = spare;
      spare = undefined;
      const sessionsClosed = Promise.all([...[...connections].map((end) => end()), Promise.resolve(unused?.close?.()).catch(() => undefined)]);
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      await sessionsClosed;
    },
  };
}
