/**
 * One param change timed inside the page, for the browser benches (preview-latency.ts,
 * canvas-scale.ts): sets a number field's text and dispatches the input event React listens to,
 * then, in the next task as a user's key press comes, Enter (a typed number applies on Enter,
 * params/NumberField.tsx; a slider on its input event, timed from there), and waits for the watched
 * element to change in the DOM and for the frame that paints it (the task posted from the next
 * animation frame runs after that frame is painted). Times are the page's performance.now().
 */
import type { Page } from '@playwright/test';

export interface PaintTiming {
  /** Enter dispatched (a slider: its input event). */
  readonly start: number;
  /** The watched element changed. */
  readonly dom: number;
  /** The frame showing the change was painted. */
  readonly painted: number;
}

export async function timeEnterToPaint(page: Page, field: string, value: string, watched: string): Promise<PaintTiming> {
  return page.evaluate(
    ({ field, value, watched }) =>
      new Promise<PaintTiming>((resolve, reject) => {
        const input = document.querySelector<HTMLInputElement>(field);
        const target = document.querySelector(watched);
        if (!input || !target) return reject(new Error(`missing ${input ? watched : field}`));
        const timeout = setTimeout(() => reject(new Error(`no repaint of ${watched} within 60 s`)), 60_000);
        const observer = new MutationObserver(() => {
          observer.disconnect();
          const dom = performance.now();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              clearTimeout(timeout);
              resolve({ start, dom, painted: performance.now() });
            };
            channel.port2.postMessage(null);
          });
        });
        let start = 0;
        const watch = (): void => {
          observer.observe(target, { subtree: true, attributes: true, childList: true, characterData: true });
          start = performance.now();
        };
        const type = (): void => {
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          setValue.call(input, value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        const enter = (): void => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        // A slider commits on its input event; a typed number on Enter, which a user presses in a
        // task of its own, after the typed text has been drawn.
        if (input.type === 'range') {
          watch();
          type();
          enter();
        } else {
          type();
          setTimeout(() => {
            watch();
            enter();
          }, 0);
        }
      }),
    { field, value, watched },
  );
}

/** One thing `recordSocket` saw: `run` (request sent), `frame` (with `bytes`), `event`, `done:<node id>`, `runEnd`, `handled` (with `ms`). */
export interface SocketEntry {
  readonly at: number;
  readonly what: string;
  readonly ms?: number;
  readonly bytes?: number;
}

/** What `recordSocket` saw from `since` on. */
export async function socketEntriesSince(page: Page, since: number): Promise<SocketEntry[]> {
  return page.evaluate((since) => (window as unknown as { __socketLog: SocketEntry[] }).__socketLog.filter((entry) => entry.at >= since), since);
}

/**
 * Records, in the page, when the run request leaves over the WebSocket and when each host event
 * arrives, so a change's time can be split into: input → request sent, sent → the sink's report
 * arrives, arrival → preview in the DOM, DOM → painted.
 */
export function recordSocket(): void {
  const log: SocketEntry[] = [];
  (window as unknown as { __socketLog: typeof log }).__socketLog = log;
  // Each message is one binary frame (src-shared/protocol-codec.ts): its JSON text, which names the
  // method or the event, follows an 8-byte header ("CVL1", the text's byte length).
  const decoder = new TextDecoder();
  const jsonOf = (data: unknown): string | undefined => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
    if (!bytes || bytes.length < 8) return undefined;
    const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
    return decoder.decode(bytes.subarray(8, 8 + length));
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (jsonOf(data)?.includes('"method":"run"')) log.push({ at: performance.now(), what: 'run' });
    return send.call(this, data);
  };
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (this: WebSocket, type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
    if (type !== 'message') return add.call(this, type, listener, options);
    const wrapped = (event: Event): void => {
      const at = performance.now();
      const data = (event as MessageEvent).data as unknown;
      // Every frame, by its bytes: page-trace.ts matches it to the frame the server sent.
      if (data instanceof ArrayBuffer) log.push({ at, what: 'frame', bytes: data.byteLength });
      const text = jsonOf(data);
      if (text !== undefined) {
        // One frame of host events: one event, or several sent together ("t":"events").
        if (text.includes('"t":"event"') || text.includes('"t":"events"')) log.push({ at, what: 'event' });
        // Each node a nodesDone event reports (cached ones ride along with the fresh).
        if (text.includes('"kind":"nodesDone"')) for (const done of text.matchAll(/"report":\{"id":"([^"]+)"/g)) log.push({ at, what: `done:${done[1]}` });
        if (text.includes('"kind":"runEnd"')) log.push({ at, what: 'runEnd' });
      }
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
      // What the message cost the page's main thread: the listener, and the store change and
      // React render it queued as microtasks (they run before this one).
      queueMicrotask(() => log.push({ at, what: 'handled', ms: performance.now() - at }));
    };
    return add.call(this, type, wrapped, options);
  };
}
