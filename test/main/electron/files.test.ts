import { describe, expect, it, vi } from 'vitest';
import { electronDialogs } from '../../../src-main/electron/files';

function fakeDialog(answers: { open?: unknown; save?: unknown; box?: unknown }) {
  return {
    showOpenDialog: vi.fn(async (..._args: unknown[]) => answers.open),
    showSaveDialog: vi.fn(async (..._args: unknown[]) => answers.save),
    showMessageBox: vi.fn(async (..._args: unknown[]) => answers.box),
  };
}

const window = { id: 1 };

describe('the desktop dialogs', () => {
  it('opens a chosen file, attached to the window, and gives undefined when cancelled', async () => {
    const dialog = fakeDialog({ open: { canceled: false, filePaths: ['/home/u/g.convolab.json'] } });
    const dialogs = electronDialogs(dialog as never, () => window as never);
    await expect(dialogs.chooseOpenPath('/home/u')).resolves.toBe('/home/u/g.convolab.json');
    const [owner, options] = dialog.showOpenDialog.mock.calls[0];
    expect(owner).toBe(window);
    expect(options).toMatchObject({ defaultPath: '/home/u', properties: ['openFile'] });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(dialogs.chooseOpenPath(undefined)).resolves.toBeUndefined();
  });

  it('saves graphs with the graph filter and exports with the format\'s own', async () => {
    const dialog = fakeDialog({ save: { canceled: false, filePath: '/home/u/out.wav' } });
    const dialogs = electronDialogs(dialog as never, () => undefined);
    await dialogs.chooseSavePath('/home/u/g.convolab.json', 'graph');
    await dialogs.chooseSavePath('/home/u/wet.wav', 'export');
    // Without a window the dialog is the app's own (one argument).
    const [graph] = dialog.showSaveDialog.mock.calls[0] as [{ filters: { extensions: string[] }[]; defaultPath: string }];
    const [exported] = dialog.showSaveDialog.mock.calls[1] as [{ filters: { name: string; extensions: string[] }[] }];
    expect(graph.defaultPath).toBe('/home/u/g.convolab.json');
    expect(graph.filters[0].extensions).toEqual(['json']);
    expect(exported.filters).toEqual([{ name: 'WAV audio', extensions: ['wav'] }]);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(dialogs.chooseSavePath('/x.png', 'export')).resolves.toBeUndefined();
  });

  it.each([
    [0, 'save'],
    [1, 'discard'],
    [2, 'cancel'],
  ])('asks Save / Don\'t Save / Cancel: button %i means %s', async (response, choice) => {
    const dialog = fakeDialog({ box: { response } });
    const dialogs = electronDialogs(dialog as never, () => window as never);
    await expect(dialogs.askToSave('dice.convolab.json')).resolves.toBe(choice);
    const [, options] = dialog.showMessageBox.mock.calls[0] as [unknown, { buttons: string[]; cancelId: number; message: string }];
    expect(options.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(options.cancelId).toBe(2);
    expect(options.message).toContain('dice.convolab.json');
  });
});
