/**
 * A panel's size and whether it is collapsed, as the user left them (dragging its edge, its
 * collapse button, a shortcut), remembered in this browser's storage across reloads. The dock
 * (views/dockSize.ts) and the side panels (sidePanels.ts) each keep one; each clamps the size it
 * draws to the window, so that neither the panel nor the canvas beside it can vanish.
 */
import { useEffect, useState } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';

export interface PanelState {
  /** The size the user chose (px); undefined until they drag, so the panel gets its default. */
  readonly size?: number;
  readonly collapsed: boolean;
}

/** The name the size is stored under (`{"height": 240, "collapsed": false}` for the dock). */
export type SizeField = 'width' | 'height';

const DEFAULT_STATE: PanelState = { collapsed: false };

/** `size` kept between `least` and `most`, rounded to a pixel; `least` wins when the two cross. */
export function clampSize(size: number, least: number, most: number): number {
  return Math.round(Math.min(Math.max(size, least), Math.max(least, most)));
}

/** The remembered state from its stored text; anything unreadable is the default. */
export function readPanelState(text: string | null, field: SizeField): PanelState {
  if (!text) return DEFAULT_STATE;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return DEFAULT_STATE;
    const { [field]: size, collapsed } = value as Record<string, unknown>;
    return { collapsed: collapsed === true, ...(typeof size === 'number' && Number.isFinite(size) ? { size } : {}) };
  } catch {
    return DEFAULT_STATE;
  }
}

/** The stored text of a state, as readPanelState reads it back. */
export function writePanelState(state: PanelState, field: SizeField): string {
  return JSON.stringify({ ...(state.size === undefined ? {} : { [field]: state.size }), collapsed: state.collapsed });
}

/** Where a panel's state is kept: this browser's storage, or what a test gives. */
export type PanelStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage; reading the property itself throws where storage is disabled. */
function pageStorage(): PanelStorage {
  return window.localStorage;
}

export interface PanelStore extends PanelState {
  /** Sets the size while dragging (remembered when `done`); expands a collapsed panel. */
  resize(size: number, done: boolean): void;
  /** Collapses or expands it (remembered at once). */
  toggle(): void;
}

/**
 * A panel's state, one per window, remembered under `key`. `firstState` is the state to start
 * from when nothing is stored yet (the default otherwise: expanded, at the panel's default size).
 * Storage that cannot be read or written leaves the panel working, only not remembered.
 */
export function createPanelStore(
  key: string,
  field: SizeField,
  { firstState, storage = pageStorage }: { firstState?: () => PanelState; storage?: () => PanelStorage } = {},
): UseBoundStore<StoreApi<PanelStore>> {
  let text: string | null = null;
  try {
    text = storage().getItem(key);
  } catch {
    // Unreadable storage: as if nothing were stored.
  }
  const initial = text === null && firstState ? firstState() : readPanelState(text, field);
  return create<PanelStore>((set, get) => {
    const remember = (): void => {
      try {
        storage().setItem(key, writePanelState(get(), field));
      } catch {
        // Storage refused (private mode, quota): the panel still works, it is just not remembered.
      }
    };
    return {
      ...initial,
      resize: (size, done) => {
        set({ size, collapsed: false });
        if (done) remember();
      },
      toggle: () => {
        set({ collapsed: !get().collapsed });
        remember();
      },
    };
  });
}

/** The window's inner size, following it as it is resized. */
export function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const onResize = (): void => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}
