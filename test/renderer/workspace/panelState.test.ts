/**
 * A panel's remembered state (src-renderer/workspace/panelState.ts), which the dock and both side
 * panels keep: what is stored comes back, anything else is the default, and storage that throws
 * never breaks the panel.
 */
import { describe, expect, it } from 'vitest';
import { clampSize, createPanelStore, readPanelState, writePanelState, type PanelStorage } from '../../../src-renderer/workspace/panelState';

/** Storage in a map, as the page's localStorage keeps text. */
function memoryStorage(entries: Record<string, string> = {}): PanelStorage & { entries: Record<string, string> } {
  return {
    entries,
    getItem: (key) => entries[key] ?? null,
    setItem: (key, value) => void (entries[key] = value),
  };
}

/** Storage that refuses everything, as a browser with storage disabled does. */
const refusing: PanelStorage = {
  getItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('clampSize', () => {
  it('keeps a size within its bounds as it is, rounded to a pixel', () => {
    expect(clampSize(250.4, 100, 400)).toBe(250);
  });

  it('holds a size to its bounds', () => {
    expect(clampSize(-50, 100, 400)).toBe(100);
    expect(clampSize(9000, 100, 400)).toBe(400);
  });

  it('keeps the least size when the room is smaller than it', () => {
    expect(clampSize(300, 100, 40)).toBe(100);
    expect(clampSize(300, 100, -200)).toBe(100);
  });
});

describe('readPanelState', () => {
  it('reads back what writePanelState stored, under the field named', () => {
    expect(readPanelState(writePanelState({ size: 260, collapsed: true }, 'width'), 'width')).toEqual({ size: 260, collapsed: true });
    expect(writePanelState({ size: 260, collapsed: false }, 'height')).toBe('{"height":260,"collapsed":false}');
    expect(readPanelState(writePanelState({ collapsed: true }, 'width'), 'width')).toEqual({ collapsed: true });
  });

  it('does not read a size stored under the other field', () => {
    expect(readPanelState('{"height":260,"collapsed":false}', 'width')).toEqual({ collapsed: false });
  });

  it('falls back to the default for missing, broken or strange text', () => {
    for (const text of [null, '', '{', '42', 'null', '[]', '"wide"', JSON.stringify({ width: 'wide', collapsed: 'yes' }), '{"width":1e999}']) {
      expect(readPanelState(text, 'width'), String(text)).toEqual({ collapsed: false });
    }
  });
});

describe('createPanelStore', () => {
  it('starts from what is stored and remembers a finished drag and a toggle', () => {
    const storage = memoryStorage({ panel: '{"width":250,"collapsed":true}' });
    const store = createPanelStore('panel', 'width', { storage: () => storage });
    expect(store.getState()).toMatchObject({ size: 250, collapsed: true });

    // A drag expands the panel; only its end is remembered.
    store.getState().resize(280, false);
    expect(store.getState()).toMatchObject({ size: 280, collapsed: false });
    expect(storage.entries.panel).toBe('{"width":250,"collapsed":true}');
    store.getState().resize(290, true);
    expect(storage.entries.panel).toBe('{"width":290,"collapsed":false}');

    store.getState().toggle();
    expect(store.getState().collapsed).toBe(true);
    expect(createPanelStore('panel', 'width', { storage: () => storage }).getState()).toMatchObject({ size: 290, collapsed: true });
  });

  it('starts from the first state only when nothing is stored', () => {
    const first = () => ({ collapsed: true });
    expect(createPanelStore('panel', 'width', { storage: () => memoryStorage(), firstState: first }).getState().collapsed).toBe(true);
    const stored = memoryStorage({ panel: '{"collapsed":false}' });
    expect(createPanelStore('panel', 'width', { storage: () => stored, firstState: first }).getState().collapsed).toBe(false);
    // Broken text is something the user stored: the default, not the first-time state.
    const broken = memoryStorage({ panel: '{' });
    expect(createPanelStore('panel', 'width', { storage: () => broken, firstState: first }).getState().collapsed).toBe(false);
  });

  it('works, unremembered, when storage throws on every read and write', () => {
    for (const storage of [() => refusing, (): PanelStorage => {
      throw new Error('no localStorage here');
    }]) {
      const store = createPanelStore('panel', 'width', { storage });
      expect(store.getState()).toMatchObject({ collapsed: false });
      expect(store.getState().size).toBeUndefined();
      expect(() => store.getState().toggle()).not.toThrow();
      expect(() => store.getState().resize(300, true)).not.toThrow();
      expect(store.getState()).toMatchObject({ size: 300, collapsed: false });
    }
  });
});
