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
import { extname } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from './csp';
import { CONTENT_TYPES, confinedRealPath } from './static';
import {
  checkCall,
  isFileMethod,
  type FileMethods,
  type HostApi,
  type HostEvent,
  type SocketClientMessage,
  type SocketServerMessage,
} from '../../src-shared/protocol';

export { confinedPath, confinedRealPath } from './static';

export interface WebServerOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly host: HostApi;
  /** Documents and files (the served folder); without it, file methods answer with an error. */
  readonly files?: FileMethods;
  readonly port?: number;
  readonly hostname?: string;
  /** Fixed token (tests); by default a random one per start. */
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(18).toString('base64url');
  const hostname = options.hostname ?? '127.0.0.1';
  let origin = '';

  const serveFile = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = await confinedRealPath(options.rendererDir, path);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'content-security-policy': contentSecurityPolicy({ socketOrigin: origin.replace(/^http/, 'ws'), header: true }),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  };

  const server: Server = createServer((request, response) => {
    serveFile(request, response).catch(() => response.writeHead(500).end());
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const allowedOrigin = request.headers.origin === origin;
    if (url.pathname !== '/ws' || !allowedOrigin || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  sockets.on('connection', (ws: WebSocket) => {
    const send = (message: SocketServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.host.onEvent((event: HostEvent) => send({ t: 'event', event }));
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      let message: SocketClientMessage;
      try {
        message = JSON.parse(data.toString()) as SocketClientMessage;
      } catch {
        return;
      }
      if (message?.t !== 'call' || typeof message.id !== 'number') return;
      const checked = checkCall(message.method, message.args);
      if (!checked.ok) {
        send({ t: 'reply', id: message.id, ok: false, error: checked.error });
        return;
      }
      const target: object | undefined = isFileMethod(checked.method) ? options.files : options.host;
      if (!target) {
        send({ t: 'reply', id: message.id, ok: false, error: `${checked.method}: files are not available here` });
        return;
      }
      const method = (target as Record<string, (...args: unknown[]) => Promise<unknown>>)[checked.method]!;
      method.apply(target, checked.args).then(
        (value) => send({ t: 'reply', id: message.id, ok: true, value }),
        (error: unknown) => send({ t: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5178, hostname, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = hostname.includes(':') ? `[${hostname}]` : hostname;
  origin = `http://${shownHost}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
