/**
 * The files service of the web build (FileMethods of the protocol): documents are files the
 * user picks, kept in this tab under a path (the file's name) that Open, Save and Revert then
 * name; unsaved work goes to IndexedDB (backups.ts); a file picked for a path param goes to the
 * engine worker. What needs an operating system (a served folder, recent files) answers in one
 * line why it is not here.
 */
import {
  isPictureName,
  MAX_DOCUMENT_CHARS,
  MAX_OPENED_PICTURE_BYTES,
  pictureTooLarge,
  type DocumentFile,
  type FileMethods,
  type FolderListing,
  type OpenedDocument,
  type OpenedPicture,
  type SaveChoice,
  type StartupState,
} from '../../../src-shared/protocol';
import { download } from '../../files/deliver';
import type { BrowserBackups } from './backups';
import { pickToOpen, pickToSave, pickWithInput, writeThrough, type WritableHandle } from './pickers';

const GRAPH_EXTENSIONS = ['json'];
const GRAPH_DESCRIPTION = 'Convolab graph';
/** Open also takes a PNG: the graph it carries, or else the picture in a source.image graph. */
const OPEN_EXTENSIONS = ['json', 'png'];
const OPEN_DESCRIPTION = 'Convolab graph or PNG';
const WELCOMED_KEY = 'convolab.welcomed';

/** Where a document lives in this tab: a handle to write back to, a file opened once, or downloads. */
type DocumentSource = { readonly handle: WritableHandle } | { readonly file: File } | { readonly download: true };

export interface LocalFilePickers {
  /** File ▸ Open…: a graph file from this computer; its path in this tab, undefined when cancelled. */
  chooseOpenPath(): Promise<string | undefined>;
  /** File ▸ Save As…: where to write; its path in this tab, undefined when cancelled. */
  chooseSavePath(suggestedName: string): Promise<string | undefined>;
  /** A file for a path param (source.audio, source.image, source.volume): the name the param should hold. */
  chooseParamFile(extensions: readonly string[]): Promise<string | undefined>;
}

/** The block library is its own store (library.ts), wired beside this in index.ts. */
export class WebFiles implements Omit<FileMethods, 'libraryBlocks' | 'saveLibraryBlock'>, LocalFilePickers {
  private readonly documents = new Map<string, DocumentSource>();

  constructor(
    private readonly backups: BrowserBackups,
    private readonly addParamFile: (name: string, file: Blob) => void,
  ) {}

  private keep(name: string, source: DocumentSource): string {
    this.documents.set(name, source);
    return name;
  }

  async chooseOpenPath(): Promise<string | undefined> {
    const picked = await pickToOpen(OPEN_EXTENSIONS, OPEN_DESCRIPTION);
    if (!picked) return undefined;
    return this.keep(picked.name, picked instanceof File ? { file: picked } : { handle: picked });
  }

  async chooseSavePath(suggestedName: string): Promise<string | undefined> {
    const target = await pickToSave(suggestedName, GRAPH_EXTENSIONS, GRAPH_DESCRIPTION);
    if (!target) return undefined;
    return target === 'download' ? this.keep(suggestedName, { download: true }) : this.keep(target.name, { handle: target });
  }

  async chooseParamFile(extensions: readonly string[]): Promise<string | undefined> {
    // The input, not the access API: the param needs the bytes, never a place to write.
    const file = await pickWithInput(extensions);
    if (!file) return undefined;
    this.addParamFile(file.name, file);
    return file.name;
  }

