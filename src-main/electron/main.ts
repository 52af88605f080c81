/**
 * The Electron main process: one locked-down window, the engine host in a worker thread, the
 * files service with the platform's dialogs, the native menu, and the IPC that joins them.
 * Everything here stays thin; the logic lives in plain modules.
 */
import { join } from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, shell } from 'electron';
import { DEFAULT_MEMORY_LIMIT } from '../../src-shared/engine/engine';
import type { DocumentFile } from '../../src-shared/protocol';
import { DesktopFiles } from '../files/service';
import { SETTINGS_FILE, SettingsFile, startupMemoryLimit } from '../files/settings';
import { EngineHost } from '../host/host';
import { machineMemory, memoryChoices } from '../host/memory-limit';
import workerPath from '../host/worker?modulePath';
import bandWorkerPath from '../host/parallel/worker?modulePath';
import { electronDialogs } from './files';
import { forwardHostEvents, registerHostIpc, sendCommand } from './ipc';
import { memoryMenuPath, menuTemplate } from './menu';
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

/** The engine's memory budget: chosen in the Memory Limit menu, kept in the settings file. */
interface MemorySetting {
  limit: number;
  readonly choices: readonly number[];
  readonly choose: (bytes: number) => void;
}

function installMenu(files: DesktopFiles, recent: readonly DocumentFile[], memory: MemorySetting): void {
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
    memory: { limit: memory.limit, defaultLimit: DEFAULT_MEMORY_LIMIT, choices: memory.choices, choose: memory.choose },
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
  // The memory budget: CONVOLAB_MEMORY for this start, else the one chosen last time (settings.ts).
  const machine = machineMemory();
  const log = (line: string): void => console.warn(line);
  const settings = new SettingsFile(join(app.getPath('userData'), SETTINGS_FILE), machine, log);
  const memoryLimit = startupMemoryLimit(process.env, await settings.read(), machine, log);
  const choices = memoryChoices(machine);
  const host = new EngineHost({
    workerUrl: workerPath,
    bandWorkerUrl: bandWorkerPath,
    baseDir: documentsDir,
    mode: 'electron',
    version: app.getVersion(),
    warmBands: true,
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
    // A refusal for memory names the menu item that raises the budget.
    moreMemory: { way: 'setting', where: memoryMenuPath(process.platform, app.getName()), choices },
  });
  let recent: readonly DocumentFile[] = [];
  const memory: MemorySetting = {
    limit: memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    choices,
    // The engine has the new budget from its next run on, and runs the open graph again at once.
    choose: (bytes) => {
      memory.limit = bytes;
      host.setMemoryLimit(bytes);
      installMenu(files, recent, memory);
      void settings.write({ memoryLimit: bytes }).catch((error: unknown) => log(`convolab: could not keep the memory limit in ${settings.path}: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
  const files: DesktopFiles = new DesktopFiles({
    stateDir: app.getPath('userData'),
    documentsDir,
    dialogs: electronDialogs(dialog, () => mainWindow),
    onDocumentFolder: (folder) => host.setBaseDir(folder ?? documentsDir),
    onRecentChanged: (list) => {
      recent = list;
      installMenu(files, recent, memory);
    },
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
  recent = await files.recentDocuments();
  installMenu(files, recent, memory);
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
