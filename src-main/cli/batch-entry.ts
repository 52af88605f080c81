/**
 * Where a batch run's workers start from: the tsx bootstrap beside the source, or, in the built
 * CLI, the bundled out/cli/batch-worker.mjs that built-workers.ts names before any run.
 */
let built: URL | string | undefined;

/** Makes every batch pool opened from now on start its workers from this built file. */
export function useBuiltBatchWorker(entry: URL | string): void {
  built = entry;
}

export function batchWorkerUrl(): URL | string {
  return built ?? new URL('./batch-worker-source.mjs', import.meta.url);
}
