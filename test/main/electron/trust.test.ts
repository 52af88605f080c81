/**
 * The desktop's trust boundary, attacked from the renderer: a page that calls the typed API with
 * paths of its own choosing must not get any file written or read that the user did not choose.
 * The files service is wired as main.ts wires it (the IPC checks, the Electron dialogs with
 * `dialog` faked, DesktopFiles on a scratch home), and each attack goes through the IPC handler.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { electronDialogs } from '../../../src-main/electron/files';
import { registerHostIpc } from '../../../src-main/electron/ipc';
import { APP_PAGE_URL } from '../../../src-main/electron/protocol';
import { DesktopFiles } from '../../../src-main/files/service';
import type { CallReply, HostApi } from '../../../src-shared/protocol';

const example = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');
const edited = example.replace('"version": 1', '"version": 1 ');
const fromPage = { senderFrame: { url: APP_PAGE_URL, parent: null }, sender: {} };
const SECRET = 'export TOKEN=do-not-touch\n';

/** A home folder with files a hostile page would like to overwrite or read. */
function home() {
  const root = mkdtempSync(join(tmpdir(), 'convolab-trust-'));
  mkdirSync(join(root, 'Documents'));
  writeFileSync(join(root, '.bashrc'), SECRET);
  writeFileSync(join(root, 'credentials.json'), `{"token":"${SECRET.trim()}"}\n`);
  return { root, stateDir: join(root, 'state'), bashrc: join(root, '.bashrc'), credentials: join(root, 'credentials.json') };
}

