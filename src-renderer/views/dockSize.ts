/**
 * The dock's height and whether it is collapsed, as the user left them (dragging its top edge,
 * its collapse button), remembered across reloads (workspace/panelState.ts) and always clamped so
 * that neither the dock nor the canvas above it can vanish.
 */
import { useCallback } from 'react';
import { clampSize, createPanelStore, readPanelState, useWindowSize } from '../workspace/panelState';

/** The smallest useful dock: its header and a short plot (px). */
export const MIN_DOCK_HEIGHT = 120;
/** What the window keeps for the title bar, canvas toolbar, a usable canvas and the status bar (px). */
export const RESERVED_ABOVE_DOCK = 320;
/** The heights before the user has chosen one: the value, and a teaching view's wider content (px). */
export const DEFAULT_DOCK_HEIGHT = { value: 240, tall: 390 } as const;

export interface DockSize {
  /** The height the user chose (px); undefined until they drag, so each view gets its own default. */
  readonly height?: number;
  readonly collapsed: boolean;
}

/** `height` kept between the smallest useful dock and what a window `windowHeight` tall leaves. */
export function clampDockHeight(height: number, windowHeight: number): number {
  return clampSize(height, MIN_DOCK_HEIGHT, windowHeight - RESERVED_ABOVE_DOCK);
}

/** The remembered state from its stored text; anything unreadable is the default. */
export function readDockSize(text: string | null): DockSize {
  const { size, collapsed } = readPanelState(text, 'height');
  return { collapsed, ...(size === undefined ? {} : { height: size }) };
}

const useDockState = createPanelStore('convolab.dock', 'height');

export interface DockControls {
  /** The height to draw (px), clamped to the window. */
  readonly height: number;
  readonly collapsed: boolean;
  /** Sets the height while dragging (remembered when `done`); expands a collapsed dock. */
  resize(height: number, done: boolean): void;
  toggle(): void;
}

export function useDockSize(tall: boolean): DockControls {
  const size = useDockState((state) => state.size);
  const collapsed = useDockState((state) => state.collapsed);
  const toggle = useDockState((state) => state.toggle);
  const windowHeight = useWindowSize().height;
  const height = clampDockHeight(size ?? DEFAULT_DOCK_HEIGHT[tall ? 'tall' : 'value'], windowHeight);
  const resize = useCallback((next: number, done: boolean) => useDockState.getState().resize(clampDockHeight(next, window.innerHeight), done), []);
  return { height, collapsed, resize, toggle };
}
