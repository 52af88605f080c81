/**
 * Serves out/web/ (built by `npm run build:web`) for the suite: a plain static server on
 * CONVOLAB_E2E_WEB_PORT (5192), and beside it on the next port its parent folder (the build then
 * lives at /web/, as on a host that serves it below its root) with the headers of a cross-origin
 * isolated page. Playwright calls the returned function when the suite ends.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from './static-server';

export const WEB_PORT = Number(process.env.CONVOLAB_E2E_WEB_PORT ?? 5192);

export default async function globalSetup(): Promise<() => Promise<void>> {
  const folder = join(import.meta.dirname, '../../out/web');
  if (!existsSync(join(folder, 'index.html'))) throw new Error('out/web/index.html is missing: run `npm run build:web` first');
  const servers = [await startStaticServer(folder, WEB_PORT), await startStaticServer(join(folder, '..'), WEB_PORT + 1, { isolated: true })];
  return async () => {
    for (const server of servers) await new Promise((done) => server.close(done));
  };
}
