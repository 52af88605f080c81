/**
 * The preload: exposes exactly the typed HostApi, method by method, and nothing else — no
 * ipcRenderer, no raw channel names, no Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostApi, HostEvent, HostEventListener, RunRequest, ValueOptions } from '../../src-shared/protocol';

// Channel names are spelled out here: a sandboxed preload is one file and imports only electron.
const api: HostApi = {
  run: (request: RunRequest) => ipcRenderer.invoke('convolab:run', request),
  cancel: (runId: number) => ipcRenderer.invoke('convolab:cancel', runId),
  info: () => ipcRenderer.invoke('convolab:info'),
  getValue: (nodeId: string, port: string, options?: ValueOptions) =>
    ipcRenderer.invoke('convolab:getValue', nodeId, port, ...(options ? [options] : [])),
  onEvent: (listener: HostEventListener) => {
    const handler = (_event: IpcRendererEvent, hostEvent: HostEvent): void => listener(hostEvent);
    ipcRenderer.on('convolab:event', handler);
    return () => {
      ipcRenderer.removeListener('convolab:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('convolab', api);
