/**
 * The shortcut lists (src-renderer/shortcuts.ts) drive both the key handlers and the help: the
 * keys each entry shows must be keys that do that thing, and no key may do two things.
 */
import { describe, expect, it } from 'vitest';
import { CANVAS_SHORTCUTS, FILE_SHORTCUTS, shortcutHelp, type KeyAction } from '../../src-renderer/shortcuts';

const NAMED_KEYS: Readonly<Record<string, string>> = { Del: 'Delete', Esc: 'Escape', Tab: 'Tab' };

/** The key event a user makes for keys written as the help writes them (`Shift+Ctrl+Z`), Ctrl or ⌘. */
function pressed(keys: string, command: 'ctrlKey' | 'metaKey' = 'ctrlKey'): KeyboardEvent {
  const parts = keys.split('+');
  const last = parts.pop()!;
  const event = { key: NAMED_KEYS[last] ?? last.toLowerCase(), ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
  for (const modifier of parts) {
    if (modifier === 'Ctrl') event[command] = true;
    else if (modifier === 'Shift') event.shiftKey = true;
    else if (modifier === 'Alt') event.altKey = true;
    else throw new Error(`unknown modifier ${modifier} in ${keys}`);
  }
  // A shifted letter arrives upper case.
  if (event.shiftKey && event.key.length === 1) event.key = event.key.toUpperCase();
  return event as unknown as KeyboardEvent;
}

const lists: [string, readonly KeyAction<never>[]][] = [
  ['canvas', CANVAS_SHORTCUTS as readonly KeyAction<never>[]],
  ['file', FILE_SHORTCUTS as readonly KeyAction<never>[]],
];

describe('keyboard shortcuts', () => {
  for (const [list, actions] of lists) {
    it(`the ${list} keys shown for each action do that action and no other of the list, with Ctrl or ⌘`, () => {
      for (const action of actions) {
        for (const keys of [action.keys, ...(action.alsoKeys ?? [])]) {
          for (const command of ['ctrlKey', 'metaKey'] as const) {
            const event = pressed(keys, command);
            const doers = actions.filter((candidate) => candidate.keyTest(event)).map((candidate) => candidate.name);
            expect(doers, `${keys} (${command})`).toEqual([action.name]);
          }
        }
      }
    });
  }

  it('keys without their modifier, or with one too many, do nothing of the canvas', () => {
    // Shift+Tab too: it moves focus back, the one way a keyboard leaves the canvas (Tab adds a node there).
    for (const keys of ['Z', 'Y', 'D', 'A', 'B', 'Alt+B', 'Alt+F', 'Shift+Ctrl+F', 'Alt+F3', 'Ctrl+Tab', 'Shift+Tab']) {
      expect(CANVAS_SHORTCUTS.filter((action) => action.keyTest(pressed(keys))).map((action) => action.name), keys).toEqual([]);
    }
  });

  it('only keys that edit no text work while typing in a field: find, F3 and Shift+F3, the side panels\' toggles', () => {
    const whileTyping = CANVAS_SHORTCUTS.filter((action) => action.whileTyping).map((action) => action.name);
    expect(whileTyping).toEqual(['find', 'findNext', 'findPrevious', 'togglePalette', 'toggleInspector']);
    // A field's own keys: select all, undo, redo, delete, tab, escape.
    for (const keys of ['Ctrl+A', 'Ctrl+Z', 'Shift+Ctrl+Z', 'Ctrl+Y', 'Del', 'Tab', 'Esc', 'F']) {
      const doers = CANVAS_SHORTCUTS.filter((action) => action.keyTest(pressed(keys)));
      expect(doers.every((action) => !action.whileTyping), keys).toBe(true);
    }
  });

  it('Option+⌘+B on a Mac, whose Option makes the key ∫, toggles the inspector; AltGr+B typing a character toggles nothing', () => {
    const doers = (event: Partial<KeyboardEvent>) =>
      CANVAS_SHORTCUTS.filter((action) => action.keyTest({ ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...event } as KeyboardEvent)).map((action) => action.name);
    expect(doers({ key: '∫', code: 'KeyB', metaKey: true, altKey: true })).toEqual(['toggleInspector']);
    // AltGr is Ctrl+Alt on Windows: on a layout where AltGr+B types {, it stays a {.
    expect(doers({ key: '{', code: 'KeyB', ctrlKey: true, altKey: true })).toEqual([]);
    // Shift+Ctrl+B is the browser's bookmarks bar: left to it.
    expect(doers({ key: 'B', code: 'KeyB', ctrlKey: true, shiftKey: true })).toEqual([]);
  });

  it('the help lists every canvas action by its keys, with double-click and Tab on one row', () => {
    const help = shortcutHelp();
    for (const action of CANVAS_SHORTCUTS) expect(help.some((row) => row.label === action.label && row.keys.includes(action.keys))).toBe(true);
    expect(help.find((row) => row.label === 'add a node')?.keys).toBe('Double-click, Tab');
    expect(help.find((row) => row.label === 'redo')?.keys).toBe('Shift+Ctrl+Z, Ctrl+Y');
    expect(new Set(help.map((row) => row.keys)).size).toBe(help.length);
  });
});
