/**
 * The dock's height and whether it is collapsed, as the user left them (dragging its top edge,
 * its collapse button), remembered in this browser's storage across reloads and always clamped
 * so that neither the dock nor the canvas above it can vanish.
 */
import { useCallback, useEffect, useState } from 'react';

/** The smallest useful dock: its header and a short plot (px). */
export const MIN_DOCK_HEIGHT = 120;
/** What the window keeps for the title bar, canvas toolbar, a usable canvas and the status bar (px). */
export const RESERVED_ABOVE_DOCK = 320;
/** The heights before the user has chosen one: the value, and a teaching view's wider content (px). */
export const DEFAULT_DOCK_HEIGHT = { value: 240, tall: 390 } as const;
const STORAGE_KEY = 'convolab.dock';

export interface DockSize {
  /** The height the user chose (px); undefined until they drag, so each view gets its own default. */
  readonly height?: number;
  readonly collapsed: boolean;
}

/** `height` kept between the smallest useful dock and what a window `windowHeight` tall leaves. */
export function clampDockHeight(height: number, windowHeight: number): number {
  const most = Math.max(MIN_DOCK_HEIGHT, windowHeight - RESERVED_ABOVE_DOCK);
  return Math.round(Math.min(Math.max(height, MIN_DOCK_HEIGHT), most));
}

/** The remembered state from its stored text; anything unreadable is the default. */
export function readDockSize(text: string | null): DockSize {
  if (!text) return { collapsed: false };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return { collapsed: false };
    const { height, collapsed } = value as Record<string, unknown>;
    return { collapsed: collapsed === true, ...(typeof height === 'number' && Number.isFinite(height) ? { height } : {}) };
  } catch {
    return { collapsed: false };
  }
}

function load(): DockSize {
  try {
    return readDockSize(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return { collapsed: false };
  }
}

function save(size: DockSize): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(size));
  } catch {
    // Storage refused (private mode, quota): the dock still works, it is just not remembered.
  }
}

export interface DockControls {
  /** The height to draw (px), clamped to the window. */
  readonly height: number;
  readonly collapsed: boolean;
  /** Sets the height while dragging (remembered when `done`); expands a collapsed dock. */
  resize(height: number, done: boolean): void;
  toggle(): void;
}

export function useDockSize(tall: boolean): DockControls {
  const [size, setSize] = useState<DockSize>(load);
  const [windowHeight, setWindowHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = (): void => setWindowHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const height = clampDockHeight(size.height ?? DEFAULT_DOCK_HEIGHT[tall ? 'tall' : 'value'], windowHeight);
  const resize = useCallback(
    (next: number, done: boolean) => {
      const chosen = { height: clampDockHeight(next, window.innerHeight), collapsed: false };
      setSize(chosen);
      if (done) save(chosen);
    },
    [],
  );
  const toggle = useCallback(() => {
    setSize((now) => {
      const next = { ...now, collapsed: !now.collapsed };
      save(next);
      return next;
    });
  }, []);
  return { height, collapsed: size.collapsed, resize, toggle };
}
