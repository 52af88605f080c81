/**
 * The native menu: File (New, Open, Open Recent, Save, Save As, Revert, Examples), Edit (cut,
 * copy and paste reach the page as clipboard events; Memory Limit, which is in the app menu on
 * macOS), View and Window. File commands go to the renderer, which owns the document and asks
 * about unsaved changes before it acts; the memory limit is main's (main.ts: the engine host and
 * the settings file), so the page has no say in it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { memoryLabel } from '../../src-shared/engine/memory-advice';
import type { AppCommand, DocumentFile } from '../../src-shared/protocol';

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly recent: readonly DocumentFile[];
  readonly send: (command: AppCommand) => void;
  readonly clearRecent: () => void;
  /** Developer tools in the View menu (not in a packaged app). */
  readonly developer?: boolean;
  /** Opens a Help link in the system browser (main.ts: `openExternalSafely`). */
  readonly openLink?: (url: string) => void;
  /** The Memory Limit submenu: the engine's budget now and the choices (bytes, ascending); without it, no submenu. */
  readonly memory?: MemoryMenu;
}

export interface MemoryMenu {
  /** The budget now (bytes). */
  readonly limit: number;
  /** The engine's default (bytes), marked so in the list. */
  readonly defaultLimit: number;
  readonly choices: readonly number[];
  readonly choose: (bytes: number) => void;
}

/** The submenu's label; `memoryMenuPath` says where it is. */
export const MEMORY_MENU_LABEL = 'Memory Limit';

/** Where the Memory Limit submenu is, as a refusal names it: the app menu on macOS (where settings are), Edit elsewhere. */
export function memoryMenuPath(platform: NodeJS.Platform, appName: string): string {
  return `${platform === 'darwin' ? appName : 'Edit'} › ${MEMORY_MENU_LABEL}`;
}

/** One radio item per choice, the budget now checked (listed too when it is not a choice: CONVOLAB_MEMORY=3G). */
function memorySubmenu(memory: MemoryMenu): MenuItemConstructorOptions {
  const sizes = [...new Set([...memory.choices, memory.limit])].sort((a, b) => a - b);
  return {
    label: `&${MEMORY_MENU_LABEL}`,
    submenu: sizes.map((bytes) => ({
      label: `${memoryLabel(bytes)}${bytes === memory.defaultLimit ? ' (default)' : ''}`,
      type: 'radio' as const,
      checked: bytes === memory.limit,
      click: () => {
        if (bytes !== memory.limit) memory.choose(bytes);
      },
    })),
  };
}

/** The Help menu's reference pages; each host is on security.ts's EXTERNAL_LINK_HOSTS. */
export const HELP_LINKS: readonly { readonly label: string; readonly url: string }[] = [
  { label: 'Convolution (Wikipedia)', url: 'https://en.wikipedia.org/wiki/Convolution' },
  { label: 'The Convolution Theorem (Wikipedia)', url: 'https://en.wikipedia.org/wiki/Convolution_theorem' },
  { label: 'numpy.convolve', url: 'https://numpy.org/doc/stable/reference/generated/numpy.convolve.html' },
  { label: 'scipy.signal.fftconvolve', url: 'https://docs.scipy.org/doc/scipy/reference/generated/scipy.signal.fftconvolve.html' },
];

/** The recent list as menu items; two files of the same name show their folders. */
function recentItems(options: MenuOptions): MenuItemConstructorOptions[] {
  if (options.recent.length === 0) return [{ label: 'No recent files', enabled: false }];
  const counts = new Map<string, number>();
  for (const file of options.recent) counts.set(file.name, (counts.get(file.name) ?? 0) + 1);
  return [
    ...options.recent.map((file, index) => ({
      label: `${index < 9 ? `&${index + 1} ` : ''}${(counts.get(file.name) ?? 0) > 1 ? file.path : file.name}`,
      toolTip: file.path,
      click: () => options.send({ kind: 'openRecent', path: file.path }),
    })),
    { type: 'separator' as const },
    { label: 'Clear Recent', click: () => options.clearRecent() },
  ];
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const send = (command: AppCommand) => () => options.send(command);
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New', accelerator: 'CmdOrCtrl+N', click: send({ kind: 'new' }) },
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: send({ kind: 'open' }) },
      { label: 'Open &Recent', submenu: recentItems(options) },
      { type: 'separator' },
      { label: '&Save', accelerator: 'CmdOrCtrl+S', click: send({ kind: 'save' }) },
      { label: 'Save &As…', accelerator: 'Shift+CmdOrCtrl+S', click: send({ kind: 'saveAs' }) },
      { label: 'Re&vert', click: send({ kind: 'revert' }) },
      { label: 'Export as &Python…', click: send({ kind: 'exportPython' }) },
      { type: 'separator' },
      { label: '&Examples…', click: send({ kind: 'examples' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    // Undo, redo, delete and select all are the editor's own keys; cut, copy and paste arrive as
    // the page's clipboard events, so the canvas copies nodes and text fields copy text.
    submenu: [
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(options.memory && !mac ? [{ type: 'separator' as const }, memorySubmenu(options.memory)] : []),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.developer ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  };
  const template: MenuItemConstructorOptions[] = [file, edit, view];
  if (mac) {
    template.unshift({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        ...(options.memory ? [memorySubmenu(options.memory), { type: 'separator' as const }] : []),
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
    template.push({ role: 'windowMenu' });
  }
  const openLink = options.openLink;
  if (openLink) {
    template.push({
      label: '&Help',
      role: 'help',
      submenu: HELP_LINKS.map((link) => ({ label: link.label, click: () => openLink(link.url) })),
    });
  }
  return template;
}
