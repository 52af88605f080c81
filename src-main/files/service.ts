/**
 * The host's side of documents and files (protocol.ts `FileMethods`), as plain code: what the
 * desktop app and `convolab serve` share (recent files, backups of unsaved work, the first-start
 * mark) lives in `FileService`; `DesktopFiles` adds the platform's dialogs and the file system,
 * `ServedFiles` the served folder and nothing outside it. Electron's part is only the dialogs
 * (src-main/electron/files.ts), so all of this is tested without Electron.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  isPictureName,
  MAX_DOCUMENT_CHARS,
  MAX_OPENED_PICTURE_BYTES,
  pictureTooLarge,
  type BackupOffer,
  type DocumentFile,
  type DocumentState,
  type FileMethods,
  type FolderListing,
  type OpenedDocument,
  type OpenedPicture,
  type SaveChoice,
  type StartupState,
} from '../../src-shared/protocol';
import type { LibraryListing, LibrarySaveRequest, LibrarySaveResult } from '../../src-shared/library';
import { writeFileAtomic } from './atomic';
import { BackupStore, removeStaleTempFiles, type StaleTempOptions } from './backups';
import { readDroppedGraph } from './dropped';
import { ConfinedFolder, FolderAccessError } from './folder';
import { RecentFiles } from './recent';
import { BlockLibrary, libraryFolder } from './library';
import { FileReadRefused, readRegularFile } from './regular';

export interface FileServiceOptions {
  /** Where the recent list, the backups and the first-start mark are kept. */
  readonly stateDir: string;
  /** The folder relative params resolve against changed (undefined: the document is untitled). */
  readonly onDocumentFolder?: (folder: string | undefined) => void;
  /** The recent list changed (the desktop rebuilds its Open Recent menu). */
  readonly onRecentChanged?: (recent: readonly DocumentFile[]) => void;
  readonly now?: () => number;
  /**
   * Backup ids claimed by sessions of this process, shared when one process runs several
   * services (`convolab serve` opens one per page): a live page's backup is not offered to another.
   */
  readonly claimedBackups?: Set<string>;
}

const GRAPH_ENDING = '.convolab.json';

/** The file's name for titles and menus. */
export function displayName(path: string): string {
  return basename(path.replace(/\\/g, '/'));
}

/** A graph file must be JSON by its name: a renderer cannot make the host read or write anything else. */
function isJsonName(path: string): boolean {
  return /\.json$/i.test(path);
}

/** A PNG chosen in File ▸ Open, as a regular file of at most MAX_OPENED_PICTURE_BYTES. */
async function readPicture(path: string, name: string): Promise<Uint8Array> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`${name}: no such file`);
  if (info.size > MAX_OPENED_PICTURE_BYTES) throw new Error(pictureTooLarge(name, info.size));
  try {
    return await readRegularFile(path, MAX_OPENED_PICTURE_BYTES);
  } catch (error) {
    throw new Error(`${name}: ${error instanceof FileReadRefused ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
}

function decodeText(bytes: Uint8Array, shown: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${shown}: not UTF-8 text, so not a Convolab graph file`);
  }
}

/** The folders a file service writes on its own under its state folder: backups of unsaved work, then the block library. */
export function stateFolders(stateDir: string): [backups: string, library: string] {
  return [join(stateDir, 'backups'), libraryFolder(stateDir)];
}

export abstract class FileService implements FileMethods {
  protected readonly recent: RecentFiles;
  protected readonly backups: BackupStore;
  /** The user's block library: `<stateDir>/blocks`, the same for every document and window. */
  readonly library: BlockLibrary;
  /** Backup ids written by sessions of this process: theirs are not offered to other sessions. */
  private readonly claimed: Set<string>;
  private lastFolder: string | undefined | null = null;
  private lastRecentPath: string | undefined;

  constructor(protected readonly options: FileServiceOptions) {
    this.claimed = options.claimedBackups ?? new Set<string>();
    this.recent = new RecentFiles(join(options.stateDir, 'recent.json'));
    const [backups, library] = stateFolders(options.stateDir);
    this.backups = new BackupStore(backups, 1000, options.now);
    this.library = new BlockLibrary(library);
  }

  /**
   * Removes what saves killed mid-write left in the folders this service writes on its own (the
   * backups and the block library), as the app starts: a killed save's temporary file is never
   * read again, so without this they would pile up there.
   */
  removeStaleTempFiles(options: StaleTempOptions = {}): Promise<string[]> {
    return removeStaleTempFiles(stateFolders(this.options.stateDir), options);
  }

