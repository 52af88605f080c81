/**
 * A panel's inner edge (the dock's top, a side panel's edge toward the canvas): drag it to resize
 * the panel, double-click it (or press Enter on it) to collapse or expand; with the keyboard, the
 * arrow keys move it (Shift: in larger steps).
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

const KEY_STEP = 16;
const BIG_KEY_STEP = 64;

/** What a splitter moves: a panel's drawn size, and its state's resize and toggle (panelState.ts). */
export interface SplitPanel {
  readonly size: number;
  readonly collapsed: boolean;
  resize(size: number, done: boolean): void;
  toggle(): void;
}

/** The way the edge moves to make its panel larger: the dock grows up, the palette right, the inspector left. */
export type Grows = 'up' | 'left' | 'right';

const GROW_KEY: Readonly<Record<Grows, string>> = { up: 'ArrowUp', left: 'ArrowLeft', right: 'ArrowRight' };
const SHRINK_KEY: Readonly<Record<Grows, string>> = { up: 'ArrowDown', left: 'ArrowRight', right: 'ArrowLeft' };

export interface SplitterProps {
  readonly panel: SplitPanel;
  readonly grows: Grows;
  /** The panel's smallest and largest size (px), for assistive technology and a drag from collapsed. */
  readonly least: number;
  readonly most: number;
  readonly className: string;
  /** What the edge resizes, as a screen reader says it. */
  readonly label: string;
}

export function Splitter({ panel, grows, least, most, className, label }: SplitterProps) {
  const drag = useRef<{ start: number; startSize: number; pointer: number } | undefined>(undefined);
  const size = panel.collapsed ? 0 : panel.size;
  // The pointer's coordinate along the panel's size, signed so that growing is positive.
  const along = (event: PointerEvent): number => (grows === 'up' ? -event.clientY : grows === 'left' ? -event.clientX : event.clientX);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    // From the size drawn, which can be less than the one chosen (the dock gives way to a lesson's
    // canvas): the edge then moves with the pointer from its first pixel.
    const box = event.currentTarget.parentElement?.getBoundingClientRect();
    const drawn = box ? Math.round(grows === 'up' ? box.height : box.width) : panel.size;
    drag.current = { start: along(event), startSize: panel.collapsed ? least : Math.min(panel.size, drawn), pointer: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const now = drag.current;
    if (!now || now.pointer !== event.pointerId || along(event) === now.start) return;
    panel.resize(now.startSize + along(event) - now.start, false);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    const now = drag.current;
    drag.current = undefined;
    // A click without a move changes nothing (a double-click toggles).
    if (!now || along(event) === now.start) return;
    panel.resize(now.startSize + along(event) - now.start, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? BIG_KEY_STEP : KEY_STEP;
    if (event.key === GROW_KEY[grows]) {
      if (panel.collapsed) panel.toggle();
      else panel.resize(size + step, true);
    } else if (event.key === SHRINK_KEY[grows]) {
      if (!panel.collapsed) panel.resize(size - step, true);
    } else if (event.key === 'Enter') panel.toggle();
    else return;
    event.preventDefault();
  };

  return (
    <div
      className={className}
      role="separator"
      aria-orientation={grows === 'up' ? 'horizontal' : 'vertical'}
      aria-label={`${label} (double-click to collapse or expand)`}
      aria-valuenow={size}
      aria-valuemin={0}
      aria-valuemax={Math.max(least, most)}
      tabIndex={0}
      title="Drag to resize; double-click to collapse or expand"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (drag.current = undefined)}
      onDoubleClick={() => panel.toggle()}
      onKeyDown={onKeyDown}
    />
  );
}
