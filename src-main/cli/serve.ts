import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeStaleTempFiles, type StaleTempOptions } from '../files/backups';
import { stateFolders } from '../files/service';
import { startWebServer } from '../web/server';
import { servedSessions } from '../web/sessions';
import { UsageError, version, type CliIo } from './main';
import { machineMemory, memoryOfFlagOrEnvironment, parseMemory } from './memory';

export interface ServeArguments {
  readonly dir: string;
  readonly port: number;
  readonly hostname: string;
  readonly open: boolean;
  /** --memory, else CONVOLAB_MEMORY: each page's engine's budget in bytes; the engine's default without either. */
  readonly memory?: number;
}

export function parseServeArguments(args: readonly string[], cwd: string, machine = machineMemory(), env: NodeJS.ProcessEnv = process.env): ServeArguments {
  let dir: string | undefined;
  let port = 5178;
  let hostname = '127.0.0.1';
  let open = false;
  let memory: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') {
      const text = value();
      port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: must be a whole number 0..65535 (got ${text})`);
    } else if (arg === '--host') hostname = value();
    else if (arg === '--open') open = true;
    else if (arg === '--memory') memory = parseMemory(args[++i], machine);
    else if (arg.startsWith('-')) throw new UsageError(`serve: unknown option ${arg}: try convolab --help`);
    else if (dir === undefined) dir = arg;
    else throw new UsageError(`serve: one folder only (got ${dir} and ${arg})`);
  }
  const folder = resolve(cwd, dir ?? '.');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`serve: ${folder} is not a folder`);
  memory = memoryOfFlagOrEnvironment(memory, env, machine);
  return { dir: folder, port, hostname, open, ...(memory !== undefined ? { memory } : {}) };
}

/**
 * Where `serve` keeps its recent list, backups of unsaved work and first-start mark:
 * $CONVOLAB_STATE_DIR, else the XDG state folder ($XDG_STATE_HOME or ~/.local/state).
 */
export function serveStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONVOLAB_STATE_DIR) return resolve(env.CONVOLAB_STATE_DIR);
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'convolab');
}

/**
 * Removes what saves killed mid-write left where `serve` writes: the served folder, the backups
 * and the block library (a block saved to the library is written atomically too).
 */
export function removeServeTempFiles(dir: string, stateDir: string, options: StaleTempOptions = {}): Promise<string[]> {
  return removeStaleTempFiles([dir, ...stateFolders(stateDir)], options);
}

/**
 * The page `--open` hands the browser: it goes on to the link. The link is not given on the
 * command line, where every user of the machine can read it (ps, /proc/PID/cmdline) while the
 * browser runs, and its token is all that keeps another local user out of the served folder
 * (127.0.0.1 is everyone's). The page is a file in a folder only this user may read.
 */
export function redirectPage(url: string): string {
  const shown = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="refresh" content="0;url=${shown}" />
<title>Opening Convolab</title>
</head>
<body>
<p>Opening Convolab&hellip; if nothing happens, <a href="${shown}">open the editor</a>.</p>
</body>
</html>
`;
}

/**
 * Opens `url` in the system's browser through `redirectPage`, written to a new private folder
 * (mode 0700, the page 0600). Returns what removes that folder (when serve stops).
 */
export function openBrowser(url: string, run: typeof spawn = spawn, platform: NodeJS.Platform = process.platform): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'convolab-open-'));
  const page = join(folder, 'open.html');
  writeFileSync(page, redirectPage(url), { mode: 0o600 });
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = platform === 'win32' ? ['/c', 'start', '', page] : [page];
  run(command, args, { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  return () => rmSync(folder, { recursive: true, force: true });
}

/** `convolab serve [DIR] [--port N] [--host H] [--open] [--memory SIZE]`: runs until interrupted. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseServeArguments(args, io.cwd);
  const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new UsageError('serve: the editor is not built yet: run npm run build (npm run serve does it for you)');
  }
  const stateDir = serveStateDir();
  await removeServeTempFiles(options.dir, stateDir);
  const openSession = servedSessions({ folder: options.dir, stateDir, version: version(), ...(options.memory !== undefined ? { memoryLimit: options.memory } : {}) });
  const server = await startWebServer({ rendererDir, openSession, port: options.port, hostname: options.hostname }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`serve: port ${options.port} is in use: pick another with --port N`);
    throw error;
  });
  if (options.hostname !== '127.0.0.1' && options.hostname !== 'localhost' && options.hostname !== '::1') {
    io.stderr(`convolab: warning: serving on ${options.hostname}: anyone who can reach it and has the link can run graphs\n`);
  }
  io.stdout(`Convolab is serving ${options.dir}\nOpen ${server.url}\n`);
  const removeRedirect = options.open ? openBrowser(server.url) : undefined;
  await new Promise<void>((resolvePromise) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      removeRedirect?.();
      void server.close().then(resolvePromise);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
