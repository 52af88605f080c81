/**
 * One reroute point of a wire, as a small dot over the canvas (drawn in React Flow's edge label
 * layer, in flow coordinates). A press that moves more than a few pixels is a drag, reported on
 * each move and once on release; a click focuses the dot, which is its selection: Delete or
 * Backspace then removes it, as a double-click does. The dot takes those keys for itself, so
 * the canvas's Delete does not also remove the selected nodes.
 */
import { useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { Point } from './routedPath';

/** Pixels a press must travel before it is a drag rather than a click. */
const DRAG_THRESHOLD = 3;

export interface ReroutePointProps {
  readonly edge: string;
  readonly index: number;
  readonly point: Point;
  readonly dataType: string;
  /** A point on screen in flow coordinates (the view may be panned and zoomed). */
  toFlow(client: Point): Point;
  onDrag(at: Point): void;
  onDrop(at: Point): void;
  onCancel(): void;
  onRemove(): void;
}

export function ReroutePoint({ edge, index, point, dataType, toFlow, onDrag, onDrop, onCancel, onRemove }: ReroutePointProps) {
  const press = useRef<{ readonly pointer: number; readonly client: Point; dragging: boolean } | undefined>(undefined);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    press.current = { pointer: event.pointerId, client: { x: event.clientX, y: event.clientY }, dragging: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = press.current;
    if (current?.pointer !== event.pointerId) return;
    const far = Math.hypot(event.clientX - current.client.x, event.clientY - current.client.y) > DRAG_THRESHOLD;
    if (!current.dragging && !far) return;
    current.dragging = true;
    onDrag(toFlow({ x: event.clientX, y: event.clientY }));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const current = press.current;
    if (current?.pointer !== event.pointerId) return;
    press.current = undefined;
    if (current.dragging) onDrop(toFlow({ x: event.clientX, y: event.clientY }));
  };
  const onPointerCancel = () => {
    if (press.current?.dragging) onCancel();
    press.current = undefined;
  };
  const onDoubleClick = (event: MouseEvent) => {
    event.stopPropagation();
    onRemove();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      event.stopPropagation();
      onRemove();
    } else if (event.key === 'Escape') {
      event.currentTarget.blur();
    }
  };

  return (
    <div
      className={`cl-reroute nodrag nopan type-${dataType}`}
      style={{ transform: `translate(-50%, -50%) translate(${point.x}px, ${point.y}px)` }}
      role="button"
      tabIndex={0}
      aria-label={`Reroute point ${index + 1} of wire ${edge}`}
      title="Drag to move; Delete or double-click to remove"
      data-edge={edge}
      data-index={index}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onDoubleClick={onDoubleClick}
      onKeyDown={onKeyDown}
    />
  );
}
