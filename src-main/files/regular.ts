/**
 * Reading a file a graph names, bounded: only a regular file (not a device such as /dev/zero,
 * which never ends, nor a pipe or /dev/stdin, which can wait forever), and only when its size is
 * within the memory budget, checked on the opened file before a byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { formatBytes } from '../../src-shared/engine/engine';

export class FileReadRefused extends Error {
  /** `needed`: for a file over the limit, its size (what a larger limit would have to hold). */
  constructor(message: string, readonly needed?: number) {
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
  const handle = await open(path, OPEN_FLAGS).catch((error: unknown) => {
    throw refusedOpen(error);
  });
  try {
    const info = await handle.stat();
    checkOpened(path, info, maxBytes);
    return await readUpTo(handle, info.size);
  } finally {
    await handle.close();
  }
}

/**
 * `readRegularFile` with synchronous calls, for a worker thread (a batch run's), where a blocking
 * call blocks nobody: four system calls for a small file, none of them through the thread pool.
 */
export function readRegularFileSync(path: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw refusedOpen(error);
  }
  try {
    const info = fstatSync(fd);
    checkOpened(path, info, maxBytes);
    const bytes = new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

const NOT_REGULAR = 'not a regular file (a device, pipe or socket): name a file on disk';
/** Non-blocking, so that opening a FIFO with no writer returns at once instead of waiting. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A socket (e.g. /dev/stdin of a process started with pipes) cannot be opened at all. */
function refusedOpen(error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === 'ENXIO' ? new FileReadRefused(NOT_REGULAR) : error;
}

/** Refuses what was opened unless it is a regular file within the budget. */
function checkOpened(path: string, info: Stats, maxBytes: number): void {
  if (info.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
  if (!info.isFile()) throw new FileReadRefused(NOT_REGULAR);
  if (info.size > maxBytes) throw new FileReadRefused(`it is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} memory limit: use a smaller file`, info.size);
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
