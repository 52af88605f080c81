/**
 * Starts `convolab serve`'s server for the end-to-end suite with the fixed test token, serving
 * a scratch folder, exactly as the CLI would (same web server, same engine host and worker).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineHost, sourceWorkerUrl } from '../../src-main/host/host';
import { startWebServer } from '../../src-main/web/server';
import { E2E_TOKEN } from './fixtures';

const port = Number(process.argv[2] ?? 5179);
const folder = mkdtempSync(join(tmpdir(), 'convolab-e2e-'));
const host = new EngineHost({ workerUrl: sourceWorkerUrl(), baseDir: folder, mode: 'browser', version: 'test' });
const server = await startWebServer({
  rendererDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)),
  host,
  port,
  token: E2E_TOKEN,
});
process.stdout.write(`serving ${folder} at ${server.url}\n`);
const stop = (): void => {
  void server.close().then(() => host.dispose()).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
