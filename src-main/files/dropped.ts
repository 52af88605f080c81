/**
 * A graph file dropped on the desktop window. The renderer names it by its path (Electron's
 * webUtils gives the preload the dropped file's path), and a path from the renderer is never
 * trusted by itself: a hostile page could name any file. So main opens it only when the path
 * itself says what it is — a Convolab graph, NAME.convolab.json — and it is a regular file, not
 * a link to something else, nor a device or a pipe. Such a file may then be written back, and
 * only with graph text (the IPC checks what a save carries): a page can at worst edit a graph
 * file, the app's own kind of document, never a shell profile, a key or another app's settings.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { readUpTo } from './regular';

export const DROPPED_GRAPH_ENDING = '.convolab.json';

/** The dropped file's bytes, or a one-line error that says why it was refused and what to do. */
export async function readDroppedGraph(path: string, maxBytes: number): Promise<Uint8Array> {
  const name = basename(path.replace(/\\/g, '/'));
  if (!name.toLowerCase().endsWith(DROPPED_GRAPH_ENDING)) {
    throw new Error(`${name}: a file opens by its path only when it is a Convolab graph named NAME${DROPPED_GRAPH_ENDING}: open it with File › Open…`);
  }
  const link = await lstat(path).catch(() => undefined);
  if (!link) throw new Error(`${name}: no such file`);
  if (link.isSymbolicLink()) throw new Error(`${name}: a symbolic link; open the file it points to with File › Open…`);
  if (!link.isFile()) throw new Error(`${name}: not a regular file`);
  // Opened without following a link and without waiting on a pipe, then checked to be the very
  // file looked at above: a file swapped in between is refused, not read.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(path, flags).catch(() => {
    throw new Error(`${name}: changed while it was being opened; drop it again`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.dev !== link.dev || info.ino !== link.ino) throw new Error(`${name}: changed while it was being opened; drop it again`);
    if (info.size > maxBytes) throw new Error(`${name}: ${info.size} bytes is over the limit for a graph file`);
    return await readUpTo(handle, info.size);
  } finally {
    await handle.close();
  }
}
