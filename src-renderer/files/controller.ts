/**
 * The document's life as a file: New, Open, Open Recent, Save, Save As, Revert, examples, drops,
 * backups of unsaved work and the question before anything unsaved is thrown away. Plain code
 * over the AppApi and the editor store, so it is tested without a browser; the dialogs it needs
 * come in through `FileUi` (the page's own in the browser, the platform's on the desktop).
 *
 * Dirty tracking: documents are immutable and undo restores the very object it saved, so the
 * document is unsaved exactly when the editor's document is not the one last opened or saved.
 */
import { createStore } from 'zustand/vanilla';
import { emptyDocument, type GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { writeGraph } from '../../src-shared/graph/write';
import { graphInPng } from '../../src-shared/io/png-text';
import { isShareLink, readShareLink } from '../../src-shared/io/share-link';
import { imageSink } from '../../src-shared/nodes/sink.image';
import { imageSource } from '../../src-shared/nodes/source.image';
import type { AppApi, AppCommand, BackupOffer, DocumentFile, DocumentState, SaveChoice, StartupState } from '../../src-shared/protocol';
import type { EditorStore } from '../store/document';
import { plainFileName } from './deliver';
import { exportPythonScript, pythonScriptName } from './exportPython';

export const UNTITLED = 'Untitled';
/** The untitled name of a graph opened from a share link. */
export const SHARED_NAME = 'Shared graph';
const GRAPH_ENDING = '.convolab.json';

/** A file dropped on the window, read only as far as it is needed. */
export interface DroppedFile {
  readonly name: string;
  readonly text: () => Promise<string>;
  readonly bytes?: () => Promise<Uint8Array>;
  /** The browser's File: the desktop finds its path from it. */
  readonly handle?: unknown;
}

/** Names tried for a dropped picture put in the served folder (`a.png`, `a-2.png`, …). */
const MAX_UPLOAD_NAMES = 20;

/** A picture and what shows it: a source.image node reading `path`, wired to an image view. */
export function imageDocument(path: string): GraphDocument {
  return {
    ...emptyDocument(),
    nodes: [
      { id: 'image', type: imageSource.type, position: { x: 0, y: 0 }, params: { path } },
      { id: 'view', type: imageSink.type, position: { x: 320, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'image', sourceHandle: 'out', target: 'view', targetHandle: 'in' }],
  };
}

export interface FileSessionState {
  /** Where the document is saved; undefined while it is untitled. */
  readonly file?: DocumentFile;
  /** The name while untitled: `Untitled`, or the example or dropped file it came from. */
  readonly untitledName: string;
  /** The document as last opened or saved; undefined when it has never been (a restored backup). */
  readonly saved: GraphDocument | undefined;
  readonly recent: readonly DocumentFile[];
  /** Unsaved work from earlier sessions, offered back at start. */
  readonly backups: readonly BackupOffer[];
}

export type FileApi = Pick<
  AppApi,
  | 'openDocument'
  | 'saveDocument'
  | 'recentDocuments'
  | 'clearRecent'
  | 'startup'
  | 'writeBackup'
  | 'discardBackup'
  | 'setDocumentState'
  | 'askToSave'
  | 'closeWindow'
  | 'pathForFile'
  | 'uploadFile'
  | 'exportFile'
>;

/** The dialogs the controller needs from the page. */
export interface FileUi {
  /** Browser: Save / Don't Save / Cancel in the page (the desktop asks natively). */
  askToSave(name: string): Promise<SaveChoice>;
  /** A yes/no question (Revert). */
  confirm(question: string, detail: string, action: string): Promise<boolean>;
  /** Browser: the page's file browser over the served folder. */
  chooseOpenPath(): Promise<string | undefined>;
  chooseSavePath(suggestedName: string): Promise<string | undefined>;
  /** A failure the user must see: its title and the one-line reason. */
  alert(title: string, message: string): void;
  notify(text: string): void;
  /** The window or tab title changed. */
  setTitle(title: string): void;
}

export interface FileControllerOptions {
  readonly mode: 'electron' | 'browser';
  /** This window's or tab's id for its backup (kept across reloads). */
  readonly sessionId: string;
  /** How long after the last change the backup is written (ms). */
  readonly backupDelayMs?: number;
}

export function isDirty(document: GraphDocument, session: Pick<FileSessionState, 'saved'>): boolean {
  return session.saved === undefined || document !== session.saved;
}

/** `• name — Convolab` while unsaved, `name — Convolab` once saved. */
export function windowTitle(state: Pick<DocumentState, 'name' | 'dirty'>): string {
  return `${state.dirty ? '• ' : ''}${state.name} — Convolab`;
}

/** A graph file's name for a title: `Untitled`, `dice.convolab.json`. */
export function suggestedFileName(name: string): string {
  const plain = plainFileName(name, UNTITLED);
  return plain.toLowerCase().endsWith('.json') ? plain : `${plain}${GRAPH_ENDING}`;
}

/** The host's one line: the preload hands on IPC replies word for word, as serve's socket does. */
function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createFileSession(initial: GraphDocument) {
  return createStore<FileSessionState>()(() => ({ untitledName: UNTITLED, saved: initial, recent: [], backups: [] }));
}

export type FileSession = ReturnType<typeof createFileSession>;

export class FileController {
  /** A share link was opened (or refused) since the page loaded: the address it loaded with is then stale. */
  private linkOpened = false;
  readonly session: FileSession;
  private backupTimer: ReturnType<typeof setTimeout> | undefined;
  /** True while this session's backup file exists (or is being written). */
  private backedUp = false;
  private lastState: string | undefined;
  private readonly unsubscribe: () => void;
  /** One file command at a time: a second Ctrl+O while a dialog is up is ignored. */
  private busy = false;
  private readonly replacedListeners = new Set<() => void>();

  constructor(
    private readonly api: FileApi,
    private readonly editor: EditorStore,
    private readonly ui: FileUi,
    private readonly options: FileControllerOptions,
  ) {
    this.session = createFileSession(editor.getState().document);
    this.unsubscribe = editor.subscribe((state, previous) => {
      if (state.document === previous.document) return;
      this.sync();
      this.scheduleBackup();
    });
    this.sync();
  }

  /** Calls `listener` each time another document takes the editor's place (to fit it in view). */
  onDidReplaceDocument(listener: () => void): () => void {
    this.replacedListeners.add(listener);
    return () => this.replacedListeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
    if (this.backupTimer) clearTimeout(this.backupTimer);
  }

  get dirty(): boolean {
    return isDirty(this.editor.getState().document, this.session.getState());
  }

  /** The name in titles and questions. */
  get name(): string {
    const session = this.session.getState();
    return session.file?.name ?? session.untitledName;
  }

  documentState(): DocumentState {
    const file = this.session.getState().file;
    return { name: this.name, dirty: this.dirty, ...(file ? { path: file.path } : {}) };
  }

  /** Tells the host (title, unsaved mark, close guard, the folder relative params resolve against). */
  private sync(): void {
    const state = this.documentState();
    const key = JSON.stringify(state);
    if (key === this.lastState) return;
    this.lastState = key;
    this.ui.setTitle(windowTitle(state));
    this.api.setDocumentState(state).catch((error: unknown) => this.ui.notify(message(error)));
  }

  // ----- backups ------------------------------------------------------------------------------

  private scheduleBackup(): void {
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.backupTimer = undefined;
    if (!this.dirty) {
      if (this.backedUp) void this.discardOwnBackup();
      return;
    }
    this.backupTimer = setTimeout(() => {
      this.backupTimer = undefined;
      void this.writeBackupNow();
    }, this.options.backupDelayMs ?? 1000);
  }

  /** Writes this session's backup of the current document at once. */
  async writeBackupNow(): Promise<void> {
    if (!this.dirty) return;
    const file = this.session.getState().file;
    this.backedUp = true;
    try {
      await this.api.writeBackup({ id: this.options.sessionId, text: writeGraph(this.editor.getState().document), ...(file ? { path: file.path } : {}) });
    } catch (error) {
      this.ui.notify(`Could not back up the unsaved changes: ${message(error)}`);
    }
  }

  private async discardOwnBackup(): Promise<void> {
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.backupTimer = undefined;
    this.backedUp = false;
    await this.api.discardBackup(this.options.sessionId).catch(() => undefined);
  }

  // ----- start --------------------------------------------------------------------------------

  /** Asks the host what there is at start: first start, recent files, backups to offer. */
  async start(): Promise<StartupState> {
    const state = await this.api.startup(this.options.sessionId);
    this.session.setState({ recent: state.recent, backups: state.backups });
    return state;
  }

  /** Opens a backup's document, unsaved, and moves the backup to this session. */
  async restoreBackup(offer: BackupOffer): Promise<boolean> {
    const loaded = loadGraph(offer.text, { allowUnknownTypes: true });
    if (!loaded.ok) {
      this.ui.alert(`Could not restore ${offer.file?.name ?? UNTITLED}`, loaded.error);
      return false;
    }
    const replaced = await this.replaceWith(loaded.document, { file: offer.file, untitledName: UNTITLED, saved: undefined });
    if (!replaced) return false;
    // The document is safe in this session's backup before the old one goes.
    await this.writeBackupNow();
    if (offer.id !== this.options.sessionId) await this.api.discardBackup(offer.id).catch(() => undefined);
    this.dropOffer(offer.id);
    return true;
  }

  async discardBackupOffer(offer: BackupOffer): Promise<void> {
    await this.api.discardBackup(offer.id).catch(() => undefined);
    this.dropOffer(offer.id);
  }

  private dropOffer(id: string): void {
    this.session.setState((state) => ({ backups: state.backups.filter((backup) => backup.id !== id) }));
  }

  // ----- replacing the document ---------------------------------------------------------------

  /**
   * Before the document is replaced or the window closes: true when there is nothing unsaved,
   * or the user saved it or chose to throw it away.
   */
  async settle(): Promise<boolean> {
    if (!this.dirty) return true;
    const choice = this.options.mode === 'electron' ? await this.api.askToSave(this.name) : await this.ui.askToSave(this.name);
    if (choice === 'cancel') return false;
    if (choice === 'save') return this.save();
    return true;
  }

  private async replaceWith(
    document: GraphDocument,
    target: { file: DocumentFile | undefined; untitledName: string; saved?: GraphDocument | undefined },
    warnings: readonly string[] = [],
    ask = true,
  ): Promise<boolean> {
    if (ask && !(await this.settle())) return false;
    if (this.backedUp || this.dirty) await this.discardOwnBackup();
    const saved = 'saved' in target ? target.saved : document;
    this.session.setState({ file: target.file, untitledName: target.untitledName, saved });
    // The editor's subscription tells the host the new file before the new document's run.
    this.editor.getState().replaceDocument(document);
    this.sync();
    for (const listener of this.replacedListeners) listener();
    if (warnings.length > 0) this.ui.notify(`${this.name}: ${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : ''}`);
    if (target.file) void this.refreshRecent();
    return true;
  }

  /** Loads a graph file's text; a broken one is reported and changes nothing. */
  private async openText(text: string, target: { file: DocumentFile | undefined; untitledName: string }, ask = true, source?: string): Promise<boolean> {
    const loaded = loadGraph(text, { allowUnknownTypes: true });
    if (!loaded.ok) {
      this.ui.alert(`Could not open ${source ?? target.file?.name ?? target.untitledName}`, loaded.error);
      return false;
    }
    return this.replaceWith(loaded.document, target, loaded.warnings, ask);
  }

  private async exclusive(action: () => Promise<boolean>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      return await action();
    } finally {
      this.busy = false;
    }
  }

  newDocument(): Promise<boolean> {
    return this.exclusive(() => this.replaceWith(emptyDocument(), { file: undefined, untitledName: UNTITLED }));
  }

  /** Open…: the platform's dialog, or the page's file browser over the served folder. */
  open(): Promise<boolean> {
    return this.exclusive(async () => {
      let path: string | undefined;
      if (this.options.mode === 'browser') {
        path = await this.ui.chooseOpenPath();
        if (path === undefined) return false;
      }
      return this.openFile(path);
    });
  }

  openRecent(path: string): Promise<boolean> {
    return this.exclusive(() => this.openFile(path));
  }

  private async openFile(path: string | undefined, ask = true): Promise<boolean> {
    let opened;
    try {
      opened = await this.api.openDocument(path !== undefined ? { path } : {});
    } catch (error) {
      this.ui.alert(`Could not open ${path !== undefined ? path.split(/[\\/]/).pop() : 'the file'}`, message(error));
      void this.refreshRecent();
      return false;
    }
    if (!opened) return false;
    // A PNG chosen in Open: the host already has the picture where a source.image node reads it.
    if ('png' in opened) return this.openPicture(opened.name, opened.png, async () => opened.path);
    return this.openText(opened.text, { file: { path: opened.path, name: opened.name }, untitledName: UNTITLED }, ask);
  }

  /**
   * A file dropped on the window: a graph file by its path on the desktop (so Save goes back to
   * it), else as untitled; a PNG opens the graph it carries, or else itself in a source.image graph.
   */
  openDropped(file: DroppedFile): Promise<boolean> {
    return this.exclusive(async () => {
      if (/\.png$/i.test(file.name) && file.bytes) {
        const png = await file.bytes();
        return this.openPicture(file.name, png, () => this.imagePath(file, png));
      }
      if (!/\.json$/i.test(file.name)) {
        this.ui.alert(`Could not open ${file.name}`, `${file.name}: not a graph file (a Convolab graph is NAME.convolab.json, or a PNG Convolab exported)`);
        return false;
      }
      const path = file.handle !== undefined ? this.api.pathForFile?.(file.handle) : undefined;
      if (path) return this.openFile(path);
      return this.openText(await file.text(), { file: undefined, untitledName: file.name });
    });
  }

  /**
   * A PNG (dropped, or chosen in Open): the graph in its iTXt chunk as an untitled document, else
   * a graph that shows the picture, from where `locate` says a source.image node finds it.
   */
  private async openPicture(name: string, png: Uint8Array, locate: () => Promise<string>): Promise<boolean> {
    const carried = graphInPng(png);
    const untitledName = name.replace(/\.png$/i, '');
    if (!carried.ok) {
      const reason = /no PNG signature/.test(carried.error) ? 'not a graph file, nor a PNG image (it has no PNG signature)' : carried.error;
      this.ui.alert(`Could not open ${name}`, `${name}: ${reason}`);
      return false;
    }
    if (carried.value !== undefined) return this.openText(carried.value, { file: undefined, untitledName }, true, name);
    let path: string | undefined;
    try {
      path = await locate();
    } catch (error) {
      this.ui.alert(`Could not open ${name}`, `${name}: ${message(error)}`);
      return false;
    }
    return this.openText(writeGraph(imageDocument(path)), { file: undefined, untitledName });
  }

  /** Where a source.image node finds a dropped picture: its own path (desktop), else a copy put in the served folder. */
  private async imagePath(file: DroppedFile, png: Uint8Array): Promise<string> {
    const own = file.handle !== undefined ? this.api.pathForFile?.(file.handle) : undefined;
    if (own) return own;
    const stem = file.name.replace(/\.png$/i, '').replace(/[\\/\0]/g, '_') || 'image';
    for (let attempt = 1; attempt <= MAX_UPLOAD_NAMES; attempt++) {
      const name = attempt === 1 ? `${stem}.png` : `${stem}-${attempt}.png`;
      try {
        return (await this.api.uploadFile({ path: name, data: png })).path;
      } catch (error) {
        if (!/already exists/.test(message(error))) throw error;
      }
    }
    throw new Error(`the served folder already has ${stem}.png to ${stem}-${MAX_UPLOAD_NAMES}.png: rename the picture`);
  }

  /**
   * The share link the page was loaded with (its address when it loaded), opened once the
   * startup has read the recent files: unless a link was opened meanwhile (one pasted, or put in
   * the address while the page started), which is the user's newer choice. True when a link is
   * (or was meanwhile) open.
   */
  async openStartLink(link: string): Promise<boolean> {
    if (this.linkOpened) return true;
    return isShareLink(link) ? this.openLink(link) : false;
  }

  /**
   * A share link (`…#graph=…`, pasted or in the page's address) as an untitled copy, checked
   * exactly as a file is: a bad link is reported and changes nothing.
   */
  openLink(link: string): Promise<boolean> {
    this.linkOpened = true;
    return this.exclusive(async () => {
      const read = readShareLink(link);
      if (!read.ok) {
        this.ui.alert('Could not open the link', read.error);
        return false;
      }
      const title = this.linkTitle(read.value);
      return this.openText(read.value, { file: undefined, untitledName: title }, true, 'the link');
    });
  }

  private linkTitle(text: string): string {
    const loaded = loadGraph(text, { allowUnknownTypes: true });
    const title = loaded.ok ? loaded.document.meta?.title : undefined;
    return typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, 80) : SHARED_NAME;
  }

  /** An example from the gallery, as an untitled copy named after it. */
  openExample(file: string, text: string): Promise<boolean> {
    return this.exclusive(() => this.openText(text, { file: undefined, untitledName: file }));
  }

  /** Back to the file as it is on disk, after asking. */
  revert(): Promise<boolean> {
    return this.exclusive(async () => {
      const file = this.session.getState().file;
      if (!file) return false;
      if (this.dirty && !(await this.ui.confirm(`Revert ${file.name}?`, 'The changes made since it was last saved will be lost.', 'Revert'))) {
        return false;
      }
      // Answered already: the file replaces the document without a second question.
      return this.openFile(file.path, false);
    });
  }

  // ----- saving -------------------------------------------------------------------------------

  /** Save: to the document's file, or Save As when it has none. True once the file is written. */
  async save(): Promise<boolean> {
    const file = this.session.getState().file;
    if (!file) return this.saveAs();
    return this.write(file.path);
  }

  async saveAs(): Promise<boolean> {
    const suggested = suggestedFileName(this.name);
    if (this.options.mode === 'browser') {
      const path = await this.ui.chooseSavePath(suggested);
      if (path === undefined) return false;
      return this.write(path);
    }
    return this.write(undefined, suggested);
  }

  private async write(path: string | undefined, suggestedName?: string): Promise<boolean> {
    const document = this.editor.getState().document;
    let file: DocumentFile | undefined;
    try {
      file = await this.api.saveDocument({ text: writeGraph(document), ...(path !== undefined ? { path } : {}), ...(suggestedName ? { suggestedName } : {}) });
    } catch (error) {
      this.ui.alert(`Could not save ${path?.split(/[\\/]/).pop() ?? this.name}`, message(error));
      return false;
    }
    if (!file) return false;
    this.session.setState({ file, saved: document });
    this.sync();
    // Not awaited: the command ends with the file written, so a shortcut pressed right after a
    // save (Save As after Save) is not refused as overlapping.
    if (!this.dirty) void this.discardOwnBackup();
    void this.refreshRecent();
    this.ui.notify(`Saved ${file.name}`);
    return true;
  }

  // ----- recent, close, commands --------------------------------------------------------------

  async refreshRecent(): Promise<void> {
    const recent = await this.api.recentDocuments().catch(() => undefined);
    if (recent) this.session.setState({ recent });
  }

  async clearRecent(): Promise<void> {
    await this.api.clearRecent();
    this.session.setState({ recent: [] });
  }

  /** The window is closing (desktop): ask, then let it close. */
  async close(): Promise<boolean> {
    if (!(await this.settle())) return false;
    if (this.backedUp) await this.discardOwnBackup();
    await this.api.closeWindow();
    return true;
  }

  /** File › Export as Python: the graph as a numpy/scipy script, saved or downloaded. */
  async exportPython(): Promise<void> {
    try {
      const said = await exportPythonScript(this.api, this.options.mode, this.editor.getState().document, this.name);
      if (said !== undefined) this.ui.notify(said);
    } catch (error) {
      this.ui.alert(`Could not export ${pythonScriptName(this.name)}`, message(error));
    }
  }

  /** A command from the native menu (desktop) or the page's menu (browser). */
  run(command: AppCommand, gallery: () => void): Promise<unknown> {
    switch (command.kind) {
      case 'new':
        return this.newDocument();
      case 'open':
        return this.open();
      case 'openRecent':
        return this.openRecent(command.path);
      case 'save':
        return this.exclusive(() => this.save());
      case 'saveAs':
        return this.exclusive(() => this.saveAs());
      case 'revert':
        return this.revert();
      case 'examples':
        gallery();
        return Promise.resolve();
      case 'exportPython':
        return this.exportPython();
      case 'close':
        return this.exclusive(() => this.close());
    }
  }
}
