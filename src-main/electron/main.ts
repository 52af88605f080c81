/**
 * The Electron main process: one locked-down window, the engine host in a worker thread, the
 * files service with the platform's dialogs, the native menu, and the IPC that joins them.
 * Everything here stays thin; the logic lives in plain modules.
 */
import { join } from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, shell } from 'electron';
import type { DocumentFile } from '../../src-shared/protocol';
import { DesktopFiles } from '../files/service';
import { EngineHost } from '../host/host';
import workerPath from '../host/worker?modulePath';
import bandWorkerPath from '../host/parallel/worker?modulePath';
import { electronDialogs } from './files';
import { forwardHostEvents, registerHostIpc, sendCommand } from './ipc';
import { menuTemplate } from './menu';
import { APP_PAGE_URL, APP_SCHEME, appProtocolHandler, registerAppScheme } from './protocol';
import { lockDownContents, openExternalSafely, secureWebPreferences } from './security';
import { guardClose, type CloseGuard } from './window';

/** Help and reference links go to the system browser, and only https links on the allowlist. */
function openLink(url: string): void {
  openExternalSafely(url, shell);
}

// The page's own origin, convolab://app/, has to be known to Chromium before the app is ready.
registerAppScheme(protocol);

// Every window and webview of the app gets the same lockdown, whoever creates it.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

/** The built page on the app's own origin; the dev server only in development. */
function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return devServer && !app.isPackaged ? devServer : APP_PAGE_URL;
}

let mainWindow: BrowserWindow | undefined;
let closeGuard: CloseGuard | undefined;

function installMenu(files: DesktopFiles, recent: readonly DocumentFile[]): void {
  const template = menuTemplate({
    platform: process.platform,
    appName: app.getName(),
    recent,
    developer: !app.isPackaged,
    send: (command) => {
      if (mainWindow) sendCommand(mainWindow.webContents, command);
    },
    clearRecent: () => void files.clearRecent(),
    openLink,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(host: EngineHost): Promise<void> {
  const url = rendererUrl();
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    // Below this the palette and the inspector leave the canvas too little to work in.
    minWidth: 960,
    minHeight: 640,
    title: 'Convolab',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  mainWindow = window;
  lockDownContents(window.webContents, url, openLink);
  const stopEvents = forwardHostEvents(host, window.webContents);
  closeGuard = guardClose(window, app, () => sendCommand(window.webContents, { kind: 'close' }));
  window.on('closed', () => {
    stopEvents();
    if (mainWindow === window) mainWindow = undefined;
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(url);
}

void app.whenReady().then(async () => {
  protocol.handle(APP_SCHEME, appProtocolHandler(join(__dirname, '../renderer')));
  const documentsDir = app.getPath('documents');
  const host = new EngineHost({
    workerUrl: workerPath,
    bandWorkerUrl: bandWorkerPath,
    baseDir: documentsDir,
    mode: 'electron',
    version: app.getVersion(),
    warmBands: true,
  });
  const files: DesktopFiles = new DesktopFiles({
    stateDir: app.getPath('userData'),
    documentsDir,
    dialogs: electronDialogs(dialog, () => mainWindow),
    onDocumentFolder: (folder) => host.setBaseDir(folder ?? documentsDir),
    onRecentChanged: (recent) => installMenu(files, recent),
    onDocumentState: (state) => {
      closeGuard?.setDirty(state.dirty);
      if (process.platform === 'darwin' && mainWindow) {
        mainWindow.setDocumentEdited(state.dirty);
        mainWindow.setRepresentedFilename(state.path ?? '');
      }
    },
    onClose: () => closeGuard?.allow(),
  });
  // What a save killed mid-write left among the backups and the block library goes; a failure
  // here must not keep the window from opening.
  void files.removeStaleTempFiles().catch(() => undefined);
  registerHostIpc(ipcMain, host, rendererUrl(), files);
  installMenu(files, await files.recentDocuments());
  await createWindow(host);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(host);
  });
  // Not before-quit: a window with unsaved changes may still cancel the quit.
  app.on('will-quit', () => {
    files.dispose();
    void host.dispose();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
