/**
 * What the end-to-end suite's server (serve-for-tests.ts) and its specs agree on. No Playwright
 * here: the server is bundled from this file and its own (serve-for-tests.mjs), and Playwright's
 * test module has no business in a server.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The token the test server is started with (a real start makes a random one). */
export const E2E_TOKEN = 'e2e-token';

/**
 * The port of this worker's server: each Playwright worker has a server (and a served folder) of
 * its own, on the base port (CONVOLAB_E2E_PORT, else 5179) plus the worker's parallel index, as
 * playwright.config.ts starts them.
 */
export const E2E_PORT = Number(process.env.CONVOLAB_E2E_PORT ?? 5179) + Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/** The folder the suite's server on `port` serves (serve-for-tests.ts makes it afresh). */
export function servedFolder(port = E2E_PORT): string {
  return join(tmpdir(), `convolab-e2e-${port}`);
}

