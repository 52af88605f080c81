/**
 * Where the engine worker and the DSP band worker start from. From TypeScript source (tsx: the
 * CLI in development, the tests) each is a small bootstrap beside its source that registers tsx
 * first; a built entry (the built CLI, the end-to-end suite's server) names its bundled worker
 * files once, before it opens any host, and every host and band pool then starts from them.
 * The desktop app passes its bundle's own worker files to its host directly.
 */
export interface WorkerEntries {
  /** The engine worker (src-main/host/worker.ts, built). */
  readonly engine: URL | string;
  /** The DSP band worker (src-main/host/parallel/worker.ts, built). */
  readonly band: URL | string;
}

let built: WorkerEntries | undefined;

/** Makes every host and band pool opened from now on start its workers from these built files. */
export function useBuiltWorkers(entries: WorkerEntries): void {
  built = entries;
}

/** The engine worker's entry: the built file when one was named, else the tsx bootstrap. */
export function engineWorkerUrl(): URL | string {
  return built?.engine ?? new URL('./worker-source.mjs', import.meta.url);
}

/** The band worker's entry: the built file when one was named, else the tsx bootstrap. */
export function bandWorkerUrl(): URL | string {
  return built?.band ?? new URL('./parallel/worker-source.mjs', import.meta.url);
}
