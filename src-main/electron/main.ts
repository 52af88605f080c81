/**
 * The Electron main process: one locked-down window, the engine host in a worker thread, and
 * the IPC that joins them. Everything here stays thin; the logic lives in plain modules.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain } from 'electron';
import { EngineHost } from '../host/host';
import workerPath from '../host/worker?modulePath';
import { forwardHostEvents, registerHostIpc } from './ipc';
import { lockDownContents, secureWebPreferences } from './security';

// Every window and webview of the app gets the same lockdown, whoever creates it.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return devServer && !app.isPackaged ? devServer : pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

async function createWindow(host: EngineHost): Promise<void> {
  const url = rendererUrl();
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Convolab',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  lockDownContents(window.webContents, url);
  const stopEvents = forwardHostEvents(host, window.webContents);
  window.on('closed', stopEvents);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(url);
}

void app.whenReady().then(async () => {
  const host = new EngineHost({
    workerUrl: workerPath,
    baseDir: app.getPath('documents'),
    mode: 'electron',
    version: app.getVersion(),
  });
  registerHostIpc(ipcMain, host, rendererUrl());
  await createWindow(host);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(host);
  });
  app.on('before-quit', () => void host.dispose());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
