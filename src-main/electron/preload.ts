/**
 * The preload: exposes exactly the typed AppApi (the engine host's methods and the files
 * methods), method by method, and nothing else — no ipcRenderer, no raw channel names, no Node.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type {
  AppApi,
  AppCommand,
  AppCommandListener,
  CompareOptions,
  DocumentState,
  HostEvent,
  HostEventListener,
  PortRef,
  ProfileRequest,
  ResponseOptions,
  RunRequest,
  ValueOptions,
} from '../../src-shared/protocol';

// Channel names are spelled out here: a sandboxed preload is one file and imports only electron.
const api: AppApi = {
  run: (request: RunRequest) => ipcRenderer.invoke('convolab:run', request),
  cancel: (runId: number) => ipcRenderer.invoke('convolab:cancel', runId),
  info: () => ipcRenderer.invoke('convolab:info'),
  getValue: (nodeId: string, port: string, options?: ValueOptions) =>
    ipcRenderer.invoke('convolab:getValue', nodeId, port, ...(options ? [options] : [])),
  // Teaching views
  compareValues: (a: PortRef, b: PortRef, options?: CompareOptions) =>
    ipcRenderer.invoke('convolab:compareValues', a, b, ...(options ? [options] : [])),
  frequencyResponse: (ref: PortRef, options?: ResponseOptions) =>
    ipcRenderer.invoke('convolab:frequencyResponse', ref, ...(options ? [options] : [])),
  profile: (request: ProfileRequest) => ipcRenderer.invoke('convolab:profile', request),
  cancelProfile: (profileId: number) => ipcRenderer.invoke('convolab:cancelProfile', profileId),
  onEvent: (listener: HostEventListener) => {
    const handler = (_event: IpcRendererEvent, hostEvent: HostEvent): void => listener(hostEvent);
    ipcRenderer.on('convolab:event', handler);
    return () => {
      ipcRenderer.removeListener('convolab:event', handler);
    };
  },

  // Documents and files.
  openDocument: (request: { path?: string }) => ipcRenderer.invoke('convolab:openDocument', request),
  saveDocument: (request: { text: string; path?: string; suggestedName?: string }) => ipcRenderer.invoke('convolab:saveDocument', request),
  exportFile: (request: { suggestedName: string; data: string }) => ipcRenderer.invoke('convolab:exportFile', request),
  listFolder: (path: string) => ipcRenderer.invoke('convolab:listFolder', path),
  uploadFile: (request: { path: string; data: string; replace?: boolean }) => ipcRenderer.invoke('convolab:uploadFile', request),
  recentDocuments: () => ipcRenderer.invoke('convolab:recentDocuments'),
  clearRecent: () => ipcRenderer.invoke('convolab:clearRecent'),
  startup: (sessionId: string) => ipcRenderer.invoke('convolab:startup', sessionId),
  writeBackup: (request: { id: string; text: string; path?: string }) => ipcRenderer.invoke('convolab:writeBackup', request),
  discardBackup: (id: string) => ipcRenderer.invoke('convolab:discardBackup', id),
  setDocumentState: (state: DocumentState) => ipcRenderer.invoke('convolab:setDocumentState', state),
  askToSave: (name: string) => ipcRenderer.invoke('convolab:askToSave', name),
  closeWindow: () => ipcRenderer.invoke('convolab:closeWindow'),
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