  async openDocument(request: { readonly path?: string }): Promise<OpenedDocument | OpenedPicture | undefined> {
    const path = request.path ?? (await this.chooseOpenPath());
    if (path === undefined) return undefined;
    const source = this.documents.get(path);
    if (!source || 'download' in source) {
      throw new Error(`${path}: this tab has no access to that file any more: open it again with File ▸ Open…`);
    }
    const file = 'file' in source ? source.file : await source.handle.getFile();
    if (isPictureName(file.name)) {
      // Opened as an untitled copy: the tab keeps no hold on the picture to save over.
      this.documents.delete(path);
      if (file.size > MAX_OPENED_PICTURE_BYTES) throw new Error(pictureTooLarge(file.name, file.size));
      // Where a source.image node finds it, should the picture carry no graph.
      this.addParamFile(file.name, file);
      return { path, name: file.name, png: new Uint8Array(await file.arrayBuffer()) };
    }
    // A graph is text: a file far over the loader's limit is refused before it is read.
    if (file.size > MAX_DOCUMENT_CHARS * 4) throw new Error(`${file.name}: ${file.size} bytes is too large for a graph file`);
    return { path, name: file.name, text: await file.text() };
  }

  async saveDocument(request: { readonly text: string; readonly path?: string; readonly suggestedName?: string }): Promise<DocumentFile | undefined> {
    let path = request.path;
    // A path this tab does not hold (a restored backup's) is saved as a new file under its name.
    if (path === undefined || !this.documents.has(path)) path = await this.chooseSavePath(path?.split('/').pop() ?? request.suggestedName ?? 'Untitled.convolab.json');
    if (path === undefined) return undefined;
    const source = this.documents.get(path);
    if (source && 'handle' in source) {
      await writeThrough(source.handle, request.text);
    } else {
      download(path, request.text);
      this.documents.set(path, { download: true });
    }
    return { path, name: path };
  }

  async exportFile(request: { readonly suggestedName: string; readonly data: Uint8Array }): Promise<DocumentFile | undefined> {
    const extension = request.suggestedName.split('.').pop() ?? '';
    const target = await pickToSave(request.suggestedName, [extension], `.${extension} file`);
    if (!target) return undefined;
    if (target === 'download') download(request.suggestedName, request.data);
    else await writeThrough(target, new Blob([new Uint8Array(request.data)]));
    return { path: target === 'download' ? request.suggestedName : target.name, name: target === 'download' ? request.suggestedName : target.name };
  }

  async listFolder(): Promise<FolderListing> {
    throw new Error('the web build has no folders: open a graph with File ▸ Open…, and pick a param\'s file with … beside it');
  }

  async uploadFile(request: { readonly path: string; readonly data: Uint8Array }): Promise<DocumentFile> {
    const name = request.path.split('/').pop() ?? request.path;
    this.addParamFile(name, new Blob([new Uint8Array(request.data)]));
    return { path: name, name };
  }

  async recentDocuments(): Promise<DocumentFile[]> {
    // A page is not told where files live, so there is no list of recent ones to offer.
    return [];
  }

  async clearRecent(): Promise<void> {}

  async startup(sessionId: string): Promise<StartupState> {
    let firstStart = false;
    try {
      firstStart = localStorage.getItem(WELCOMED_KEY) === null;
      if (firstStart) localStorage.setItem(WELCOMED_KEY, 'The examples gallery was shown once.');
    } catch {
      // Storage refused (private mode): the gallery is simply not opened on its own.
    }
    const others = await this.backups.claim(sessionId);
    const backups = (await this.backups.list()).filter((backup) => !others.has(backup.id));
    return {
      firstStart,
      recent: [],
      backups: backups.map((backup) => ({
        id: backup.id,
        text: backup.text,
        savedAt: backup.savedAt,
        ...(backup.path !== undefined ? { file: { path: backup.path, name: backup.path } } : {}),
      })),
    };
  }

  async writeBackup(request: { readonly id: string; readonly text: string; readonly path?: string }): Promise<void> {
    await this.backups.write({ id: request.id, text: request.text, savedAt: Date.now(), ...(request.path !== undefined ? { path: request.path } : {}) });
  }

  async discardBackup(id: string): Promise<void> {
    await this.backups.discard(id);
  }

  async setDocumentState(): Promise<void> {
    // The page titles its own tab; a param's file resolves by name, whatever the graph's folder.
  }

  async askToSave(): Promise<SaveChoice> {
    throw new Error('the web build asks in the page (askToSave is the desktop\'s dialog)');
  }

  async closeWindow(): Promise<void> {}
}
