// Starts the end-to-end suite's server (serve-for-tests.ts, same arguments and environment) from
// an esbuild bundle of it rather than through tsx: the suite starts a server for the run and one
// for each test that must kill or restart one, and loading the server's few hundred TypeScript
// modules through tsx's loader took seconds of each start on a busy 2-core machine. The bundle is
// made by src-main/host/source-bundle.mjs (as the engine worker started from source is), named by
// its content, so starts after the first reuse it.
import { importSource } from '../../src-main/host/source-bundle.mjs';

await importSource(new URL('./serve-for-tests.ts', import.meta.url));
