/**
 * The IPC side of the one typed API: each HostApi method is one prefixed channel, answered only
 * for our own page and only with arguments that pass the protocol's checks. Host events go to
 * the window on one event channel.
 */
import type { IpcMain, WebContents } from 'electron';
import { HOST_METHODS, IPC_EVENT_CHANNEL, checkCall, ipcChannel, type HostApi } from '../../src-shared/protocol';
import { isTrustedSender } from './security';

export function registerHostIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, host: HostApi, rendererUrl: string): () => void {
  for (const method of HOST_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, rendererUrl)) throw new Error(`${method}: refused: not sent by the Convolab window`);
      const checked = checkCall(method, args);
      if (!checked.ok) throw new Error(checked.error);
      const call = host[checked.method] as (...values: unknown[]) => Promise<unknown>;
      return call.apply(host, checked.args);
    });
  }
  return () => {
    for (const method of HOST_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}

export function forwardHostEvents(host: HostApi, contents: WebContents): () => void {
  return host.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
}
