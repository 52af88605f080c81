/**
 * Atomic saves: the new bytes go to a temporary file in the same folder, are flushed to disk,
 * and only then renamed over the old file (rename is atomic within one file system). A crash
 * or kill at any moment leaves either the old file or the new one, never a torn mix.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Called after the temp file is flushed and before the rename (tests pause or die here). */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
  /** The new file's permission bits (default: the old file's, else 0o644). */
  readonly mode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await stat(path).then(
    (info) => info.mode & 0o777,
    () => 0o644,
  );
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, options.mode ?? mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await options.beforeRename?.(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the renames in `folder` durable, where the platform lets a folder be flushed. */
async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, constants.O_RDONLY).catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
}

/** Files a set holds open at once: past this, staged files are flushed and closed as they come (a graph with hundreds of sinks). */
const MAX_OPEN_STAGED = 64;

interface StagedFile {
  readonly path: string;
  readonly temp: string;
  /** Open until the commit flushes it (or until too many are open: then already flushed, and undefined). */
  fd: number | undefined;
}

/**
 * Several files saved as one, each as `writeFileAtomic` saves it, with fewer calls and fewer waits
 * on the disk: `stage` writes a file's bytes to a temporary file beside it at once, with
 * synchronous calls (in a worker thread they block nobody; a batch run's worker writes an input's
 * files this way, between computing one input and the next), and `commit` flushes every staged
 * file side by side (their flushes overlap, and the file system joins them into one journal
 * commit), renames them in the order they were staged, and flushes each folder once: every folder
 * but the last file's before that file's rename, the last file's folder after it. So when the last
 * file (`convolab run`'s run.json) is there after a crash, every file staged before it is whole.
 * A failure anywhere removes every temporary file not yet renamed; a kill leaves files under their
 * temporary names only, never a torn file under a result's name.
 */
export class AtomicFileSet {
  private staged: StagedFile[] = [];
  /** Staged files still open. */
  private open = 0;

  /** Writes `data` to a temporary file beside `path` (its folder must exist); nothing is renamed until `commit`. */
  stage(path: string, data: string | Uint8Array): void {
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const old = statSync(path, { throwIfNoEntry: false });
      const fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, old ? old.mode & 0o777 : 0o644);
      this.staged.push({ path, temp, fd });
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      this.open++;
      if (this.open > MAX_OPEN_STAGED) {
        for (const each of this.staged) {
          if (each.fd === undefined) continue;
          fsyncSync(each.fd);
          closeFile(each);
        }
        this.open = 0;
      }
    } catch (error) {
      throw new FileWriteError(path, error);
    }
  }

  /** Flushes, renames and makes durable every staged file (above); on failure nothing staged is left behind. */
  async commit(): Promise<void> {
    const files = this.staged;
    /** Files renamed so far: on a failure, the rest are removed. */
    let renamed = 0;
    try {
      // Every flush ends before any file is closed, even when one fails: no descriptor is closed under a flush.
      const flushed = await Promise.allSettled(files.map((file) => (file.fd === undefined ? undefined : fsyncFd(file.fd).catch((error: unknown) => Promise.reject(new FileWriteError(file.path, error))))));
      const failed = flushed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      for (const file of files) closeFile(file);
      this.open = 0;
      const last = files.at(-1);
      if (last === undefined) return;
      const lastFolder = dirname(last.path);
      for (; renamed < files.length - 1; renamed++) renameStaged(files[renamed]!);
      const others = new Set(files.slice(0, -1).map((file) => dirname(file.path)).filter((folder) => folder !== lastFolder));
      await Promise.all([...others].map(syncFolderOf));
      renameStaged(last);
      this.staged = [];
      await syncFolderOf(lastFolder);
    } catch (error) {
      this.staged = files.slice(renamed);
      this.discard();
      throw error;
    }
  }

  /** Removes every temporary file staged and not yet renamed. */
  discard(): void {
    for (const file of this.staged) {
      closeFile(file);
      rmSync(file.temp, { force: true });
    }
    this.staged = [];
    this.open = 0;
  }
}

function renameStaged(file: StagedFile): void {
  try {
    renameSync(file.temp, file.path);
  } catch (error) {
    throw new FileWriteError(file.path, error);
  }
}

/** A file of an AtomicFileSet that could not be written: one line naming it, and the system's code (`code`, which callers may print alone). */
export class FileWriteError extends Error {
  readonly code: string | undefined;

  constructor(path: string, error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    super(`cannot write ${path} (${code ?? (error instanceof Error ? error.message : String(error))})`, { cause: error });
    this.name = 'FileWriteError';
    this.code = code;
  }
}

function closeFile(file: StagedFile): void {
  if (file.fd === undefined) return;
  const { fd } = file;
  file.fd = undefined;
  try {
    closeSync(fd);
  } catch {
    // Already closed; nothing to keep.
  }
}

/** fsync on the thread pool: several at once overlap their waits on the disk. */
function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** As syncFolder, with one open, one flush and one close, where the platform lets a folder be flushed. */
function syncFolderOf(folder: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(folder, constants.O_RDONLY);
  } catch {
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    fsync(fd, () => {
      closeSync(fd);
      resolve();
    }),
  );
}
