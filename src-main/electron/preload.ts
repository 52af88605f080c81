/**
 * The preload: exposes exactly the typed AppApi (the engine host's methods and the files
 * methods), method by method, and nothing else — no ipcRenderer, no raw channel names, no Node.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type {
  AppApi,
  AppCommand,
  AppCommandListener,
  CallReply,
  CompareOptions,
  DocumentState,
  HostEvent,
  HostEventListener,
  PortRef,
  ProbeArgs,
  ProfileRequest,
  ResponseOptions,
  RunRequest,
  ValueOptions,
} from '../../src-shared/protocol';

/**
 * Every channel answers a CallReply (ipc.ts): a refusal becomes this promise's error word for
 * word, as it does over serve's socket, instead of the text Electron wraps thrown errors in.
 */
async function invoke(channel: string, ...args: unknown[]): Promise<never> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as CallReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as never;
}

// Channel names are spelled out here: a sandboxed preload is one file and imports only electron.
// test/main/electron/preload.test.ts checks these lines against the protocol's method table.
const api: AppApi = {
  run: (request: RunRequest) => invoke('convolab:run', request),
  cancel: (runId: number) => invoke('convolab:cancel', runId),
  info: () => invoke('convolab:info'),
  getValue: (nodeId: string, port: string, options?: ValueOptions) =>
    invoke('convolab:getValue', nodeId, port, ...(options ? [options] : [])),
  // Teaching views
  compareValues: (a: PortRef, b: PortRef, options?: CompareOptions) =>
    invoke('convolab:compareValues', a, b, ...(options ? [options] : [])),
  frequencyResponse: (ref: PortRef, options?: ResponseOptions) =>
    invoke('convolab:frequencyResponse', ref, ...(options ? [options] : [])),
  probeNode: (nodeId: string, probe: string, args?: ProbeArgs) =>
    invoke('convolab:probeNode', nodeId, probe, ...(args ? [args] : [])),
  profile: (request: ProfileRequest) => invoke('convolab:profile', request),
  cancelProfile: (profileId: number) => invoke('convolab:cancelProfile', profileId),
  onEvent: (listener: HostEventListener) => {
    // One event, or several the host emitted together (ipc.ts, forwardHostEvents), in order.
    const handler = (_event: IpcRendererEvent, sent: HostEvent | readonly HostEvent[]): void => {
      if (Array.isArray(sent)) for (const hostEvent of sent as readonly HostEvent[]) listener(hostEvent);
      else listener(sent as HostEvent);
    };
    ipcRenderer.on('convolab:event', handler);
    return () => {
      ipcRenderer.removeListener('convolab:event', handler);
    };
  },

  // Documents and files.
  openDocument: (request: { path?: string }) => invoke('convolab:openDocument', request),
  saveDocument: (request: { text: string; path?: string; suggestedName?: string }) => invoke('convolab:saveDocument', request),
  exportFile: (request: { suggestedName: string; data: Uint8Array }) => invoke('convolab:exportFile', request),
  listFolder: (path: string) => invoke('convolab:listFolder', path),
  uploadFile: (request: { path: string; data: Uint8Array; replace?: boolean }) => invoke('convolab:uploadFile', request),
  recentDocuments: () => invoke('convolab:recentDocuments'),
  clearRecent: () => invoke('convolab:clearRecent'),
  startup: (sessionId: string) => invoke('convolab:startup', sessionId),
  writeBackup: (request: { id: string; text: string; path?: string }) => invoke('convolab:writeBackup', request),
  discardBackup: (id: string) => invoke('convolab:discardBackup', id),
  setDocumentState: (state: DocumentState) => invoke('convolab:setDocumentState', state),
  libraryBlocks: () => invoke('convolab:libraryBlocks'),
  saveLibraryBlock: (request: { name: string; text: string; replace?: boolean }) => invoke('convolab:saveLibraryBlock', request),
  askToSave: (name: string) => invoke('convolab:askToSave', name),
  closeWindow: () => invoke('convolab:closeWindow'),
  onCommand: (listener: AppCommandListener) => {
    const handler = (_event: IpcRendererEvent, command: AppCommand): void => listener(command);
    ipcRenderer.on('convolab:command', handler);
    return () => {
      ipcRenderer.removeListener('convolab:command', handler);
    };
  },
  // A dropped file's path, so that Save goes back to it (the page itself sees only its bytes).
  pathForFile: (file: unknown) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
};

contextBridge.exposeInMainWorld('convolab', api);
