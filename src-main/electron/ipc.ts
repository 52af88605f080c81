/**
 * The IPC side of the one typed API: each HostApi method is one prefixed channel, answered only
 * for our own page and only with arguments that pass the protocol's checks. Host events go to
 * the window on one event channel.
 */
import type { IpcMain, WebContents } from 'electron';
import {
  APP_METHODS,
  IPC_COMMAND_CHANNEL,
  IPC_EVENT_CHANNEL,
  checkCall,
  ipcChannel,
  isFileMethod,
  type AppCommand,
  type FileMethods,
  type HostApi,
} from '../../src-shared/protocol';
import { isTrustedSender } from './security';

/** Registers one channel per method of the engine host and of the files service. */
export function registerHostIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  host: HostApi,
  rendererUrl: string,
  files?: FileMethods,
): () => void {
  for (const method of APP_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, rendererUrl)) throw new Error(`${method}: refused: not sent by the Convolab window`);
      const checked = checkCall(method, args);
      if (!checked.ok) throw new Error(checked.error);
      const target: object | undefined = isFileMethod(checked.method) ? files : host;
      if (!target) throw new Error(`${method}: files are not available here`);
      const call = (target as Record<string, (...values: unknown[]) => Promise<unknown>>)[checked.method]!;
      return call.apply(target, checked.args);
    });
  }
  return () => {
    for (const method of APP_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}

/** Sends a menu or window command to the renderer (it asks about unsaved changes, then acts). */
export function sendCommand(contents: Pick<WebContents, 'send' | 'isDestroyed'>, command: AppCommand): void {
  if (!contents.isDestroyed()) contents.send(IPC_COMMAND_CHANNEL, command);
}

export function forwardHostEvents(host: HostApi, contents: WebContents): () => void {
  return host.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
}
