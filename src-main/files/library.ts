/**
 * The block library on disk: `<stateDir>/blocks/<name>.convolab.json`, one block per file
 * (src-shared/library.ts). Listing reads each file bounded (a regular file, under the size
 * limits) with the normal loader and skips what does not load with one line; saving writes
 * atomically and never over another block unless told to replace it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkLibrarySave,
  type LibraryListing,
  type LibrarySaveRequest,
  type LibrarySaveResult,
  type LibrarySource,
  libraryFileName,
  libraryNameOfFile,
  listLibrary,
} from '../../src-shared/library';
import { writeFileAtomic } from './atomic';
import { FileReadRefused, readRegularFile } from './regular';

/** The library's folder under a host's state folder (the same for every document and window). */
export function libraryFolder(stateDir: string): string {
  return join(stateDir, 'blocks');
}

export class BlockLibrary {
  constructor(readonly folder: string) {}

  async list(): Promise<LibraryListing> {
    const entries = await readdir(this.folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw new Error(`the library folder ${this.folder} cannot be read (${error.code ?? error.message})`);
    });
    const sources: LibrarySource[] = [];
    for (const entry of entries) {
      // Hidden files are an atomic write's temporaries (or the system's own).
      const name = entry.isDirectory() || entry.name.startsWith('.') ? undefined : libraryNameOfFile(entry.name);
      if (name !== undefined) sources.push({ name, read: (maxBytes) => this.read(join(this.folder, entry.name), maxBytes) });
    }
    return listLibrary(sources);
  }

  private async read(path: string, maxBytes: number): Promise<string> {
    let data: Uint8Array;
    try {
      data = await readRegularFile(path, maxBytes);
    } catch (error) {
      throw new Error(error instanceof FileReadRefused ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error)));
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw new Error('not UTF-8 text, so not a Convolab graph file');
    }
  }

  async save(request: LibrarySaveRequest): Promise<LibrarySaveResult> {
    const outcome = checkLibrarySave(request);
    if (!outcome.ok) throw new Error(outcome.error);
    const path = join(this.folder, libraryFileName(request.name));
    if (!request.replace && existsSync(path)) return { name: request.name, saved: false, key: outcome.block.key };
    await mkdir(this.folder, { recursive: true });
    await writeFileAtomic(path, request.text);
    return { name: request.name, saved: true, key: outcome.block.key };
  }
}
