/**
 * Reading a file a graph names, bounded: only a regular file (not a device such as /dev/zero,
 * which never ends, nor a pipe or /dev/stdin, which can wait forever), and only when its size is
 * within the memory budget, checked on the opened file before a byte is read.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { formatBytes } from '../../src-shared/engine/engine';

export class FileReadRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadRefused';
  }
}

/**
 * Reads the regular file at `path` if it holds at most `maxBytes`; refuses anything else with a
 * `FileReadRefused` whose message says why and what to do. What is checked is the file that was
 * opened (fstat), so swapping the path between a check and the read changes nothing.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const notRegular = 'not a regular file (a device, pipe or socket): name a file on disk';
  // Non-blocking, so that opening a FIFO with no writer returns at once instead of waiting.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((error: NodeJS.ErrnoException) => {
    // A socket (e.g. /dev/stdin of a process started with pipes) cannot be opened at all.
    throw error.code === 'ENXIO' ? new FileReadRefused(notRegular) : error;
  });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
    if (!info.isFile()) throw new FileReadRefused(notRegular);
    if (info.size > maxBytes) throw new FileReadRefused(`it is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} memory limit: use a smaller file`);
    return await readUpTo(handle, info.size);
  } finally {
    await handle.close();
  }
}

/**
 * At most `size` bytes of an opened file, from its start: the size looked at when it was checked,
 * so a file that grows while it is read cannot push past the limit it was checked against.
 */
export async function readUpTo(handle: FileHandle, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === bytes.length ? bytes : bytes.subarray(0, filled);
}
