/**
 * The renderer's one door to the engine host: the Electron preload's API when the page runs in
 * the desktop app, the in-page host (web-host/: the engine in a Web Worker) in the static web
 * build, whose entry installs it, otherwise a WebSocket to `convolab serve` carrying the same AppApi, whose
 * methods come from the protocol's method table (methodsCalling). Each socket message is one
 * binary frame (src-shared/protocol-codec.ts): previews and values arrive as typed arrays that are
 * views on the frame, with no text in between.
 */
import {
  methodsCalling,
  type AppApi,
  type AppMethodName,
  type HostEvent,
  type HostEventListener,
  type SocketClientMessage,
  type SocketServerMessage,
} from '../../src-shared/protocol';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol-codec';
import type { LocalFilePickers } from './web-host/files';

declare global {
  interface Window {
    /** Present only in the Electron app: the preload's typed API. */
    readonly convolab?: AppApi;
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The socket to `convolab serve`: calls made before it opens wait for it; events go to listeners. */
export class SocketTransport {
  private readonly socket: WebSocket;
  private readonly listeners = new Set<HostEventListener>();
  private readonly pending = new Map<number, Pending>();
  private readonly opened: Promise<void>;
  private isOpen = false;
  private nextId = 1;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = 'arraybuffer';
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener(
        'open',
        () => {
          this.isOpen = true;
          resolve();
        },
        { once: true },
      );
      this.socket.addEventListener('error', () => reject(new Error('cannot reach the Convolab server')), { once: true });
    });
    this.socket.addEventListener('message', (message) => this.receive(message.data as unknown));
    this.socket.addEventListener('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the connection to the Convolab server closed'));
      this.pending.clear();
      this.emit({ kind: 'notice', level: 'error', message: 'Lost the connection to the Convolab server: restart convolab serve and reload' });
    });
  }

  private receive(data: unknown): void {
    let message: SocketServerMessage;
    try {
      if (!(data instanceof ArrayBuffer)) throw new Error('a text message where binary frames are expected');
      message = decodeMessage(new Uint8Array(data)) as SocketServerMessage;
    } catch (error) {
      // A frame that is not one of ours is dropped, and the page says why in one line.
      const reason = error instanceof Error ? error.message : String(error);
      this.emit({ kind: 'notice', level: 'error', message: `Dropped a message from the Convolab server: ${reason}` });
      return;
    }
    if (message.t === 'event') {
      this.emit(message.event);
      return;
    }
    if (message.t === 'events') {
      for (const event of message.events) this.emit(event);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.error));
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Once the socket is open a call leaves at once, not a microtask later: a run asked for in a
   * microtask would otherwise wait behind whatever was queued meanwhile (React's render of the
   * edit that asked for it).
   */
  call(method: AppMethodName, args: unknown[]): Promise<unknown> {
    return this.isOpen ? this.send(method, args) : this.opened.then(() => this.send(method, args));
  }

  private send(method: AppMethodName, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const message: SocketClientMessage = { t: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(encodeMessage(message));
    });
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The AppApi over a WebSocket to `convolab serve`. */
export function socketBridge(url: string): AppApi {
  const transport = new SocketTransport(url);
  return {
    ...methodsCalling((method, args) => transport.call(method, args)),
    onEvent: (listener) => transport.onEvent(listener),
    // The browser has no native menu: commands come from the page's own menu.
    onCommand: () => () => undefined,
  };
}

let bridge: AppApi | undefined;
let pickers: LocalFilePickers | undefined;

/**
 * Makes `api` the page's host before the app starts: the static web build's entry
 * (web-host/main.ts) installs its in-page host this way, with the file pickers its page menu uses.
 */
export function installHost(api: AppApi, filePickers?: LocalFilePickers): void {
  bridge = api;
  pickers = filePickers;
}

/** The host's own file pickers, where the host has them (the web build); else the page's dialogs are used. */
export function localFilePickers(): LocalFilePickers | undefined {
  return pickers;
}

/** The host: the one installed (web build), else the Electron preload's, else a socket to `convolab serve`. */
export function getHost(): AppApi {
  if (bridge) return bridge;
  if (window.convolab) {
    bridge = window.convolab;
  } else {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    bridge = socketBridge(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
  }
  return bridge;
}
