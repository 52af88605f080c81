/**
 * The platform's dialogs for the desktop files service (src-main/files/service.ts): open, save,
 * export, and Save / Don't Save / Cancel. Only the Electron calls live here.
 */
import type { BaseWindow, Dialog, FileFilter } from 'electron';
import { extname } from 'node:path';
import type { SaveChoice } from '../../src-shared/protocol';
import type { DesktopDialogs } from '../files/service';

const GRAPH_FILTERS: FileFilter[] = [
  { name: 'Convolab graphs', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];
/** Open also takes a PNG: the graph it carries, or else the picture in a source.image graph. */
const OPEN_FILTERS: FileFilter[] = [
  { name: 'Convolab graphs and PNGs', extensions: ['json', 'png'] },
  ...GRAPH_FILTERS,
];

const EXPORT_NAMES: Readonly<Record<string, string>> = {
  png: 'PNG image',
  wav: 'WAV audio',
  csv: 'CSV table',
  npy: 'NumPy array',
  json: 'JSON',
};

type DialogCalls = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

/** The dialogs, each attached to the window when there is one (a sheet on macOS). */
export function electronDialogs(dialog: DialogCalls, window: () => BaseWindow | undefined): DesktopDialogs {
  return {
    async chooseOpenPath(defaultFolder) {
      const options = { title: 'Open a graph', properties: ['openFile' as const], filters: OPEN_FILTERS, ...(defaultFolder ? { defaultPath: defaultFolder } : {}) };
      const owner = window();
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseSavePath(suggestedPath, kind) {
      const extension = extname(suggestedPath).slice(1).toLowerCase();
      const filters = kind === 'graph' ? GRAPH_FILTERS : [{ name: EXPORT_NAMES[extension] ?? extension.toUpperCase(), extensions: [extension] }];
      const options = { title: kind === 'graph' ? 'Save the graph' : 'Export', defaultPath: suggestedPath, filters, properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] };
      const owner = window();
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
    async askToSave(name): Promise<SaveChoice> {
      const options = {
        type: 'warning' as const,
        buttons: ['Save', "Don't Save", 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        message: `Do you want to save the changes you made to ${name}?`,
        detail: "Your changes will be lost if you don't save them.",
      };
      const owner = window();
      const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
      return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
    },
  };
}