  abstract openDocument(request: { readonly path?: string }): Promise<OpenedDocument | OpenedPicture | undefined>;
  abstract saveDocument(request: { readonly text: string; readonly path?: string; readonly suggestedName?: string }): Promise<DocumentFile | undefined>;
  abstract exportFile(request: { readonly suggestedName: string; readonly data: Uint8Array }): Promise<DocumentFile | undefined>;
  abstract listFolder(path: string): Promise<FolderListing>;
  abstract uploadFile(request: { readonly path: string; readonly data: Uint8Array; readonly replace?: boolean }): Promise<DocumentFile>;
  abstract askToSave(name: string): Promise<SaveChoice>;
  abstract closeWindow(): Promise<void>;
  /** How a stored absolute path shows to the renderer; undefined when it may not see it. */
  protected abstract toFile(absolutePath: string): DocumentFile | undefined;
  /** The absolute path of a path the renderer gave, or an error when it may not use it. */
  protected abstract toAbsolute(path: string): string;
  /** The folder relative params resolve against when the document is untitled. */
  protected abstract defaultFolder(): string;
  protected abstract onDocumentState(state: DocumentState): void;

  async recentDocuments(): Promise<DocumentFile[]> {
    const list = await this.recent.list();
    return list.map((path) => this.toFile(path)).filter((file): file is DocumentFile => file !== undefined);
  }

  async clearRecent(): Promise<void> {
    await this.recent.clear();
    this.options.onRecentChanged?.([]);
  }

  protected async addRecent(absolutePath: string): Promise<void> {
    await this.recent.add(absolutePath);
    this.options.onRecentChanged?.(await this.recentDocuments());
  }

  async startup(sessionId: string): Promise<StartupState> {
    const mark = join(this.options.stateDir, 'welcomed');
    const firstStart = !existsSync(mark);
    if (firstStart) {
      await mkdir(this.options.stateDir, { recursive: true });
      await writeFile(mark, 'The examples gallery was shown once; delete this file to see it on the next start.\n');
    }
    const backups: BackupOffer[] = [];
    for (const backup of await this.backups.list()) {
      if (this.claimed.has(backup.id) && backup.id !== sessionId) continue;
      const file = backup.path !== undefined ? this.toFile(backup.path) : undefined;
      if (file) this.trust(backup.path!);
      backups.push({ id: backup.id, ...(file ? { file } : {}), text: backup.text, savedAt: backup.savedAt });
    }
    return { firstStart, recent: await this.recentDocuments(), backups };
  }

  async writeBackup(request: { readonly id: string; readonly text: string; readonly path?: string }): Promise<void> {
    this.claimed.add(request.id);
    const path = request.path !== undefined ? this.toAbsolute(request.path) : undefined;
    // A backup's file is trusted again after a restart, so only a file main trusts now is recorded.
    if (path !== undefined && !this.isDocumentPath(path)) throw new Error(`${displayName(path)}: not a file opened or saved here, so a backup cannot name it`);
    await this.backups.writeNow(request.id, path, request.text);
  }

  async discardBackup(id: string): Promise<void> {
    await this.backups.discard(id);
  }

  libraryBlocks(): Promise<LibraryListing> {
    return this.library.list();
  }

  saveLibraryBlock(request: LibrarySaveRequest): Promise<LibrarySaveResult> {
    return this.library.save(request);
  }

  async setDocumentState(state: DocumentState): Promise<void> {
    const path = state.path !== undefined ? this.toAbsolute(state.path) : undefined;
    if (path !== undefined && !this.isDocumentPath(path)) throw new Error(`${displayName(path)}: not a file opened or saved here`);
    // Said at once (before any await) so that a run sent next already reads from the new folder.
    const folder = path !== undefined ? dirname(path) : undefined;
    if (folder !== this.lastFolder) {
      this.lastFolder = folder;
      this.options.onDocumentFolder?.(folder ?? this.defaultFolder());
    }
    this.onDocumentState(state);
    if (path !== undefined && path !== this.lastRecentPath) {
      this.lastRecentPath = path;
      await this.addRecent(path);
    }
    if (path === undefined) this.lastRecentPath = undefined;
  }

  /** A path the desktop may write to again (a backup of a saved document points at its file). */
  protected trust(_absolutePath: string): void {}

  /** Whether the renderer may say its document is this file. */
  protected isDocumentPath(_absolutePath: string): boolean {
    return true;
  }

  /** Waits for backups being written (before quitting). */
  async flush(): Promise<void> {
    await this.backups.flush(new Map());
  }

