/**
 * The third host beside Electron and `convolab serve`: the whole AppApi inside the page, for the
 * static web build (`npm run build:web`). Engine calls go to a Web Worker (engine.ts, worker.ts);
 * documents, exports and backups are the browser's (files.ts). The page's menu, dialogs and
 * shortcuts are the same as under serve: the UI is not forked.
 */
import type { AppApi } from '../../../src-shared/protocol';
import { BrowserBackups } from './backups';
import { WebEngineHost } from './engine';
import { WebFiles, type LocalFilePickers } from './files';
import { BrowserLibrary } from './library';

export type { LocalFilePickers } from './files';

export interface WebHost {
  readonly api: AppApi;
  readonly pickers: LocalFilePickers;
  readonly engine: WebEngineHost;
}

export function createWebHost(version: string): WebHost {
  const engine = new WebEngineHost({
    version,
    // Named here, in this form, so the build bundles worker.ts as a worker of its own.
    startWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'convolab-engine' }),
    modelsUrl: new URL('models/', document.baseURI).href,
  });
  const library = new BrowserLibrary();
  const files = new WebFiles(new BrowserBackups(), (name, file) => engine.addFile(name, file));
  const api: AppApi = {
    run: (request) => engine.run(request),
    cancel: (runId) => engine.cancel(runId),
    info: () => engine.info(),
    getValue: (nodeId, port, options) => engine.getValue(nodeId, port, options),
    compareValues: (a, b, options) => engine.compareValues(a, b, options),
    frequencyResponse: (ref, options) => engine.frequencyResponse(ref, options),
    probeNode: (nodeId, probe, args) => engine.probeNode(nodeId, probe, args),
    profile: (request) => engine.profile(request),
    cancelProfile: (profileId) => engine.cancelProfile(profileId),
    onEvent: (listener) => engine.onEvent(listener),
    openDocument: (request) => files.openDocument(request),
    saveDocument: (request) => files.saveDocument(request),
    exportFile: (request) => files.exportFile(request),
    listFolder: () => files.listFolder(),
    uploadFile: (request) => files.uploadFile(request),
    recentDocuments: () => files.recentDocuments(),
    clearRecent: () => files.clearRecent(),
    startup: (sessionId) => files.startup(sessionId),
    writeBackup: (request) => files.writeBackup(request),
    discardBackup: (id) => files.discardBackup(id),
    setDocumentState: () => files.setDocumentState(),
    libraryBlocks: () => library.list(),
    saveLibraryBlock: (request) => library.save(request),
    askToSave: () => files.askToSave(),
    closeWindow: () => files.closeWindow(),
    // The page has no native menu: commands come from its own.
    onCommand: () => () => undefined,
  };
  return { api, pickers: files, engine };
}
