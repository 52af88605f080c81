/**
 * One param change timed inside the page, for the browser benches (preview-latency.ts,
 * canvas-scale.ts): sets a number field's text and dispatches the input event React listens to,
 * then Enter (a typed number applies on Enter, params/NumberField.tsx), and waits for the watched
 * element to change in the DOM and for the frame that paints it (the task posted from the next
 * animation frame runs after that frame is painted). Times are the page's performance.now().
 */
import type { Page } from '@playwright/test';

export interface PaintTiming {
  /** Enter dispatched. */
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
        observer.observe(target, { subtree: true, attributes: true, childList: true, characterData: true });
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const start = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }),
    { field, value, watched },
  );
}
