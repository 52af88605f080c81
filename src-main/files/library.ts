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
  type LibraryBlock,
  type LibraryListing,
  type LibrarySaveRequest,
  type LibrarySaveResult,
  checkLibrarySave,
  libraryFileName,
  libraryNameOfFile,
  MAX_LIBRARY_BLOCKS,
  MAX_LIBRARY_BYTES,
  MAX_LIBRARY_FILE_BYTES,
  readLibraryBlock,
  skippedLine,
} from '../../src-shared/library';
import { formatBytes } from '../../src-shared/engine/engine';
import { writeFileAtomic } from './atomic';
import { FileReadRefused, readRegularFile } from './regular';

export class BlockLibrary {
  constructor(readonly folder: string) {}

  async list(): Promise<LibraryListing> {
    const entries = await readdir(this.folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw new Error(`My blocks: the library folder ${this.folder} cannot be read (${error.code ?? error.message})`);
    });
    const names = entries
      .filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    const blocks: LibraryBlock[] = [];
    const skipped: string[] = [];
    let bytes = 0;
    let read = 0;
    for (const [index, fileName] of names.entries()) {
      const name = libraryNameOfFile(fileName);
      if (name === undefined) continue;
      if (read === MAX_LIBRARY_BLOCKS || bytes >= MAX_LIBRARY_BYTES) {
        const left = names.length - index;
        skipped.push(skippedLine(fileName, `the library lists at most ${MAX_LIBRARY_BLOCKS} blocks and ${formatBytes(MAX_LIBRARY_BYTES)}; this and up to ${left - 1} more files were not read`));
        break;
      }
      read++;
      let text: string;
      try {
        const data = await readRegularFile(join(this.folder, fileName), Math.min(MAX_LIBRARY_FILE_BYTES, MAX_LIBRARY_BYTES - bytes));
        bytes += data.byteLength;
        text = new TextDecoder('utf-8', { fatal: true }).decode(data);
      } catch (error) {
        const reason = error instanceof FileReadRefused ? error.message : error instanceof TypeError ? 'not UTF-8 text' : ((error as NodeJS.ErrnoException).code ?? String(error));
        skipped.push(skippedLine(fileName, reason));
        continue;
      }
      const outcome = readLibraryBlock(name, text);
      if (outcome.ok) blocks.push(outcome.block);
      else skipped.push(skippedLine(fileName, outcome.error));
    }
    return { blocks, skipped };
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
