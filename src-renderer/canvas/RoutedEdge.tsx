/**
 * A wire drawn through its reroute points (src-shared/graph/reroutes.ts; the shape is
 * routedPath.ts). Double-click the wire to add a point where you clicked, in the stretch you
 * clicked; drag a point to move it (one undo entry per drag); click a point to select it and
 * press Delete or Backspace, or double-click it, to remove it.
 */
import { BaseEdge, EdgeLabelRenderer, useReactFlow, useStore, type Edge, type EdgeProps } from '@xyflow/react';
import { memo, useState, type MouseEvent } from 'react';
import type { GraphNode } from '../../src-shared/graph/document';
import { reroutePointsOf } from '../../src-shared/graph/reroutes';
import { useEditor, useEditorStore } from '../store/context';
import { ReroutePoint } from './ReroutePoint';
import { curvesPath, insertionIndex, routedCurves, type Point } from './routedPath';

export interface RoutedEdgeData extends Record<string, unknown> {
  /** The type of the value the wire carries (its colour), as the edge's `type-…` class says. */
  readonly dataType: string;
}

export type RoutedFlowEdge = Edge<RoutedEdgeData, 'routed'>;

/** Flow coordinates are kept whole in the file, as node positions are. */
function whole(point: Point): Point {
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

const positionsCache = new WeakMap<readonly GraphNode[], ReadonlyMap<string, Point | undefined>>();

/** A node's position in the document (one lookup table per node list, shared by every wire). */
function documentPosition(nodes: readonly GraphNode[], id: string): Point | undefined {
  let positions = positionsCache.get(nodes);
  if (!positions) positionsCache.set(nodes, (positions = new Map(nodes.map((node) => [node.id, node.position]))));
  return positions.get(id);
}

/** How far a node being dragged is from where the document has it; undefined when it is not being dragged. */
function useDragStep(id: string): Point | undefined {
  const saved = useEditor((state) => documentPosition(state.document.nodes, id));
  const live = useStore((flow) => {
    const node = flow.nodeLookup.get(id);
    return node?.dragging ? node.position : undefined;
  });
  if (!live) return undefined;
  return { x: live.x - (saved?.x ?? 0), y: live.y - (saved?.y ?? 0) };
}

export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps<RoutedFlowEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, interactionWidth, data } = props;
  const store = useEditorStore();
  const flow = useReactFlow();
  const saved = useEditor((state) => reroutePointsOf(state.document, id));
  // While both ends are dragged together the points ride along, as the move command will put them.
  const sourceStep = useDragStep(source);
  const targetStep = useDragStep(target);
  // Within half a pixel: (x + d) − x is not always d in floating point.
  const together = sourceStep && targetStep && Math.abs(sourceStep.x - targetStep.x) < 0.5 && Math.abs(sourceStep.y - targetStep.y) < 0.5;
  const riding = together ? sourceStep : undefined;
  const stored = riding ? saved.map((point) => ({ x: point.x + riding.x, y: point.y + riding.y })) : saved;
  // The point being dragged is drawn where the pointer is; the document changes once, on release.
  const [dragged, setDragged] = useState<{ readonly index: number; readonly point: Point }>();
  const points = dragged && dragged.index < stored.length ? stored.map((point, index) => (index === dragged.index ? dragged.point : point)) : stored;
  const curves = routedCurves({ source: { x: sourceX, y: sourceY }, sourcePosition, target: { x: targetX, y: targetY }, targetPosition }, points);

  const onDoubleClick = (event: MouseEvent) => {
    event.stopPropagation();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    store.getState().dispatch({ kind: 'addReroute', edge: id, index: insertionIndex(curves, at), point: whole(at) });
  };

  return (
    <>
      <g onDoubleClick={onDoubleClick}>
        <BaseEdge id={id} path={curvesPath(curves)} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      </g>
      {points.length > 0 && (
        <EdgeLabelRenderer>
          {points.map((point, index) => (
            <ReroutePoint
              key={index}
              edge={id}
              index={index}
              point={point}
              dataType={data?.dataType ?? 'any'}
              toFlow={(client) => flow.screenToFlowPosition(client)}
              onDrag={(at) => setDragged({ index, point: whole(at) })}
              onDrop={(at) => {
                store.getState().dispatch({ kind: 'moveReroute', edge: id, index, point: whole(at) });
                setDragged(undefined);
              }}
              onCancel={() => setDragged(undefined)}
              onRemove={() => store.getState().dispatch({ kind: 'removeReroute', edge: id, index })}
            />
          ))}
        </EdgeLabelRenderer>
      )}
    </>
  );
});
