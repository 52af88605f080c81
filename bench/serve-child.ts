/**
 * `convolab serve`'s server and engine host in a process of their own for the browser benches
 * (served-server.ts starts it), as a user runs it: Playwright's driver, which handles a CDP event
 * for every WebSocket frame the page sends or receives, then runs in the bench's process and not
 * on the server's main thread. With `hops` and `frames` it marks the hops and records the frames
 * (transport-hops.ts, page-trace.ts) and hands them over on request.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineHost } from '../src-main/host/host';
import { startWebServer } from '../src-main/web/server';
import { recordFrames, type SentFrame } from './page-trace';
import { traceHops, type HopEntry } from './transport-hops';

export interface ServeChildOptions {
  readonly rendererDir: string;
  readonly port: number;
  readonly hops: boolean;
  readonly frames: boolean;
}

/** What the bench asks: the marks and frames from an index on, or to close. */
export type ServeChildAsk = { readonly kind: 'hops' | 'frames'; readonly from: number } | { readonly kind: 'close' };
export type ServeChildRequest = ServeChildAsk & { readonly id: number };
export type ServeChildMessage =
  | { readonly kind: 'ready'; readonly port: number }
  | { readonly kind: 'answer'; readonly id: number; readonly entries: readonly HopEntry[] | readonly SentFrame[] };

const send = (message: ServeChildMessage): void => void process.send?.(message);

if (process.send) {
  process.once('message', (start: ServeChildOptions) => {
    void (async () => {
      const folder = mkdtempSync(join(tmpdir(), 'convolab-bench-'));
      const host = new EngineHost({ baseDir: folder, mode: 'browser', version: 'bench' });
      const hopLog = start.hops ? traceHops(host) : [];
      const frames = start.frames ? recordFrames() : [];
      const server = await startWebServer({ rendererDir: start.rendererDir, host, port: start.port, token: 'bench' });
      process.on('message', (request: ServeChildRequest) => {
        if (request.kind === 'close') {
          void Promise.all([server.close(), host.dispose()]).finally(() => {
            send({ kind: 'answer', id: request.id, entries: [] });
            process.disconnect();
          });
          return;
        }
        send({ kind: 'answer', id: request.id, entries: (request.kind === 'hops' ? hopLog : frames).slice(request.from) as HopEntry[] | SentFrame[] });
      });
      send({ kind: 'ready', port: server.port });
    })();
  });
}
