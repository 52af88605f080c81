// `convolab serve`'s host side, as the CLI starts it (web server, engine host, files service over
// a folder), for a test that kills it: prints "ready PORT" and serves until killed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServedFiles } from '../../../src-main/files/service';
import { EngineHost } from '../../../src-main/host/host';
import { startWebServer } from '../../../src-main/web/server';

const [folder, stateDir] = process.argv.slice(2);
const rendererDir = mkdtempSync(join(tmpdir(), 'convolab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Convolab</title>');
const host = new EngineHost({ baseDir: folder, mode: 'browser', version: 'test' });
const files = new ServedFiles({ folder: folder, stateDir: stateDir, onDocumentFolder: (dir) => host.setBaseDir(dir ?? folder) });
const server = await startWebServer({ rendererDir, host, files, port: 0, token: 'kill-test' });
process.stdout.write(`ready ${server.port}\n`);
