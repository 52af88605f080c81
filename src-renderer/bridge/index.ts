/**
 * The renderer's one door to the engine host: the Electron preload's API when the page runs in
 * the desktop app, otherwise a WebSocket to `convolab serve` carrying the same AppApi.
 */
import type {
  AppApi,
  AppCommandListener,
  AppMethodName,
  DocumentFile,
  CompareOptions,
  Comparison,
  DocumentState,
  FolderListing,
  FrequencyResponse,
  FullValue,
  OpenedDocument,
  SaveChoice,
  StartupState,
  HostEvent,
  HostEventListener,
  HostInfo,
  PortRef,
  ProfileRequest,
  ResponseOptions,
  RunRequest,
  SocketClientMessage,
  SocketServerMessage,
  ValueOptions,
} from '../../src-shared/protocol';

declare global {
  interface Window {
    /** Present only in the Electron app: the preload's typed API. */
    readonly convolab?: AppApi;
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The AppApi over a WebSocket; calls made before the socket opens wait for it. */
export class SocketBridge implements AppApi {
  private readonly socket: WebSocket;
  private readonly listeners = new Set<HostEventListener>();
  private readonly pending = new Map<number, Pending>();
  private readonly opened: Promise<void>;
  private nextId = 1;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('error', () => reject(new Error('cannot reach the Convolab server')), { once: true });
    });
    this.socket.addEventListener('message', (message) => this.receive(message.data as string));
    this.socket.addEventListener('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the connection to the Convolab server closed'));
      this.pending.clear();
      this.emit({ kind: 'notice', level: 'error', message: 'Lost the connection to the Convolab server: restart convolab serve and reload' });
    });
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as SocketServerMessage;
    if (message.t === 'event') {
      this.emit(message.event);
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

  private async call<T>(method: AppMethodName, args: unknown[]): Promise<T> {
    await this.opened;
    const id = this.nextId++;
    const message: SocketClientMessage = { t: 'call', id, method, args };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify(message));
    });
  }

  run(request: RunRequest): Promise<{ runId: number }> {
    return this.call('run', [request]);
  }

  cancel(runId: number): Promise<void> {
    return this.call('cancel', [runId]);
  }

  info(): Promise<HostInfo> {
    return this.call('info', []);
  }

  getValue(nodeId: string, port: string, options?: ValueOptions): Promise<FullValue | undefined> {
    return this.call('getValue', options ? [nodeId, port, options] : [nodeId, port]);
  }

  // Teaching views
  compareValues(a: PortRef, b: PortRef, options?: CompareOptions): Promise<Comparison | undefined> {
    return this.call('compareValues', options ? [a, b, options] : [a, b]);
  }

  frequencyResponse(ref: PortRef, options?: ResponseOptions): Promise<FrequencyResponse | undefined> {
    return this.call('frequencyResponse', options ? [ref, options] : [ref]);
  }

  profile(request: ProfileRequest): Promise<{ profileId: number }> {
    return this.call('profile', [request]);
  }

  cancelProfile(profileId: number): Promise<void> {
    return this.call('cancelProfile', [profileId]);
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Documents and files: the served folder.
  openDocument(request: { path?: string }): Promise<OpenedDocument | undefined> {
    return this.call('openDocument', [request]);
  }

  saveDocument(request: { text: string; path?: string; suggestedName?: string }): Promise<DocumentFile | undefined> {
    return this.call('saveDocument', [request]);
  }

  exportFile(request: { suggestedName: string; data: string }): Promise<DocumentFile | undefined> {
    return this.call('exportFile', [request]);
  }

  listFolder(path: string): Promise<FolderListing> {
    return this.call('listFolder', [path]);
  }

  uploadFile(request: { path: string; data: string; replace?: boolean }): Promise<DocumentFile> {
    return this.call('uploadFile', [request]);
  }

  recentDocuments(): Promise<DocumentFile[]> {
    return this.call('recentDocuments', []);
  }

  clearRecent(): Promise<void> {
    return this.call('clearRecent', []);
  }

  startup(sessionId: string): Promise<StartupState> {
    return this.call('startup', [sessionId]);
  }

  writeBackup(request: { id: string; text: string; path?: string }): Promise<void> {
    return this.call('writeBackup', [request]);
  }

  discardBackup(id: string): Promise<void> {
    return this.call('discardBackup', [id]);
  }

  setDocumentState(state: DocumentState): Promise<void> {
    return this.call('setDocumentState', [state]);
  }

  askToSave(name: string): Promise<SaveChoice> {
    return this.call('askToSave', [name]);
  }

  closeWindow(): Promise<void> {
    return this.call('closeWindow', []);
  }

  /** The browser has no native menu: commands come from the page's own menu. */
  onCommand(_listener: AppCommandListener): () => void {
    return () => undefined;
  }
}

let bridge: AppApi | undefined;

export function getHost(): AppApi {
  if (bridge) return bridge;
  if (window.convolab) {
    bridge = window.convolab;
  } else {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    bridge = new SocketBridge(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
  }
  return bridge;
}
