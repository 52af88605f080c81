/**
 * A wire drawn through its reroute points (src-shared/graph/reroutes.ts; the shape is
 * routedPath.ts). Double-click the wire to add a point where you clicked, in the stretch you
 * clicked; drag a point to move it (one undo entry per drag); click a point to select it and
 * press Delete or Backspace, or double-click it, to remove it.
 */
import { BaseEdge, EdgeLabelRenderer, useReactFlow, type Edge, type EdgeProps } from '@xyflow/react';
import { memo, useState, type MouseEvent } from 'react';
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

export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps<RoutedFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, interactionWidth, data } = props;
  const store = useEditorStore();
  const flow = useReactFlow();
  const stored = useEditor((state) => reroutePointsOf(state.document, id));
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
