/**
 * `convolab serve`'s sessions: each page gets its own engine (its runs, cancellation, events and
 * memo) and its own files service over the served folder, whose document folder is where that
 * engine's relative params resolve. The CLI and the end-to-end suite's server open them alike.
 */
import { ServedFiles } from '../files/service';
import { EngineHost } from '../host/host';
import { machineMemory } from '../host/memory-limit';
import type { ServeSession } from './server';

export interface ServedSessionOptions {
  /** The served folder. */
  readonly folder: string;
  /** Where recent files and backups of unsaved work go. */
  readonly stateDir: string;
  /** The version the host reports to the page. */
  readonly version: string;
  /** Each page's engine's memory budget in bytes (serve --memory); the engine's default without it. */
  readonly memoryLimit?: number;
  /** The machine's memory, the most a refusal may suggest (default: machineMemory()). */
  readonly machine?: number;
  /** Called with each new session's engine host (the end-to-end suite arms a fault on it). */
  readonly onHost?: (host: EngineHost) => void;
}

/** Opens one page's session each time it is called; the sessions share which backups are claimed. */
export function servedSessions(options: ServedSessionOptions): () => ServeSession {
  const { folder, stateDir, version } = options;
  const claimedBackups = new Set<string>();
  const machine = options.machine ?? machineMemory();
  return () => {
    // A graph opened in the browser may come from anyone: its path params read only the served folder.
    const host = new EngineHost({
      baseDir: folder,
      mode: 'browser',
      version,
      confineFilesTo: folder,
      warmBands: true,
      ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
      // A refusal names the server's --memory: only whoever started it can raise its budget.
      moreMemory: { way: 'server', machine },
    });
    const files = new ServedFiles({ folder, stateDir, claimedBackups, onDocumentFolder: (dir) => host.setBaseDir(dir ?? folder) });
    options.onHost?.(host);
    return {
      host,
      files,
      close: async () => {
        await files.flush();
        files.dispose();
        await host.dispose();
      },
    };
  };
}
