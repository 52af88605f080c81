/**
 * A folder the browser mode may read and write: every path is confined to it, by its text
 * (no `..`, no absolute paths, no encoded escapes) and by its real path (no symbolic link that
 * leads outside). `convolab serve [DIR]` gives the browser exactly this and nothing else.
 */
import { constants, existsSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import type { FolderEntry } from '../../src-shared/protocol';
import { writeFileAtomic } from './atomic';

export type { FolderEntry };

export class FolderAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderAccessError';
  }
}

export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A failed read of a path param, in one line a user can act on. */
export function describeReadError(path: string, error: unknown): string {
  if (error instanceof FolderAccessError) return `cannot read ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `cannot read ${path}: no such file`;
  if (code === 'EISDIR') return `cannot read ${path}: it is a folder`;
  if (code === 'EACCES') return `cannot read ${path}: permission denied`;
  return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * What path params may read when the engine serves a browser (`convolab serve`): files inside
 * `folder` only, whatever a graph's params say (relative, absolute or through a link). A graph
 * from a stranger must not read the server's other files; the CLI's `run` is the user's own
 * shell and keeps full access.
 */
export function confinedReader(folder: ConfinedFolder, baseDir: () => string): (path: string) => Promise<Uint8Array> {
  return async (path) => {
    const full = isAbsolute(path) ? resolve(path) : resolve(baseDir(), path);
    const inside = folder.relativeOf(full);
    if (inside === undefined) throw new Error(`cannot read ${path}: outside the served folder: convolab serve reads only files in the folder it serves`);
    try {
      return await folder.read(inside);
    } catch (error) {
      throw new Error(describeReadError(path, error));
    }
  };
}

export class ConfinedFolder {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The folder itself (absolute). */
  get path(): string {
    return this.root;
  }

  /** The absolute path of a path inside the folder, checked by its text only (no disk access). */
  absolute(relativePath: string): string {
    return this.lexical(relativePath);
  }

  /** The path inside the folder (forward slashes) of an absolute path, or undefined when outside. */
  relativeOf(absolutePath: string): string | undefined {
    const full = resolve(absolutePath);
    if (full === this.root) return '';
    if (!full.startsWith(this.root + sep)) return undefined;
    return relative(this.root, full).split(sep).join('/');
  }

  /** The absolute path for a relative one, or an error when it would leave the folder. */
  private lexical(relativePath: string): string {
    if (typeof relativePath !== 'string' || relativePath.includes('\0')) throw new FolderAccessError('not a valid path');
    const cleaned = relativePath.replace(/\\/g, '/');
    if (isAbsolute(cleaned) || /^[A-Za-z]:/.test(cleaned)) throw new FolderAccessError(`${relativePath}: only paths inside the served folder`);
    const full = normalize(join(this.root, cleaned));
    if (full !== this.root && !full.startsWith(this.root + sep)) throw new FolderAccessError(`${relativePath}: outside the served folder`);
    return full;
  }

  /**
   * Refuses a path whose real location is outside the folder. A path that does not exist yet is
   * judged by its nearest existing ancestor, so that making its folders (a write) cannot follow
   * a link out of the folder either; a broken link on the way is refused as well.
   */
  private async inside(full: string, shown: string): Promise<void> {
    const realRoot = await realpath(this.root);
    for (let probe = full; ; probe = dirname(probe)) {
      const exists = await lstat(probe).then(
        () => true,
        () => false,
      );
      if (exists) {
        const real = await realpath(probe).catch(() => undefined);
        if (real === undefined) throw new FolderAccessError(`${shown}: leads through a broken link`);
        if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new FolderAccessError(`${shown}: leads outside the served folder`);
        return;
      }
      if (dirname(probe) === probe) return;
    }
  }

  async list(relativePath = ''): Promise<FolderEntry[]> {
    const full = this.lexical(relativePath);
    await this.inside(full, relativePath || '.');
    const names = await readdir(full).catch(() => {
      throw new FolderAccessError(`${relativePath || '.'}: no such folder`);
    });
    const entries: FolderEntry[] = [];
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const path = join(full, name);
      const link = await lstat(path).catch(() => undefined);
      if (!link) continue;
      const info = link.isSymbolicLink() ? await stat(path).catch(() => undefined) : link;
      if (!info) continue;
      if (link.isSymbolicLink()) {
        const real = await realpath(path).catch(() => undefined);
        const realRoot = await realpath(this.root);
        if (!real || (real !== realRoot && !real.startsWith(realRoot + sep))) continue;
      }
      if (!info.isFile() && !info.isDirectory()) continue;
      entries.push({
        name,
        path: relative(this.root, path).split(sep).join('/'),
        kind: info.isDirectory() ? 'folder' : 'file',
        size: info.isFile() ? info.size : 0,
        modified: info.mtimeMs,
      });
    }
    return entries;
  }

  /**
   * Refuses a file or folder that was opened but does not lie inside the folder: a link swapped
   * in between the checks and the open leads elsewhere. Judged by what was actually opened: on
   * Linux the kernel's own path of the open handle; elsewhere the real path's identity (device
   * and inode, without following a last link) against the handle's.
   */
  private async openedInside(full: string, handle: FileHandle, shown: string): Promise<void> {
    const realRoot = await realpath(this.root);
    const isInside = (path: string): boolean => path === realRoot || path.startsWith(realRoot + sep);
    const viaHandle = `/proc/self/fd/${handle.fd}`;
    if (process.platform === 'linux' && existsSync(viaHandle)) {
      const where = await readlink(viaHandle).catch(() => undefined);
      if (where === undefined || !isInside(where)) throw new FolderAccessError(`${shown}: leads outside the served folder`);
      return;
    }
    const opened = await handle.stat();
    const real = await realpath(full).catch(() => undefined);
    if (real === undefined || !isInside(real)) throw new FolderAccessError(`${shown}: leads outside the served folder`);
    const now = await lstat(real).catch(() => undefined);
    if (!now || now.dev !== opened.dev || now.ino !== opened.ino) throw new FolderAccessError(`${shown}: changed while it was opened (a link swapped in?): try again`);
  }

  async read(relativePath: string): Promise<Uint8Array> {
    const full = this.lexical(relativePath);
    await this.inside(full, relativePath);
    // Non-blocking, so that a FIFO swapped in answers at once (and is refused as not a file).
    const handle = await open(full, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'ELOOP') throw new FolderAccessError(`${relativePath}: no such file`);
      throw error;
    });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new FolderAccessError(`${relativePath}: no such file`);
      await this.openedInside(full, handle, relativePath);
      if (info.size > MAX_FILE_BYTES) throw new FolderAccessError(`${relativePath}: ${info.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`);
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
  }

  /**
   * Writes a file the way the file browser shows files: never under a name starting with a dot
   * (dot-folders hold hooks and settings that run code) and never with an execute bit. The temp
   * file and the rename go to the folder that was opened and checked by identity (through
   * /proc/self/fd on Linux), so swapping a folder for a link cannot send the write outside.
   */
  async write(relativePath: string, data: string | Uint8Array): Promise<void> {
    const full = this.lexical(relativePath);
    if (full === this.root) throw new FolderAccessError('cannot write over the served folder itself');
    if (relative(this.root, full).split(sep).some((name) => name.startsWith('.'))) {
      throw new FolderAccessError(`${relativePath}: names starting with a dot are hidden files: the browser writes only where its file list shows`);
    }
    await this.inside(dirname(full), relativePath);
    await this.inside(full, relativePath);
    await mkdir(dirname(full), { recursive: true });
    await this.inside(dirname(full), relativePath);
    const folder = await open(dirname(full), constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await this.openedInside(dirname(full), folder, relativePath);
      const viaHandle = process.platform === 'linux' && existsSync(`/proc/self/fd/${folder.fd}`);
      const target = join(viaHandle ? `/proc/self/fd/${folder.fd}` : await realpath(dirname(full)), basename(full));
      const old = await lstat(target).catch(() => undefined);
      const mode = old?.isFile() ? old.mode & 0o666 : 0o644;
      await writeFileAtomic(target, data, { mode });
    } finally {
      await folder.close();
    }
  }
}
