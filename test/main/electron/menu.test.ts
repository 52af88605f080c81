import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { HELP_LINKS, memoryMenuPath, menuTemplate } from '../../../src-main/electron/menu';
import { isAllowedExternalUrl } from '../../../src-main/electron/security';
import type { AppCommand } from '../../../src-shared/protocol';

type Item = MenuItemConstructorOptions;

function find(items: Item[], label: string): Item {
  const item = items.find((entry) => entry.label === label);
  if (!item) throw new Error(`no menu item ${label} in ${items.map((entry) => entry.label ?? entry.role).join(', ')}`);
  return item;
}

function submenu(item: Item): Item[] {
  return item.submenu as Item[];
}

function click(item: Item): void {
  (item.click as unknown as () => void)();
}

const recent = [
  { path: '/home/u/a/dice.convolab.json', name: 'dice.convolab.json' },
  { path: '/home/u/b/dice.convolab.json', name: 'dice.convolab.json' },
  { path: '/home/u/ct.convolab.json', name: 'ct.convolab.json' },
];

describe('the native menu', () => {
  it('has New, Open, Save, Save As with the platform shortcuts, each sending its command', () => {
    const sent: AppCommand[] = [];
    const file = submenu(find(menuTemplate({ platform: 'linux', appName: 'Convolab', recent: [], send: (c) => sent.push(c), clearRecent: vi.fn() }), '&File'));
    const expected: [string, string | undefined, AppCommand][] = [
      ['&New', 'CmdOrCtrl+N', { kind: 'new' }],
      ['&Open…', 'CmdOrCtrl+O', { kind: 'open' }],
      ['&Save', 'CmdOrCtrl+S', { kind: 'save' }],
      ['Save &As…', 'Shift+CmdOrCtrl+S', { kind: 'saveAs' }],
      ['Re&vert', undefined, { kind: 'revert' }],
      ['Export as &Python…', undefined, { kind: 'exportPython' }],
      ['&Examples…', undefined, { kind: 'examples' }],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = find(file, label);
      expect(item.accelerator, label).toBe(accelerator);
      click(item);
      expect(sent.at(-1)).toEqual(command);
    }
    expect(file.at(-1).role).toBe('quit');
  });

  it('lists recent files newest first, tells two of the same name apart by folder, and clears them', () => {
    const sent: AppCommand[] = [];
    const clearRecent = vi.fn();
    const file = submenu(find(menuTemplate({ platform: 'linux', appName: 'Convolab', recent, send: (c) => sent.push(c), clearRecent }), '&File'));
    const items = submenu(find(file, 'Open &Recent'));
    expect(items.map((item) => item.label ?? item.type)).toEqual([
      '&1 /home/u/a/dice.convolab.json',
      '&2 /home/u/b/dice.convolab.json',
      '&3 ct.convolab.json',
      'separator',
      'Clear Recent',
    ]);
    click(items[2]);
    expect(sent).toEqual([{ kind: 'openRecent', path: '/home/u/ct.convolab.json' }]);
    click(find(items, 'Clear Recent'));
    expect(clearRecent).toHaveBeenCalled();

    const none = submenu(find(submenu(find(menuTemplate({ platform: 'linux', appName: 'C', recent: [], send: vi.fn(), clearRecent }), '&File')), 'Open &Recent'));
    expect(none).toEqual([{ label: 'No recent files', enabled: false }]);
  });

  it('leaves undo and the editor keys to the page, and gives cut, copy and paste their roles', () => {
    const edit = submenu(find(menuTemplate({ platform: 'linux', appName: 'C', recent: [], send: vi.fn(), clearRecent: vi.fn() }), '&Edit'));
    expect(edit.map((item) => item.role)).toEqual(['cut', 'copy', 'paste']);
  });

  it('on macOS starts with the app menu and closes windows from File', () => {
    const template = menuTemplate({ platform: 'darwin', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn() });
    expect(template[0].label).toBe('Convolab');
    expect(submenu(template[0]).some((item) => item.role === 'quit')).toBe(true);
    expect(submenu(find(template, '&File')).at(-1).role).toBe('close');
    expect(template.at(-1).role).toBe('windowMenu');
  });

  it('has a Help menu whose links are all https on the allowlist, each opened through openLink', () => {
    const opened: string[] = [];
    const template = menuTemplate({ platform: 'linux', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn(), openLink: (url) => opened.push(url) });
    const help = submenu(find(template, '&Help'));
    expect(help.map((item) => item.label)).toEqual(HELP_LINKS.map((link) => link.label));
    for (const item of help) click(item);
    expect(opened).toEqual(HELP_LINKS.map((link) => link.url));
    for (const url of opened) expect(isAllowedExternalUrl(url), url).toBe(true);
    // Without a way to open links there is no Help menu to click.
    expect(menuTemplate({ platform: 'linux', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn() }).some((item) => item.label === '&Help')).toBe(false);
  });

  describe('Memory Limit', () => {
    const GiB = 1024 ** 3, MiB = 1024 ** 2;
    const choices = [256 * MiB, 512 * MiB, GiB, 2 * GiB, 4 * GiB];

    it('lists the choices as radio items under Edit, the budget now checked and the default marked; a choice goes to main', () => {
      const chosen: number[] = [];
      const template = menuTemplate({ platform: 'linux', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn(), memory: { limit: GiB, defaultLimit: GiB, choices, choose: (bytes) => chosen.push(bytes) } });
      const items = submenu(find(submenu(find(template, '&Edit')), '&Memory Limit'));
      expect(items.map((item) => [item.label, item.type, item.checked])).toEqual([
        ['256 MiB', 'radio', false],
        ['512 MiB', 'radio', false],
        ['1 GiB (default)', 'radio', true],
        ['2 GiB', 'radio', false],
        ['4 GiB', 'radio', false],
      ]);
      click(find(items, '4 GiB'));
      // The budget it has already is not chosen again (that would restart the engine for nothing).
      click(find(items, '1 GiB (default)'));
      expect(chosen).toEqual([4 * GiB]);
      // Refusals name it where it is.
      expect(memoryMenuPath('linux', 'Convolab')).toBe('Edit › Memory Limit');
    });

    it('lists a budget that is not a choice (CONVOLAB_MEMORY=3G) in its place, checked', () => {
      const template = menuTemplate({ platform: 'win32', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn(), memory: { limit: 3 * GiB, defaultLimit: GiB, choices, choose: vi.fn() } });
      const items = submenu(find(submenu(find(template, '&Edit')), '&Memory Limit'));
      expect(items.map((item) => item.label)).toEqual(['256 MiB', '512 MiB', '1 GiB (default)', '2 GiB', '3 GiB', '4 GiB']);
      expect(items.filter((item) => item.checked).map((item) => item.label)).toEqual(['3 GiB']);
    });

    it('is in the app menu on macOS, where settings are, and not under Edit', () => {
      const chosen: number[] = [];
      const template = menuTemplate({ platform: 'darwin', appName: 'Convolab', recent: [], send: vi.fn(), clearRecent: vi.fn(), memory: { limit: GiB, defaultLimit: GiB, choices, choose: (bytes) => chosen.push(bytes) } });
      click(find(submenu(find(submenu(template[0]), '&Memory Limit')), '2 GiB'));
      expect(chosen).toEqual([2 * GiB]);
      expect(submenu(find(template, '&Edit')).map((item) => item.role)).toEqual(['cut', 'copy', 'paste']);
      expect(memoryMenuPath('darwin', 'Convolab')).toBe('Convolab › Memory Limit');
    });
  });
});