  dispose(): void {
    this.backups.dispose();
  }
}

/** The platform's dialogs, as the desktop app shows them (src-main/electron/files.ts). */
export interface DesktopDialogs {
  chooseOpenPath(defaultFolder: string | undefined): Promise<string | undefined>;
  chooseSavePath(suggestedPath: string, kind: 'graph' | 'export'): Promise<string | undefined>;
  askToSave(name: string): Promise<SaveChoice>;
}

export interface DesktopFilesOptions extends FileServiceOptions {
  readonly dialogs: DesktopDialogs;
  /** Where dialogs start and untitled documents' relative params resolve (the user's documents). */
  readonly documentsDir: string;
  /** The window's title and unsaved mark. */
  readonly onDocumentState?: (state: DocumentState) => void;
  /** The renderer agreed to close the window. */
  readonly onClose?: () => void;
}

/**
 * Files on the desktop: dialogs choose where, and the renderer may name a path only to read a
 * `.json` file (Open Recent, a dropped file) or to write one the user opened or chose in a
 * dialog during this session. A compromised page cannot write anywhere else.
 */
export class DesktopFiles extends FileService {
  private readonly writable = new Set<string>();
  private lastFolderUsed: string | undefined;

  constructor(private readonly desktop: DesktopFilesOptions) {
    super(desktop);
  }

  protected override trust(absolutePath: string): void {
    this.writable.add(resolve(absolutePath));
  }

  protected override isDocumentPath(absolutePath: string): boolean {
    return this.writable.has(absolutePath);
  }

  protected toFile(absolutePath: string): DocumentFile {
    return { path: absolutePath, name: displayName(absolutePath) };
  }

  protected toAbsolute(path: string): string {
    if (!isAbsolute(path)) throw new Error(`${path}: the desktop app names files by their full path`);
    return resolve(path);
  }

  protected defaultFolder(): string {
    return this.desktop.documentsDir;
  }

  protected onDocumentState(state: DocumentState): void {
    this.desktop.onDocumentState?.(state);
  }

  async openDocument(request: { readonly path?: string }): Promise<OpenedDocument | OpenedPicture | undefined> {
    const chosen = request.path ?? (await this.desktop.dialogs.chooseOpenPath(this.lastFolderUsed ?? this.desktop.documentsDir));
    if (chosen === undefined) return undefined;
    const path = this.toAbsolute(chosen);
    const name = displayName(path);
    // Only a PNG the user chose in the dialog: it opens as an untitled copy, never as a file to save over.
    if (request.path === undefined && isPictureName(path)) {
      this.lastFolderUsed = dirname(path);
      return { path, name, png: await readPicture(path, name) };
    }
    if (!isJsonName(path)) throw new Error(`${name}: not a graph file (a Convolab graph is NAME.convolab.json)`);
    // A path only the renderer names (a dropped file) is not trusted by itself: see dropped.ts.
    if (request.path !== undefined && !this.writable.has(path) && !(await this.recent.has(path))) {
      const text = decodeText(await readDroppedGraph(path, MAX_DOCUMENT_CHARS), name);
      this.trust(path);
      this.lastFolderUsed = dirname(path);
      return { path, name, text };
    }
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      if (request.path !== undefined && (await this.recent.list()).includes(path)) {
        await this.recent.remove(path);
        this.desktop.onRecentChanged?.(await this.recentDocuments());
        throw new Error(`${name}: no such file any more (removed from Open Recent)`);
      }
      throw new Error(`${name}: no such file`);
    }
    if (info.size > MAX_DOCUMENT_CHARS) throw new Error(`${name}: ${info.size} bytes is over the limit for a graph file`);
    const text = decodeText(new Uint8Array(await readFile(path)), name);
    this.trust(path);
    this.lastFolderUsed = dirname(path);
    return { path, name, text };
  }

  async saveDocument(request: { readonly text: string; readonly path?: string; readonly suggestedName?: string }): Promise<DocumentFile | undefined> {
    let path: string;
    if (request.path !== undefined) {
      path = this.toAbsolute(request.path);
      if (!this.writable.has(path)) throw new Error(`${displayName(path)}: not a file opened or chosen here: use Save As`);
    } else {
      const suggested = join(this.lastFolderUsed ?? this.desktop.documentsDir, request.suggestedName ?? `Untitled${GRAPH_ENDING}`);
      const chosen = await this.desktop.dialogs.chooseSavePath(suggested, 'graph');
      if (chosen === undefined) return undefined;
      path = this.toAbsolute(chosen);
      if (!isJsonName(path)) path += GRAPH_ENDING;
    }
    await writeFileAtomic(path, request.text);
    this.trust(path);
    this.lastFolderUsed = dirname(path);
    return { path, name: displayName(path) };
  }

  async exportFile(request: { readonly suggestedName: string; readonly data: Uint8Array }): Promise<DocumentFile | undefined> {
    const chosen = await this.desktop.dialogs.chooseSavePath(join(this.lastFolderUsed ?? this.desktop.documentsDir, request.suggestedName), 'export');
    if (chosen === undefined) return undefined;
    const path = this.toAbsolute(chosen);
    await writeFileAtomic(path, request.data);
    return { path, name: displayName(path) };
  }

  async listFolder(): Promise<FolderListing> {
    throw new Error('listFolder: the desktop app opens files with the system dialog');
  }

  async uploadFile(): Promise<DocumentFile> {
    throw new Error('uploadFile: only in the browser mode');
  }

  askToSave(name: string): Promise<SaveChoice> {
    return this.desktop.dialogs.askToSave(name);
  }

  async closeWindow(): Promise<void> {
    this.desktop.onClose?.();
  }
}

