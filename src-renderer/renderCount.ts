/**
 * Counts renders by component name, for the e2e test that holds a param change to re-rendering
 * only what shows it (test/e2e/render-counts.spec.ts). It counts only in a page whose
 * `__convolabRenderCounts` a test set before the app loaded; elsewhere it is one property read.
 */
declare global {
  interface Window {
    __convolabRenderCounts?: Record<string, number>;
  }
}

export function countRender(name: string): void {
  const counts = typeof window === 'undefined' ? undefined : window.__convolabRenderCounts;
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
