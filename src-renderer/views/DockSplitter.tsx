/**
 * The dock's top edge: drag it to resize the dock, double-click it (or press Enter on it) to
 * collapse or expand; with the keyboard, the arrow keys move it (Shift: in larger steps).
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_DOCK_HEIGHT, RESERVED_ABOVE_DOCK, type DockControls } from './dockSize';

const KEY_STEP = 16;
const BIG_KEY_STEP = 64;

export function DockSplitter({ dock }: { dock: DockControls }) {
  const drag = useRef<{ startY: number; startHeight: number; pointer: number } | undefined>(undefined);
  const height = dock.collapsed ? 0 : dock.height;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startHeight: dock.collapsed ? MIN_DOCK_HEIGHT : dock.height, pointer: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const now = drag.current;
    if (!now || now.pointer !== event.pointerId || event.clientY === now.startY) return;
    dock.resize(now.startHeight + now.startY - event.clientY, false);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    const now = drag.current;
    drag.current = undefined;
    // A click without a move changes nothing (a double-click toggles).
    if (!now || event.clientY === now.startY) return;
    dock.resize(now.startHeight + now.startY - event.clientY, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? BIG_KEY_STEP : KEY_STEP;
    if (event.key === 'ArrowUp') {
      if (dock.collapsed) dock.toggle();
      else dock.resize(height + step, true);
    } else if (event.key === 'ArrowDown') {
      if (!dock.collapsed) dock.resize(height - step, true);
    }
    else if (event.key === 'Enter') dock.toggle();
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="dock-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the dock (double-click to collapse or expand)"
      aria-valuenow={height}
      aria-valuemin={0}
      aria-valuemax={Math.max(MIN_DOCK_HEIGHT, window.innerHeight - RESERVED_ABOVE_DOCK)}
      tabIndex={0}
      title="Drag to resize; double-click to collapse or expand"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (drag.current = undefined)}
      onDoubleClick={() => dock.toggle()}
      onKeyDown={onKeyDown}
    />
  );
}
