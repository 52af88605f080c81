/**
 * Global setup of every unit-test project (vitest.config.ts): bundles the engine, DSP band and
 * batch workers from source once per test run, with the development path's own bundler
 * (src-main/host/source-bundle.mjs, what worker-source.mjs runs on each start), and tells the test
 * files where the bundles are (`inject('sourceWorkers')`; test/source-workers.ts starts every
 * host and pool from them).
 *
 * Why: a worker started from source runs that bundler in a child process on every start, about
 * 1.4 s of CPU each — per engine host, per band thread, per batch worker — to make the same file
 * again: test/main/host.test.ts alone started 25. The bundles are the same code those starts
 * would run; test/main/source-bundle.test.ts and a host started from its worker-source.mjs in
 * test/main/host.test.ts keep the per-start path tested.
 */
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleSource } from '../src-main/host/source-bundle.mjs';

export interface SourceWorkers {
  /** file: URLs of the bundles of src-main/host/worker.ts, src-main/host/parallel/worker.ts and src-main/cli/batch-worker.ts. */
  engine: string;
  band: string;
  batch: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sourceWorkers: SourceWorkers;
  }
}

const ENTRIES = {
  engine: '../src-main/host/worker.ts',
  band: '../src-main/host/parallel/worker.ts',
  batch: '../src-main/cli/batch-worker.ts',
} as const;

// Each project runs its global setup, each with a fresh copy of this module: the bundling is
// kept on the process so that one test run bundles once for all of them.
const cache = globalThis as typeof globalThis & { convolabSourceWorkers?: Promise<SourceWorkers> };

async function bundleAll(): Promise<SourceWorkers> {
  // One after another: each bundleSource stops esbuild's service when it is done.
  const url = async (entry: string) => pathToFileURL(await bundleSource(new URL(entry, import.meta.url))).href;
  return { engine: await url(ENTRIES.engine), band: await url(ENTRIES.band), batch: await url(ENTRIES.batch) };
}

export async function setup(project: TestProject): Promise<void> {
  cache.convolabSourceWorkers ??= bundleAll();
  project.provide('sourceWorkers', await cache.convolabSourceWorkers);
}
