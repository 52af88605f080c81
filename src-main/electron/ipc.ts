/**
 * The IPC side of the one typed API: each AppApi method is one prefixed channel, answered only
 * for our own page and only with arguments that pass the protocol's checks. Every channel answers
 * a CallReply (never a thrown error, which Electron would wrap in text of its own), so a refusal
 * reads the same in the app as under serve. Host events go to the window on one event channel.
 * Electron's IPC is structured clone: previews' and values' typed arrays cross as they are, and
 * the files methods take a file's bytes as a Uint8Array (checked by the table like any argument).
 */
import type { IpcMain, WebContents } from 'electron';
import {
  APP_METHODS,
  IPC_COMMAND_CHANNEL,
  IPC_EVENT_CHANNEL,
  dispatchCall,
  ipcChannel,
  type AppCommand,
  type CallReply,
  type FileMethods,
  type HostApi,
  type HostEvent,
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
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]): Promise<CallReply> => {
      if (!isTrustedSender(event, rendererUrl)) return { ok: false, error: `${method}: refused: not sent by the Convolab window` };
      return dispatchCall(method, args, () => ({ host, files }));
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

/**
 * Sends the host's events to the window: the events the host emits in one go (what the engine
 * worker sent as one message) as one IPC message, an array in order; a lone event as itself.
 */
export function forwardHostEvents(host: HostApi, contents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  let queued: HostEvent[] = [];
  const sendQueued = (): void => {
    const events = queued;
    queued = [];
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, events.length === 1 ? events[0] : events);
  };
  return host.onEvent((event) => {
    if (queued.push(event) === 1) queueMicrotask(sendQueued);
  });
}
