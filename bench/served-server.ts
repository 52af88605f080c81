/**
 * Starts serve-child.ts (convolab serve's server and engine host in a process of their own) for
 * a browser bench, and asks it for the hop marks and frames it recorded.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SentFrame } from './page-trace';
import type { ServeChildAsk, ServeChildMessage, ServeChildOptions } from './serve-child';
import type { HopEntry } from './transport-hops';

export interface ServedServer {
  readonly port: number;
  /** The server's process (its main thread, the engine worker and band threads). */
  readonly pid: number;
  /** Every hop mark so far (kept in this process too, fetched as they grow). */
  hops(): Promise<HopEntry[]>;
  /** Every frame the server sent so far. */
  frames(): Promise<SentFrame[]>;
  close(): Promise<void>;
}

export async function startServedServer(options: ServeChildOptions): Promise<ServedServer> {
  // tsx's loader comes with this process's execArgv, so the child runs from source too.
  const child: ChildProcess = fork(fileURLToPath(new URL('./serve-child.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (entries: unknown[]) => void>();
  let nextId = 1;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench's server exited (${code}) before it listened`)));
    child.on('message', (message: ServeChildMessage) => {
      if (message.kind === 'ready') resolve(message.port);
      else {
        waiting.get(message.id)?.([...message.entries]);
        waiting.delete(message.id);
      }
    });
    child.send(options);
  });
  const ask = <T>(request: ServeChildAsk): Promise<T[]> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (entries: unknown[]) => void);
      child.send({ ...request, id });
    });
  const hopLog: HopEntry[] = [];
  const frames: SentFrame[] = [];
  return {
    port,
    pid: child.pid!,
    async hops() {
      hopLog.push(...(await ask<HopEntry>({ kind: 'hops', from: hopLog.length })));
      return hopLog;
    },
    async frames() {
      frames.push(...(await ask<SentFrame>({ kind: 'frames', from: frames.length })));
      return frames;
    },
    async close() {
      await ask({ kind: 'close' });
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}