/** One start of the app: DesktopFiles behind the IPC, the dialogs answering as told. */
function start(stateDir: string, documentsDir: string, answers: { open?: string; save?: string } = {}) {
  const dialog = {
    showOpenDialog: vi.fn(async () => (answers.open ? { canceled: false, filePaths: [answers.open] } : { canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn(async () => (answers.save ? { canceled: false, filePath: answers.save } : { canceled: true })),
    showMessageBox: vi.fn(async () => ({ response: 2 })),
  };
  const files = new DesktopFiles({ stateDir, documentsDir, dialogs: electronDialogs(dialog as never, () => undefined) });
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const ipc = { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, handler), removeHandler: () => undefined };
  registerHostIpc(ipc as never, {} as HostApi, APP_PAGE_URL, files);
  // Unwrapped as the preload unwraps each channel's CallReply.
  const call = async (method: string, ...args: unknown[]): Promise<unknown> => {
    const reply = (await handlers.get(`convolab:${method}`)!(fromPage, ...args)) as CallReply;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { files, call, dialog };
}

/** Whether a call went through, without stopping the attack at its first refusal. */
async function attempt(call: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

describe('the renderer cannot make a file writable by naming it', () => {
  it('a backup that names ~/.bashrc does not make it writable, in this session or after a restart', async () => {
    const { root, stateDir, bashrc } = home();
    const first = start(stateDir, join(root, 'Documents'));
    const backup = await attempt(first.call('writeBackup', { id: 's1', text: example, path: bashrc }));
    await first.call('startup', 's1');
    const sameSession = await attempt(first.call('saveDocument', { text: example, path: bashrc }));

    const second = start(stateDir, join(root, 'Documents'));
    const offered = (await second.call('startup', 's2')) as { backups: { file?: { path: string } }[] };
    const afterRestart = await attempt(second.call('saveDocument', { text: example, path: bashrc }));

    expect(readFileSync(bashrc, 'utf8')).toBe(SECRET);
    expect(backup).toEqual({ ok: false, error: '.bashrc: not a file opened or saved here, so a backup cannot name it' });
    expect(sameSession).toMatchObject({ ok: false, error: expect.stringMatching(/\.bashrc: not a file opened or chosen here: use Save As/) });
    expect(afterRestart).toMatchObject({ ok: false, error: expect.stringMatching(/\.bashrc: not a file opened or chosen here/) });
    expect(offered.backups.map((offer) => offer.file?.path)).not.toContain(bashrc);
  });

  it('openDocument with a path neither read nor trusts a JSON file the user never chose', async () => {
    const { root, stateDir, credentials } = home();
    const app = start(stateDir, join(root, 'Documents'));
    const before = readFileSync(credentials, 'utf8');
    const opened = await attempt(app.call('openDocument', { path: credentials }));
    const saved = await attempt(app.call('saveDocument', { text: example, path: credentials }));

    expect(readFileSync(credentials, 'utf8')).toBe(before);
    expect(opened.ok).toBe(false);
    expect(JSON.stringify(opened)).not.toContain('do-not-touch');
    expect(opened).toMatchObject({ error: expect.stringMatching(/^credentials\.json: .*NAME\.convolab\.json.*File › Open…/) });
    expect(saved).toMatchObject({ ok: false, error: expect.stringMatching(/not a file opened or chosen here/) });
  });

  it('a dropped NAME.convolab.json that is a link to another file is refused, and what it points at is not read', async () => {
    const { root, stateDir, bashrc } = home();
    const link = join(root, 'Documents', 'innocent.convolab.json');
    symlinkSync(bashrc, link);
    const app = start(stateDir, join(root, 'Documents'));
    const opened = await attempt(app.call('openDocument', { path: link }));
    const saved = await attempt(app.call('saveDocument', { text: example, path: link }));

    expect(opened).toEqual({ ok: false, error: 'innocent.convolab.json: a symbolic link; open the file it points to with File › Open…' });
    expect(saved.ok).toBe(false);
    expect(readFileSync(bashrc, 'utf8')).toBe(SECRET);
  });

  it('a dropped NAME.convolab.json that is not a regular file is refused', async () => {
    const { root, stateDir } = home();
    const folder = join(root, 'Documents', 'folder.convolab.json');
    mkdirSync(folder);
    const app = start(stateDir, join(root, 'Documents'));
    await expect(app.call('openDocument', { path: folder })).rejects.toThrow('folder.convolab.json: not a regular file');
  });
});

describe('what the user chose stays writable', () => {
  it('a file chosen in the open dialog, even named plain .json, and again from Open Recent after a restart', async () => {
    const { root, stateDir } = home();
    const plain = join(root, 'Documents', 'filter.json');
    writeFileSync(plain, example);
    const first = start(stateDir, join(root, 'Documents'), { open: plain });
    await expect(first.call('openDocument', {})).resolves.toMatchObject({ path: plain, text: example });
    await expect(first.call('saveDocument', { text: edited, path: plain })).resolves.toEqual({ path: plain, name: 'filter.json' });
    // The window says which file it shows: main records it in the recent list.
    await first.call('setDocumentState', { name: 'filter.json', dirty: false, path: plain });

    const second = start(stateDir, join(root, 'Documents'));
    await expect(second.call('openDocument', { path: plain })).resolves.toMatchObject({ path: plain, text: edited });
    await expect(second.call('saveDocument', { text: example, path: plain })).resolves.toBeDefined();
    expect(readFileSync(plain, 'utf8')).toBe(example);
    expect(second.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('a file chosen in the save dialog, and its backup after a restart', async () => {
    const { root, stateDir } = home();
    const chosen = join(root, 'Documents', 'mine.convolab.json');
    const first = start(stateDir, join(root, 'Documents'), { save: chosen });
    await expect(first.call('saveDocument', { text: example })).resolves.toEqual({ path: chosen, name: 'mine.convolab.json' });
    await first.call('writeBackup', { id: 's1', text: edited, path: chosen });

    const second = start(stateDir, join(root, 'Documents'));
    const offered = (await second.call('startup', 's2')) as { backups: { id: string; file?: { path: string } }[] };
    expect(offered.backups).toMatchObject([{ id: 's1', file: { path: chosen } }]);
    await expect(second.call('saveDocument', { text: edited, path: chosen })).resolves.toBeDefined();
    expect(readFileSync(chosen, 'utf8')).toBe(edited);
  });

  it('a dropped NAME.convolab.json regular file opens by its path, so Save goes back to it', async () => {
    const { root, stateDir } = home();
    const dropped = join(root, 'Downloads', 'shared.convolab.json');
    mkdirSync(join(root, 'Downloads'));
    writeFileSync(dropped, example);
    const app = start(stateDir, join(root, 'Documents'));
    await expect(app.call('openDocument', { path: dropped })).resolves.toEqual({ path: dropped, name: 'shared.convolab.json', text: example });
    await expect(app.call('saveDocument', { text: edited, path: dropped })).resolves.toBeDefined();
    expect(readFileSync(dropped, 'utf8')).toBe(edited);
  });
});