export interface ServedFilesOptions extends FileServiceOptions {
  /** The folder `convolab serve` was started on: the only one the browser reaches. */
  readonly folder: string;
}

/**
 * Files in browser mode: every path is inside the served folder (ConfinedFolder), graph files
 * open and save through the page's own file browser, and uploads land in the folder too.
 */
export class ServedFiles extends FileService {
  readonly folder: ConfinedFolder;

  constructor(options: ServedFilesOptions) {
    super(options);
    this.folder = new ConfinedFolder(options.folder);
  }

  protected toFile(absolutePath: string): DocumentFile | undefined {
    const path = this.folder.relativeOf(absolutePath);
    return path ? { path, name: displayName(path) } : undefined;
  }

  protected toAbsolute(path: string): string {
    return this.folder.absolute(path);
  }

  protected defaultFolder(): string {
    return this.folder.path;
  }

  protected onDocumentState(): void {}

  async openDocument(request: { readonly path?: string }): Promise<OpenedDocument | OpenedPicture | undefined> {
    if (request.path === undefined) throw new Error('openDocument: choose a file in the served folder');
    const name = displayName(request.path);
    if (isPictureName(request.path)) {
      const png = await this.folder.read(request.path);
      if (png.length > MAX_OPENED_PICTURE_BYTES) throw new Error(pictureTooLarge(name, png.length));
      return { path: this.normal(request.path), name, png };
    }
    if (!isJsonName(request.path)) throw new Error(`${name}: not a graph file (a Convolab graph is NAME.convolab.json)`);
    const bytes = await this.folder.read(request.path);
    if (bytes.length > MAX_DOCUMENT_CHARS) throw new Error(`${name}: ${bytes.length} bytes is over the limit for a graph file`);
    return { path: this.normal(request.path), name, text: decodeText(bytes, name) };
  }

  async saveDocument(request: { readonly text: string; readonly path?: string }): Promise<DocumentFile | undefined> {
    if (request.path === undefined) throw new Error('saveDocument: choose where in the served folder');
    if (!request.path.toLowerCase().endsWith(GRAPH_ENDING)) throw new Error(`${displayName(request.path)}: a graph file's name ends in ${GRAPH_ENDING}`);
    await this.folder.write(request.path, request.text);
    return { path: this.normal(request.path), name: displayName(request.path) };
  }

  async exportFile(): Promise<DocumentFile | undefined> {
    throw new Error('exportFile: the browser downloads exports itself');
  }

  async listFolder(path: string): Promise<FolderListing> {
    const entries = await this.folder.list(path);
    return { path: this.normal(path), entries };
  }

  async uploadFile(request: { readonly path: string; readonly data: Uint8Array; readonly replace?: boolean }): Promise<DocumentFile> {
    const full = this.folder.absolute(request.path);
    if (!request.replace && existsSync(full)) throw new FolderAccessError(`${request.path}: already exists`);
    await this.folder.write(request.path, request.data);
    return { path: this.normal(request.path), name: displayName(request.path) };
  }

  async askToSave(): Promise<SaveChoice> {
    throw new Error('askToSave: the browser asks in the page');
  }

  async closeWindow(): Promise<void> {}

  /** The canonical spelling of a path inside the folder ('a/./b.json' → 'a/b.json'). */
  private normal(path: string): string {
    return this.folder.relativeOf(this.folder.absolute(path)) ?? path;
  }
}
