/**
 * Atomic saves: the new bytes go to a temporary file in the same folder, are flushed to disk,
 * and only then renamed over the old file (rename is atomic within one file system). A crash
 * or kill at any moment leaves either the old file or the new one, never a torn mix.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Called after the temp file is flushed and before the rename (tests pause or die here). */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
  /** The new file's permission bits (default: the old file's, else 0o644). */
  readonly mode?: number;
  /**
   * Flush the folder after the rename (default true). A caller writing several files into one
   * folder passes false for all but the last, whose folder flush makes every rename before it
   * durable too: one folder flush instead of one per file (`convolab run` writes ~10 per input).
   */
  readonly syncFolder?: boolean;
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
  if (options.syncFolder !== false) await syncFolder(folder);
}

/** Makes the renames in `folder` durable, where the platform lets a folder be flushed. */
async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, constants.O_RDONLY).catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
}
