import { expect, type Page } from '@playwright/test';
import { WEB_PORT } from './global-setup';

/** The same build below the server's root, served with the headers of a cross-origin isolated page (global-setup.ts). */
export const ISOLATED_URL = `http://127.0.0.1:${WEB_PORT + 1}/web/`;

export interface OpenOptions {
  /** Leave the browser's File System Access API in place (default: removed, so files go by upload and download). */
  readonly fileSystemAccess?: boolean;
  /** Show the first start's gallery (default: the tab was welcomed before). */
  readonly firstStart?: boolean;
  readonly url?: string;
}

/**
 * Opens the static build's page, failing on any page error, and checks that no socket is ever
 * opened: the engine is the page's own worker.
 */
export async function openWeb(page: Page, options: OpenOptions = {}): Promise<{ errors: string[]; sockets: string[] }> {
  const errors: string[] = [];
  const sockets: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.addInitScript(
    ({ access, welcomed }) => {
      if (!access) {
        // As in a browser without the API (Firefox, Safari): the methods live on Window.prototype.
        for (const name of ['showOpenFilePicker', 'showSaveFilePicker']) Object.defineProperty(window, name, { value: undefined, configurable: true });
      }
      if (welcomed) localStorage.setItem('convolab.welcomed', 'yes');
    },
    { access: options.fileSystemAccess ?? false, welcomed: !options.firstStart },
  );
  await page.goto(options.url ?? '/');
  await page.locator('.react-flow').waitFor();
  await expect(page.getByRole('status')).toContainText('· web');
  expect(errors).toEqual([]);
  return { errors, sockets };
}

/** Opens a bundled example from the title bar's gallery (the same as the serve suite's). */
export { openExample } from '../e2e/fixtures';

export async function fileMenu(page: Page, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
